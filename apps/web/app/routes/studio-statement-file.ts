import { statementsApi } from '../lib/api/statements.server';
import { requireStudio } from '../lib/studio.server';
import { notFound, requireViewer } from '../lib/viewer.server';
import type { Route } from './+types/studio-statement-file';

const FORMATS = { pdf: 'application/pdf', csv: 'text/csv; charset=utf-8' } as const;

/** A statement's PDF or CSV for the person's browser, streamed from the API with their session. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const org = requireStudio(viewer, params.orgId);
  const format = params.format as keyof typeof FORMATS;
  if (!Object.hasOwn(FORMATS, format)) throw notFound();
  const upstream = await statementsApi.document(viewer.token, org.id, params.statementId, format);
  if (!upstream.ok || !upstream.body) {
    await upstream.body?.cancel();
    throw new Response('We could not find that statement.', { status: 404 });
  }
  return new Response(upstream.body, {
    headers: {
      'Content-Type': FORMATS[format],
      'Content-Disposition':
        upstream.headers.get('content-disposition') ?? `attachment; filename="statement.${format}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
