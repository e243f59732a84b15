import { Id } from '@clearframe/contracts/common';
import { problemTypeUri, type ProblemCode } from '@clearframe/contracts/problem';
import { certificatesApi } from '../lib/api/certificates.server';
import type { Route } from './+types/verify-status';

// The /verify page's live-status look-up once JavaScript runs: the browser asks this site (same
// origin, so no CORS and the API address stays private) and this relays the API's public
// `GET /v1/certificates/:id`. Nothing is cached: a revocation must show at once.

const NO_STORE = { 'Cache-Control': 'no-store' };

function problem(code: ProblemCode, status: number, title: string): Response {
  return Response.json(
    { type: problemTypeUri(code), title, status, code },
    { status, headers: { ...NO_STORE, 'Content-Type': 'application/problem+json' } },
  );
}

export async function loader({ request, params }: Route.LoaderArgs) {
  if (!Id.safeParse(params.id).success)
    return problem('not_found', 404, 'No certificate has this id.');
  let result: Awaited<ReturnType<typeof certificatesApi.status>>;
  try {
    result = await certificatesApi.status(params.id, request);
  } catch (error) {
    if (error instanceof Response)
      return problem('service_unavailable', 503, 'Clearframe cannot be reached right now.');
    throw error;
  }
  if (result.ok) return Response.json(result.data, { headers: NO_STORE });
  if (result.status === 404) return problem('not_found', 404, 'No certificate has this id.');
  return problem('service_unavailable', 503, 'The certificate status could not be read.');
}
