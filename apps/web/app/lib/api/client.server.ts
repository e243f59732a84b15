import {
  PROBLEM_STATUS,
  Problem,
  problemTypeUri,
  type ProblemCode,
  type ProblemType,
} from '@clearframe/contracts/problem';
import { z } from 'zod';
import { env } from '../env.server';

// The request core every domain client (auth, orgs, invitations, api-keys) is built on: one
// place for headers, timeouts, contract checks and turning errors into problems.

// The contract's `reason` (why a session ended) is an enum; the web accepts any short string so
// a reason a newer API adds still parses (it then gets the general notice).
const ApiProblem = Problem.extend({ reason: z.string().max(64).optional() });
export type ApiProblemType = Omit<ProblemType, 'reason'> & { reason?: string };

export type ApiResult<T> =
  { ok: true; status: number; data: T } | { ok: false; status: number; problem: ApiProblemType };

export interface RequestOptions<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Session token (or API key) sent as `Authorization: Bearer`. */
  token?: string | null;
  body?: unknown;
  /** Response schema; omitted for 204 endpoints. */
  schema?: z.ZodType<T>;
  /** The browser's request, whose client headers are passed on (see `clientHeaders`). */
  from?: Request;
  /** Extra request headers a route defines, such as `Idempotency-Key`. */
  headers?: Record<string, string>;
}

/**
 * Headers that tell the API who the person is rather than who the web server is: the API rate
 * limits sign-in, sign-up and password reset per client address and records the user agent on
 * sessions. Without them every visitor would share the web server's address and one bucket.
 * The API decides how far to trust X-Forwarded-For (its proxy setting); the web only relays it.
 */
export function clientHeaders(from: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  const forwardedFor = from.headers.get('x-forwarded-for');
  const userAgent = from.headers.get('user-agent');
  if (forwardedFor) headers['X-Forwarded-For'] = forwardedFor;
  if (userAgent) headers['User-Agent'] = userAgent;
  return headers;
}

// Nothing the web does should wait on the API longer than a person waits for a page.
const TIMEOUT_MS = 15_000;

/**
 * Turns an error response into a problem even when it is not problem+json (a proxy's HTML 502,
 * an empty body), so callers always branch on a stable `code`.
 */
function fallbackProblem(status: number, statusText: string): ProblemType {
  const code =
    (Object.entries(PROBLEM_STATUS).find(([, value]) => value === status)?.[0] as
      ProblemCode | undefined) ?? (status >= 500 ? 'internal_error' : 'malformed_request');
  return { type: problemTypeUri(code), title: statusText || 'Request failed', status, code };
}

/** One call to the Clearframe API. Server-side only: loaders, actions and middleware. */
export async function apiRequest<T = undefined>(
  path: string,
  options: RequestOptions<T> = {},
): Promise<ApiResult<T>> {
  const headers = new Headers({
    ...(options.from ? clientHeaders(options.from) : {}),
    ...options.headers,
    Accept: 'application/json, application/problem+json',
  });
  if (options.token) headers.set('Authorization', `Bearer ${options.token}`);
  if (options.body !== undefined) headers.set('Content-Type', 'application/json');
  let response: Response;
  try {
    response = await fetch(new URL(path, env.API_URL), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'manual',
    });
  } catch (cause) {
    // An unreachable API is an outage, not a bug in the page: show the error page with a 503.
    console.error(`API ${options.method ?? 'GET'} ${path} failed`, cause);
    throw new Response('Clearframe cannot reach its API right now. Try again in a moment.', {
      status: 503,
    });
  }

  if (response.ok) {
    if (!options.schema || response.status === 204)
      return { ok: true, status: response.status, data: undefined as T };
    const parsed = options.schema.safeParse(await response.json());
    if (!parsed.success) {
      // The API and the web share these schemas; a mismatch is a deploy or contract bug worth a loud error.
      throw new Error(
        `API ${path} returned a body that does not match the contract: ${parsed.error.message}`,
      );
    }
    return { ok: true, status: response.status, data: parsed.data };
  }

  const text = await response.text();
  let problem: ApiProblemType | null = null;
  try {
    const result = ApiProblem.safeParse(JSON.parse(text));
    if (result.success) problem = result.data;
  } catch {
    // Not JSON; fall through to a synthesized problem.
  }
  return {
    ok: false,
    status: response.status,
    problem: problem ?? fallbackProblem(response.status, response.statusText),
  };
}

/** The API path of one organization; every org-scoped domain client builds on it. */
export const orgPath = (orgId: string) => `/v1/orgs/${encodeURIComponent(orgId)}`;
