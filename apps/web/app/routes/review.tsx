import { PageHeader, textLinkClasses } from '@clearframe/ui';
import { Link } from 'react-router';
import { ReviewQueueTable } from '../components/review-queue';
import { requireOperator } from '../lib/operator.server';
import { loadQueue } from '../lib/review.server';
import { requireViewer } from '../lib/viewer.server';
import type { Route } from './+types/review';

export const meta: Route.MetaFunction = () => [{ title: 'Review queue · Clearframe' }];

export async function loader({ request, context }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  requireOperator(viewer);
  return loadQueue(viewer, request);
}

export default function ReviewQueuePage({ loaderData }: Route.ComponentProps) {
  const { items, nextCursor, cursor } = loaderData;
  return (
    <div>
      <PageHeader
        eyebrow="Operations"
        title="Review queue"
        description="Submitted clips, oldest first. Check the preview, the people and their releases, the policy and any duplicates, then approve or reject with a reason."
      />
      <ReviewQueueTable items={items} />
      <p className="mt-4 flex gap-4 text-sm">
        {cursor && (
          <Link to="/review" className={textLinkClasses}>
            Back to the oldest
          </Link>
        )}
        {nextCursor && (
          <Link to={`/review?cursor=${encodeURIComponent(nextCursor)}`} className={textLinkClasses}>
            More clips
          </Link>
        )}
      </p>
    </div>
  );
}
