import { problemTypeUri, type ProblemCode } from '@clearframe/contracts/problem';
import {
  CompleteUpload,
  CreateUpload,
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyKey,
  SignUploadParts,
} from '@clearframe/contracts/supply';
import type { z } from 'zod';
import type { ApiProblemType, ApiResult } from '../lib/api/client.server';
import { uploadsApi } from '../lib/api/uploads.server';
import { problemMessage } from '../lib/form-errors';
import { getViewer, type Viewer } from '../lib/viewer.server';
import type { Route } from './+types/studio-uploads';

// The studio's Uppy signs its multipart upload through these same-origin JSON routes (decision
// 014): the browser holds no API credential, and these writes pass the root's origin check like
// every form. Each relays one call to the API with the session's token; footage bytes never
// come here, only part numbers and ETags.

const NO_STORE = { 'Cache-Control': 'no-store' };

function problemResponse(problem: ApiProblemType, status = problem.status): Response {
  // `detail` is what Uppy shows next to the file: the sentence people read, not the title.
  return Response.json(
    { ...problem, detail: problemMessage(problem) },
    { status, headers: { ...NO_STORE, 'Content-Type': 'application/problem+json' } },
  );
}

function problemOf(code: ProblemCode, status: number, title: string, detail?: string) {
  return problemResponse({ type: problemTypeUri(code), title, status, code, detail });
}

/** The API's answer, as is: its status, and its body or its problem. */
function relay<T>(result: ApiResult<T>): Response {
  if (!result.ok) return problemResponse(result.problem, result.status);
  if (result.status === 204) return new Response(null, { status: 204, headers: NO_STORE });
  return Response.json(result.data, { status: result.status, headers: NO_STORE });
}

/** The signed-in member of a creator organization, or the problem to answer instead. */
function creatorMember(
  context: Route.LoaderArgs['context'],
  orgId: string,
): { viewer: Viewer } | { response: Response } {
  const viewer = getViewer(context);
  if (!viewer) return { response: problemOf('unauthenticated', 401, 'Sign-in required') };
  const org = viewer.me.organizations.find((candidate) => candidate.id === orgId);
  // Not a member, or not a studio: the API would answer 404 as well, so do not ask it.
  if (!org || org.kind !== 'creator') return { response: problemOf('not_found', 404, 'Not found') };
  return { viewer };
}

async function readJson<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<{ data: z.output<S> } | { response: Response }> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return { response: problemOf('malformed_request', 400, 'Malformed request') };
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return { data: parsed.data };
  return {
    response: problemResponse({
      type: problemTypeUri('validation_failed'),
      title: 'Validation failed',
      status: 422,
      code: 'validation_failed',
      detail: parsed.error.issues.map((issue) => issue.message).join(' '),
      errors: parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
        code: issue.code,
      })),
    }),
  };
}

/** `GET …/uploads/:uploadId/parts`: the parts storage already holds, for resuming. */
export async function loader({ context, params }: Route.LoaderArgs) {
  const member = creatorMember(context, params.orgId);
  if ('response' in member) return member.response;
  if (!params.uploadId || params.step !== 'parts')
    return problemOf('route_not_found', 404, 'No such route');
  return relay(await uploadsApi.listParts(member.viewer.token, params.orgId, params.uploadId));
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const member = creatorMember(context, params.orgId);
  if ('response' in member) return member.response;
  const { token } = member.viewer;
  const { orgId, uploadId, step } = params;
  const method = request.method.toUpperCase();

  if (!uploadId && method === 'POST') {
    const key = request.headers.get(IDEMPOTENCY_KEY_HEADER);
    const parsedKey = key === null ? null : IdempotencyKey.safeParse(key);
    if (parsedKey && !parsedKey.success)
      return problemOf('validation_failed', 422, 'Validation failed', 'Invalid Idempotency-Key.');
    const body = await readJson(request, CreateUpload);
    if ('response' in body) return body.response;
    return relay(await uploadsApi.create(token, orgId, body.data, parsedKey?.data));
  }
  if (uploadId && step === 'parts' && method === 'POST') {
    const body = await readJson(request, SignUploadParts);
    if ('response' in body) return body.response;
    return relay(await uploadsApi.signParts(token, orgId, uploadId, body.data));
  }
  if (uploadId && step === 'complete' && method === 'POST') {
    const body = await readJson(request, CompleteUpload);
    if ('response' in body) return body.response;
    return relay(await uploadsApi.complete(token, orgId, uploadId, body.data));
  }
  if (uploadId && !step && method === 'DELETE')
    return relay(await uploadsApi.abort(token, orgId, uploadId));
  return problemOf('method_not_allowed', 405, 'Method not allowed');
}
