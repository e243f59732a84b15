import { CLIP_CATEGORIES, CLIP_STATES, type StudioClipType } from '@clearframe/contracts/supply';
import {
  Alert,
  Badge,
  Card,
  FormField,
  Input,
  Select,
  Table,
  cx,
  focusRing,
  textLinkClasses,
} from '@clearframe/ui';
import { Form, Link, useRevalidator } from 'react-router';
import {
  CATEGORY_LABELS,
  clipStateLabel,
  clipStateTone,
  formatDuration,
  formatResolution,
  isInFlight,
  processingPercent,
  processingStepLabel,
} from '../lib/clip-labels';
import type { FormFailure } from '../lib/form-errors';
import { useHydrated, usePollWhile } from '../lib/use-poll';
import { FormErrorAlert, SubmitButton } from './forms';
import { StudioUploader } from './studio-uploader';

/** The loader data the studio view needs (the studio page's, or the home page's for a creator). */
export interface StudioViewData {
  org: { id: string; name: string };
  state: (typeof CLIP_STATES)[number] | null;
  cursor: string | null;
  clips: StudioClipType[];
  nextCursor: string | null;
  templates: Array<{ id: string; title: string; description: string }>;
  currency: string;
}

export type BulkActionData =
  | { failure: FormFailure; done: null }
  | { failure: null; done: { count: number; applied: string[] } };

function studioPath(orgId: string, params: Record<string, string | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  const text = search.toString();
  return `/studio/${orgId}${text ? `?${text}` : ''}`;
}

function Thumbnail({ clip }: { clip: StudioClipType }) {
  return clip.thumbnailUrl ? (
    <img
      src={clip.thumbnailUrl}
      alt=""
      width={96}
      height={54}
      loading="lazy"
      className="h-[54px] w-24 shrink-0 rounded-md bg-slate-200 object-cover"
    />
  ) : (
    <span
      aria-hidden="true"
      className="flex h-[54px] w-24 shrink-0 items-center justify-center rounded-md bg-slate-100 text-xs text-slate-500"
    >
      {isInFlight(clip.state) ? '…' : 'No image'}
    </span>
  );
}

function StateCell({ clip }: { clip: StudioClipType }) {
  return (
    <div className="space-y-1">
      <Badge tone={clipStateTone(clip.state)}>{clipStateLabel(clip.state)}</Badge>
      {clip.state === 'processing' && (
        <div className="space-y-1">
          <progress
            className="block h-1.5 w-32 accent-indigo-700"
            max={100}
            value={processingPercent(clip.processingStep)}
            aria-label={`Processing ${clip.title}`}
          />
          <p className="text-xs text-slate-600">{processingStepLabel(clip.processingStep)}</p>
        </div>
      )}
      {(clip.state === 'draft' || clip.state === 'delisted') && (
        <p className="text-xs text-slate-600">Open it to describe it and submit it for review.</p>
      )}
      {clip.state === 'uploading' && (
        <p className="text-xs text-slate-600">Sending the file; progress is in the uploader.</p>
      )}
      {clip.rejection && (clip.state === 'failed' || clip.state === 'rejected') && (
        <p className="max-w-xs text-xs font-medium text-red-800">
          <span className="sr-only">Why: </span>
          {clip.rejection.message}
        </p>
      )}
    </div>
  );
}

function StateFilter({ orgId, current }: { orgId: string; current: StudioViewData['state'] }) {
  const options: Array<[string | null, string]> = [
    [null, 'All'],
    ...CLIP_STATES.map((state) => [state, clipStateLabel(state)] as [string, string]),
  ];
  return (
    <nav aria-label="Filter clips by state" className="mb-4">
      <ul className="flex flex-wrap gap-2">
        {options.map(([state, label]) => {
          const active = state === current;
          return (
            <li key={label}>
              <Link
                to={studioPath(orgId, { state })}
                aria-current={active ? 'page' : undefined}
                className={cx(
                  'inline-block rounded-full px-3 py-1 text-sm font-medium no-underline ring-1 ring-inset',
                  focusRing,
                  active
                    ? 'bg-indigo-700 text-white ring-indigo-700'
                    : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50',
                )}
              >
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function EmptyClips({ orgId, state }: { orgId: string; state: StudioViewData['state'] }) {
  if (state)
    return (
      <p>
        No clips are {clipStateLabel(state).toLowerCase()} right now.{' '}
        <Link to={studioPath(orgId, {})} className={textLinkClasses}>
          Show all clips
        </Link>
      </p>
    );
  return (
    <div className="space-y-1">
      <p className="font-medium text-slate-900">No clips yet.</p>
      <p>
        Drop video files or a whole folder on the uploader above. Each file becomes a clip: while
        Clearframe checks it, describe it, name the people in it, set its license and submit it for
        review.
      </p>
    </div>
  );
}

function BulkPanel({
  data,
  failure,
}: {
  data: StudioViewData;
  failure: FormFailure | null | undefined;
}) {
  const values = failure?.values ?? {};
  return (
    <fieldset className="space-y-4 rounded-lg border border-slate-200 bg-slate-50 p-4">
      <legend className="px-1 text-sm font-semibold text-slate-900">
        Apply to the selected clips
      </legend>
      <p className="text-sm text-slate-600">
        Tick clips in the table, choose what to change, then apply. Every selected clip changes, or
        none does.
      </p>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <FormField label="License template" error={failure?.fieldErrors.templateId}>
          <Select name="templateId" defaultValue={values.templateId ?? ''}>
            <option value="">Keep each clip’s policy</option>
            {data.templates.map((template) => (
              <option key={template.id} value={template.id}>
                {template.title}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField
          label={`Rate per minute (${data.currency})`}
          hint="With a template"
          error={failure?.fieldErrors.ratePerMinute}
        >
          <Input
            name="ratePerMinute"
            inputMode="decimal"
            placeholder="4.50"
            defaultValue={values.ratePerMinute}
          />
        </FormField>
        <FormField label="Add tags" hint="Separated by commas" error={failure?.fieldErrors.addTags}>
          <Input name="addTags" placeholder="city, night" defaultValue={values.addTags} />
        </FormField>
        <FormField label="Category" error={failure?.fieldErrors.category}>
          <Select name="category" defaultValue={values.category ?? ''}>
            <option value="">Keep each clip’s category</option>
            {CLIP_CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {CATEGORY_LABELS[category]}
              </option>
            ))}
          </Select>
        </FormField>
      </div>
      {failure?.fieldErrors.clipIds && (
        <p className="text-sm font-medium text-red-700">{failure.fieldErrors.clipIds}</p>
      )}
      <SubmitButton intent="bulk" loadingText="Applying…">
        Apply to selected clips
      </SubmitButton>
    </fieldset>
  );
}

/**
 * A creator organization's clips: the uploader, a state filter, the clip table (thumbnail,
 * title, state with progress or the reason it was refused, duration, resolution, policy) and
 * the bulk form around it. The table reloads by itself while anything is uploading or processing.
 */
export function StudioView({
  data,
  actionData,
}: {
  data: StudioViewData;
  actionData?: BulkActionData;
}) {
  const hydrated = useHydrated();
  const revalidator = useRevalidator();
  const action = studioPath(data.org.id, { state: data.state, cursor: data.cursor });
  usePollWhile(data.clips.some((clip) => isInFlight(clip.state)));

  return (
    <div className="space-y-6">
      <Card
        title="Upload footage"
        description="Files go straight to storage in parts; a reload resumes where it stopped. Clearframe then checks each file and makes a watermarked preview."
      >
        {hydrated ? (
          <StudioUploader orgId={data.org.id} onChange={() => void revalidator.revalidate()} />
        ) : (
          <p className="text-sm text-slate-700">
            The uploader starts when the page has loaded. It needs JavaScript; everything else in
            the studio works without it.
          </p>
        )}
      </Card>

      <Card title="Clips">
        <StateFilter orgId={data.org.id} current={data.state} />
        {actionData?.done && (
          <Alert tone="success" className="mb-4">
            Updated {actionData.done.count} clip{actionData.done.count === 1 ? '' : 's'} (
            {actionData.done.applied.join(', ')}).
          </Alert>
        )}
        <Form method="post" action={action} className="space-y-4">
          <FormErrorAlert failure={actionData?.failure} title="Nothing was changed" />
          <Table<StudioClipType>
            caption={`Clips of ${data.org.name}`}
            captionHidden
            rows={data.clips}
            rowKey={(clip) => clip.id}
            empty={<EmptyClips orgId={data.org.id} state={data.state} />}
            columns={[
              {
                key: 'select',
                header: 'Select',
                hideHeader: true,
                cell: (clip) => (
                  <input
                    type="checkbox"
                    name="clipId"
                    value={clip.id}
                    aria-label={`Select ${clip.title}`}
                    className="size-4 accent-indigo-700"
                  />
                ),
              },
              {
                key: 'clip',
                header: 'Clip',
                rowHeader: true,
                cell: (clip) => (
                  <div className="flex items-center gap-3">
                    <Thumbnail clip={clip} />
                    <div className="min-w-0">
                      <Link
                        to={`/studio/${data.org.id}/clips/${clip.id}`}
                        className={textLinkClasses}
                      >
                        {clip.title}
                      </Link>
                      <p className="truncate text-xs font-normal text-slate-600">{clip.fileName}</p>
                    </div>
                  </div>
                ),
              },
              { key: 'state', header: 'State', cell: (clip) => <StateCell clip={clip} /> },
              {
                key: 'duration',
                header: 'Duration',
                nowrap: true,
                cell: (clip) => formatDuration(clip.durationMs),
              },
              {
                key: 'resolution',
                header: 'Resolution',
                nowrap: true,
                cell: (clip) => formatResolution(clip.width, clip.height),
              },
              {
                key: 'policy',
                header: 'Policy',
                cell: (clip) =>
                  clip.policy ? (
                    <span className="text-xs">{clip.policy.text}</span>
                  ) : (
                    <span className="text-xs text-slate-600">No policy yet</span>
                  ),
              },
            ]}
          />
          {(data.nextCursor || data.cursor) && (
            <p className="flex flex-wrap gap-4 text-sm">
              {data.cursor && (
                <Link
                  to={studioPath(data.org.id, { state: data.state })}
                  className={textLinkClasses}
                >
                  Back to the newest clips
                </Link>
              )}
              {data.nextCursor && (
                <Link
                  to={studioPath(data.org.id, { state: data.state, cursor: data.nextCursor })}
                  className={textLinkClasses}
                >
                  Older clips
                </Link>
              )}
            </p>
          )}
          {data.clips.length > 0 && <BulkPanel data={data} failure={actionData?.failure} />}
        </Form>
      </Card>
    </div>
  );
}
