import type { MeType, MyOrganizationType } from '@clearframe/contracts/accounts';
import type { ProblemType } from '@clearframe/contracts/problem';
import {
  createContext,
  data,
  redirect,
  type MiddlewareFunction,
  type RouterContextProvider,
} from 'react-router';
import { authApi } from './api/auth.server';
import { commitSession, destroySession, readSessionToken, setsCookie } from './cookies.server';
import { problemMessage } from './form-errors';
import { isPast } from './navigation';

/** The signed-in person for this request, with the (possibly just rotated) API token. */
export interface Viewer {
  token: string;
  me: MeType;
}

export const viewerContext = createContext<Viewer | null>(null);

// Headers every page response carries. Referrer-Policy matters most here: reset and invitation
// links carry tokens in the URL, which must not leak to other sites through Referer.
const SECURITY_HEADERS: Record<string, string> = {
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

/**
 * Resolves the session once per request, before any loader or action runs: asks the API who the
 * cookie's token belongs to, rotates the token when the API says it is due, and forgets a token
 * the API no longer accepts. Doing this in middleware (not in each loader) means loaders that
 * run in parallel all use the same, current token.
 */
export const sessionMiddleware: MiddlewareFunction<Response> = async (
  { request, context },
  next,
) => {
  const token = await readSessionToken(request);
  let setCookie: string | null = null;
  if (token) {
    const me = await authApi.me(token);
    if (me.ok) {
      let active = token;
      if (me.data.session && isPast(me.data.session.rotateAfter)) {
        const refreshed = await authApi.refreshSession(token);
        if (refreshed.ok) {
          active = refreshed.data.token;
          setCookie = await commitSession(request, refreshed.data);
        }
        // A failed refresh usually means a parallel request rotated first and the browser already
        // holds the new cookie; leave the cookie alone rather than sign the person out.
      }
      context.set(viewerContext, { token: active, me: me.data });
    } else if (me.status === 401) {
      setCookie = await destroySession(request);
    } else {
      throw new Response(problemMessage(me.problem), { status: 503 });
    }
  }

  const response = await next();
  if (setCookie && !setsCookie(response, 'cf_session'))
    response.headers.append('Set-Cookie', setCookie);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    if (!response.headers.has(name)) response.headers.set(name, value);
  }
  return response;
};

export function getViewer(context: Readonly<RouterContextProvider>): Viewer | null {
  return context.get(viewerContext);
}

function signInPath(request: Request): string {
  const url = new URL(request.url);
  return `/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`;
}

/** The viewer, or a redirect to sign-in that comes back here afterwards. */
export function requireViewer(context: Readonly<RouterContextProvider>, request: Request): Viewer {
  const viewer = getViewer(context);
  if (!viewer) throw redirect(signInPath(request));
  return viewer;
}

/** The viewer's membership of `orgId`; a 404 page when they are not a member (as the API answers). */
export function requireMembership(viewer: Viewer, orgId: string | undefined): MyOrganizationType {
  const org = viewer.me.organizations.find((candidate) => candidate.id === orgId);
  if (!org) throw notFound('We could not find that organization.');
  return org;
}

export function notFound(message = 'We could not find that page.'): Response {
  return new Response(message, { status: 404, statusText: 'Not Found' });
}

/**
 * For loaders: turns an API problem into the page the person should see instead — sign in
 * again, a 404, a 403 — so a loader only handles the success path.
 */
export function throwProblem(problem: ProblemType, request: Request): never {
  if (problem.status === 401) throw redirect(signInPath(request));
  if (problem.status === 404) throw notFound();
  throw data(problemMessage(problem), {
    status: problem.status >= 400 && problem.status < 600 ? problem.status : 502,
  });
}
