import { notFound, type Viewer } from './viewer.server';

/** Only operators see the review queue; anyone else gets the 404 the API would answer. */
export function requireOperator(viewer: Viewer): void {
  if (!viewer.me.user.isOperator) throw notFound('The review queue is for Clearframe operators.');
}
