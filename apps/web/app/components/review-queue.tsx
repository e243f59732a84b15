import type { ReviewQueueItemType } from '@clearframe/contracts/supply';
import { Badge, Table, textLinkClasses } from '@clearframe/ui';
import { Link } from 'react-router';
import { formatDuration, formatResolution } from '../lib/clip-labels';
import { formatDateTime } from '../lib/labels';

/** The operators' queue as a table: oldest submission first, flags where a reviewer must look. */
export function ReviewQueueTable({ items }: { items: ReviewQueueItemType[] }) {
  return (
    <Table<ReviewQueueItemType>
      caption="Clips waiting for review"
      captionHidden
      rows={items}
      rowKey={(item) => item.clip.id}
      empty={
        <div className="space-y-1">
          <p className="font-medium text-slate-900">Nothing to review.</p>
          <p>Clips creators submit appear here, oldest first.</p>
        </div>
      }
      columns={[
        {
          key: 'clip',
          header: 'Clip',
          rowHeader: true,
          cell: (item) => (
            <div className="flex items-center gap-3">
              {item.clip.thumbnailUrl ? (
                <img
                  src={item.clip.thumbnailUrl}
                  alt=""
                  width={96}
                  height={54}
                  className="h-[54px] w-24 shrink-0 rounded-md bg-slate-200 object-cover"
                />
              ) : (
                <span
                  aria-hidden="true"
                  className="h-[54px] w-24 shrink-0 rounded-md bg-slate-100"
                />
              )}
              <div className="min-w-0">
                <Link to={`/review/${item.clip.id}`} className={textLinkClasses}>
                  {item.clip.title}
                </Link>
                <p className="text-xs font-normal text-slate-600">{item.clip.orgName}</p>
              </div>
            </div>
          ),
        },
        {
          key: 'submitted',
          header: 'Submitted',
          nowrap: true,
          cell: (item) => (item.clip.submittedAt ? formatDateTime(item.clip.submittedAt) : '—'),
        },
        {
          key: 'media',
          header: 'Media',
          nowrap: true,
          cell: (item) =>
            `${formatDuration(item.clip.durationMs)} · ${formatResolution(item.clip.width, item.clip.height)}`,
        },
        {
          key: 'flags',
          header: 'Check',
          cell: (item) => (
            <div className="flex flex-wrap gap-1">
              {item.duplicates.length > 0 && (
                <Badge tone="danger">
                  {item.duplicates.length} possible duplicate
                  {item.duplicates.length === 1 ? '' : 's'}
                </Badge>
              )}
              {item.people.length > 0 && (
                <Badge tone={item.people.every((p) => p.status === 'released') ? 'info' : 'danger'}>
                  {item.people.length} {item.people.length === 1 ? 'person' : 'people'}
                </Badge>
              )}
              {item.previousReviews.length > 0 && <Badge tone="neutral">Resubmitted</Badge>}
              {item.duplicates.length === 0 && item.people.length === 0 && (
                <span className="text-xs text-slate-600">No flags</span>
              )}
            </div>
          ),
        },
      ]}
    />
  );
}
