import { reviewApi } from './api/review.server';
import { throwProblem, type Viewer } from './viewer.server';

/** One page of the review queue (`?cursor=`); shared by the queue page and an operator's home. */
export async function loadQueue(viewer: Viewer, request: Request) {
  const cursor = new URL(request.url).searchParams.get('cursor') || undefined;
  const queue = await reviewApi.queue(viewer.token, cursor);
  if (!queue.ok) throwProblem(queue.problem, request);
  return { items: queue.data.items, nextCursor: queue.data.nextCursor, cursor: cursor ?? null };
}
