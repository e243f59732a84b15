import { createCookie } from 'react-router';

// Both cookies are httpOnly (no script ever needs them) and SameSite=Lax: the browser does not
// send them on cross-site POSTs, which is what protects the forms from cross-site submission.
const base = { httpOnly: true, sameSite: 'lax', path: '/' } as const;

/** Holds the API session token; the web forwards it to the API as a Bearer token. */
export const sessionCookie = createCookie('cf_session', base);

/** Remembers the organization picked in the switcher. A preference only: the API authorizes every call. */
export const orgCookie = createCookie('cf_org', { ...base, maxAge: 60 * 60 * 24 * 365 });

/**
 * `Secure` is set when the browser reached us over HTTPS, directly or through a TLS-terminating
 * proxy. Plain-HTTP local runs (npm start, the browser test) still get a working cookie.
 */
export function isSecureRequest(request: Request): boolean {
  return (
    new URL(request.url).protocol === 'https:' ||
    request.headers.get('x-forwarded-proto') === 'https'
  );
}

async function readString(cookie: typeof sessionCookie, request: Request): Promise<string | null> {
  const value: unknown = await cookie.parse(request.headers.get('Cookie'));
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function readSessionToken(request: Request): Promise<string | null> {
  return readString(sessionCookie, request);
}

/** Set-Cookie for a new or rotated session; the cookie lives exactly as long as the API session. */
export function commitSession(
  request: Request,
  session: { token: string; expiresAt: string },
): Promise<string> {
  return sessionCookie.serialize(session.token, {
    expires: new Date(session.expiresAt),
    secure: isSecureRequest(request),
  });
}

export function destroySession(request: Request): Promise<string> {
  return sessionCookie.serialize('', {
    expires: new Date(0),
    maxAge: undefined,
    secure: isSecureRequest(request),
  });
}

export function readOrgId(request: Request): Promise<string | null> {
  return readString(orgCookie, request);
}

export function commitOrgId(request: Request, orgId: string): Promise<string> {
  return orgCookie.serialize(orgId, { secure: isSecureRequest(request) });
}

export function destroyOrgId(request: Request): Promise<string> {
  return orgCookie.serialize('', {
    expires: new Date(0),
    maxAge: undefined,
    secure: isSecureRequest(request),
  });
}

/** Whether a response already sets the named cookie (so middleware does not overwrite a route's decision). */
export function setsCookie(response: Response, name: string): boolean {
  return response.headers.getSetCookie().some((header) => header.startsWith(`${name}=`));
}
