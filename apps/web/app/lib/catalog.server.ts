import { catalogApi } from './api/catalog.server';
import { throwProblem, type Viewer } from './viewer.server';

/** One page of the public catalog (`?cursor=`), newest first; shared with a lab's home page. */
export async function loadCatalog(viewer: Viewer | null, request: Request) {
  const cursor = new URL(request.url).searchParams.get('cursor') || undefined;
  const page = await catalogApi.list(viewer?.token ?? null, cursor);
  if (!page.ok) throwProblem(page.problem, request);
  return { items: page.data.items, nextCursor: page.data.nextCursor, cursor: cursor ?? null };
}
