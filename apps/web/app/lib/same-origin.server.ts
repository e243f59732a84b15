import type { MiddlewareFunction } from 'react-router';

// Methods that never change state here; every other method is a write and must come from
// this site's own pages.
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// `same-origin`: our own page. `none`: the person started it themselves (a bookmark, the
// address bar). `same-site` is refused on purpose: another port or subdomain of the same site
// still receives our SameSite=Lax cookies, which is exactly the cross-origin case to stop.
const TRUSTED_FETCH_SITES = new Set(['same-origin', 'none']);

export const CROSS_SITE_MESSAGE =
  'This form was sent from another website, so Clearframe did not act on it. Open Clearframe directly and try again.';

/** The origins this request may legitimately come from: its own, and https behind a TLS proxy. */
function ownOrigins(request: Request): string[] {
  const url = new URL(request.url);
  const origins = [url.origin];
  // The same signal cookies.server uses for `Secure`: behind a TLS-terminating proxy the browser
  // sends `Origin: https://host` while the server sees http.
  if (url.protocol === 'http:' && request.headers.get('x-forwarded-proto') === 'https')
    origins.push(`https://${url.host}`);
  return origins;
}

/**
 * Why a state-changing request must be refused as cross-origin, or null when it may proceed.
 *
 * Policy, strictest signal first:
 * 1. `Sec-Fetch-Site` (sent by every current browser) must be `same-origin` or `none`.
 * 2. `Origin`, when present, must be this site's origin; `Origin: null` (sandboxed frames,
 *    privacy redirects) is refused, since a real page of ours never sends it.
 * 3. With neither header, a `Referer` that names another origin is refused.
 * 4. With no browser signal at all the request proceeds: browsers have sent `Origin` on every
 *    POST for years, so such a request comes from a script or an old client that holds the
 *    cookie itself; a cross-site attacker cannot strip these headers from a victim's browser,
 *    and the SameSite=Lax cookies keep other sites' POSTs signed out anyway.
 */
export function crossOriginReason(request: Request): string | null {
  if (READ_METHODS.has(request.method.toUpperCase())) return null;
  const own = ownOrigins(request);
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite !== null && !TRUSTED_FETCH_SITES.has(fetchSite.toLowerCase()))
    return `Sec-Fetch-Site ${fetchSite}`;
  const origin = request.headers.get('origin');
  if (origin !== null) return own.includes(origin) ? null : 'foreign Origin';
  const referer = request.headers.get('referer');
  if (referer !== null) {
    let refererOrigin: string | null = null;
    try {
      refererOrigin = new URL(referer).origin;
    } catch {
      // An unparseable Referer is treated like a foreign one.
    }
    return refererOrigin !== null && own.includes(refererOrigin) ? null : 'foreign Referer';
  }
  return null;
}

/**
 * Refuses every state-changing request that another origin sent, before any loader, action or
 * API call runs. It is the root route's first middleware, so it covers every route, present and
 * future, including resource routes such as /orgs/switch that React Router's own Origin check
 * (document and `.data` actions only) does not reach.
 */
export const sameOriginMiddleware: MiddlewareFunction<Response> = ({ request }, next) => {
  if (crossOriginReason(request) !== null) {
    // A Response (not data()) so resource routes answer it as is and pages render it in the
    // root error boundary as "Not allowed".
    throw new Response(CROSS_SITE_MESSAGE, {
      status: 403,
      statusText: 'Forbidden',
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
  return next();
};
