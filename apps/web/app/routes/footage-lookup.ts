import { FootageSha256 } from '@clearframe/contracts/demand';
import { problemTypeUri, type ProblemCode } from '@clearframe/contracts/problem';
import { footageApi } from '../lib/api/footage.server';
import type { Route } from './+types/footage-lookup';

// The /footage page's look-up once JavaScript runs: the browser sends only the hash it computed
// (never the file) to this site, which relays the API's public `GET /v1/footage/:sha256`.
// Not cached: a certificate revoked a minute ago must show as revoked.

const NO_STORE = { 'Cache-Control': 'no-store' };

function problem(code: ProblemCode, status: number, title: string): Response {
  return Response.json(
    { type: problemTypeUri(code), title, status, code },
    { status, headers: { ...NO_STORE, 'Content-Type': 'application/problem+json' } },
  );
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const sha256 = FootageSha256.safeParse(params.sha256);
  if (!sha256.success) return problem('validation_failed', 422, 'A SHA-256 is 64 hex characters.');
  let result: Awaited<ReturnType<typeof footageApi.lookup>>;
  try {
    result = await footageApi.lookup(sha256.data, request);
  } catch (error) {
    if (error instanceof Response)
      return problem('service_unavailable', 503, 'Clearframe cannot be reached right now.');
    throw error;
  }
  if (result.ok) return Response.json(result.data, { headers: NO_STORE });
  return problem('service_unavailable', 503, 'The look-up could not be made just now.');
}
