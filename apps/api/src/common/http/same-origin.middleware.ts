import type { NextFunction, Request, Response } from 'express';
import { SESSION_COOKIE } from '../../accounts/session-cookie.js';
import type { AppConfig } from '../../config/app-config.js';
import { DomainError } from '../domain-error.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for the API's own session cookie. A browser attaches that cookie to requests any
 * page of the same site makes (SameSite=Lax does not separate ports or subdomains), including
 * body-less POSTs that need no CORS preflight. So a state-changing request whose credential is
 * the cookie must show it comes from the web app or the API's own pages: an `Origin` we trust,
 * or `Sec-Fetch-Site: same-origin`. A cookie request with neither header is refused too: every
 * browser we support sends one of them on a POST, and clients that do not are scripts, which
 * should send `Authorization: Bearer` instead. Bearer tokens and API keys are not ambient
 * credentials (a foreign page cannot attach them), so those requests pass untouched.
 */
export function sameOriginForCookies(config: AppConfig) {
  const trusted = new Set([config.server.webOrigin, new URL(config.server.publicApiUrl).origin]);
  return (req: Request, _res: Response, next: NextFunction): void => {
    const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    if (SAFE_METHODS.has(req.method) || !cookie || req.get('authorization') !== undefined) {
      return next();
    }
    const origin = req.get('origin');
    const ownOrigin = `${req.protocol}://${req.get('host')}`;
    if (origin !== undefined && (trusted.has(origin) || origin === ownOrigin)) return next();
    if (req.get('sec-fetch-site') === 'same-origin') return next();
    next(
      new DomainError(
        'csrf_refused',
        'This request uses the session cookie but does not come from Clearframe. Send it from the Clearframe site, or authenticate with "Authorization: Bearer <token>".',
      ),
    );
  };
}
