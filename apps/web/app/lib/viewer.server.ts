import type { MeType, MyOrganizationType } from '@clearframe/contracts/accounts';
import {
  createContext,
  data,
  redirect,
  type MiddlewareFunction,
  type RouterContextProvider,
} from 'react-router';
import { authApi } from './api/auth.server';
import type { ApiProblemType } from './api/client.server';
import { commitSession, destroySession, readSessionToken, setsCookie } from './cookies.server';
import { problemMessage } from './form-errors';
import { isPast } from './navigation';
import { sessionEndedNotice, withNotice, type NoticeKey } from './notices';

/** The signed-in person for this request, with the (possibly just rotated) API token. */
export interface Viewer {
  token: string;
  me: MeType;
}

export const viewerContext = createContext<Viewer | null>(null);

/**
 * Set when this request carried a session cookie the API refused (signed out everywhere,
 * password changed, expired): the notice that explains it, so the person is not left
 * wondering why they see the sign-in page. Null for visitors who never signed in.
 */
export const sessionEndedContext = createContext<NoticeKey | null>(null);

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
      context.set(sessionEndedContext, sessionEndedNotice(me.problem.reason));
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

/** Why this request's session cookie was refused, or null (see `sessionEndedContext`). */
export function getSessionEnded(context: Readonly<RouterContextProvider>): NoticeKey | null {
  return context.get(sessionEndedContext);
}

function signInPath(request: Request, notice: NoticeKey | null = null): string {
  const url = new URL(request.url);
  const path = `/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`;
  return notice ? withNotice(path, notice) : path;
}

/**
 * The viewer, or a redirect to sign-in that comes back here afterwards; when the person's
 * session has just ended, the sign-in page says so.
 */
export function requireViewer(context: Readonly<RouterContextProvider>, request: Request): Viewer {
  const viewer = getViewer(context);
  if (!viewer) throw redirect(signInPath(request, getSessionEnded(context)));
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
export function throwProblem(problem: ApiProblemType, request: Request): never {
  // The session was accepted when this request began, so a 401 now means it has just ended.
  if (problem.status === 401)
    throw redirect(signInPath(request, sessionEndedNotice(problem.reason)));
  if (problem.status === 404) throw notFound();
  throw data(problemMessage(problem), {
    status: problem.status >= 400 && problem.status < 600 ? problem.status : 502,
  });
}
