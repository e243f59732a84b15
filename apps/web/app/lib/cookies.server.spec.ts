import { describe, expect, it } from '@jest/globals';
import {
  commitOrgId,
  commitSession,
  destroyOrgId,
  destroySession,
  isSecureRequest,
  readOrgId,
  readSessionToken,
  setsCookie,
} from './cookies.server';

const http = new Request('http://127.0.0.1:3000/sign-in', { method: 'POST' });
const https = new Request('https://clearframe.example/sign-in', { method: 'POST' });
const proxied = new Request('http://10.0.0.5/sign-in', {
  method: 'POST',
  headers: { 'X-Forwarded-Proto': 'https' },
});

/** A request that carries the cookie a Set-Cookie header would have stored. */
function withCookie(setCookie: string): Request {
  return new Request('http://127.0.0.1:3000/', { headers: { Cookie: setCookie.split(';')[0]! } });
}

describe('session cookie', () => {
  const session = { token: 'tok_abc.123', expiresAt: '2031-02-03T04:05:06.000Z' };

  it('is httpOnly, SameSite=Lax, site-wide and expires with the API session', async () => {
    const header = await commitSession(http, session);
    expect(header.startsWith('cf_session=')).toBe(true);
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Lax/);
    expect(header).toMatch(/; Path=\//);
    expect(header).toContain('Expires=Mon, 03 Feb 2031 04:05:06 GMT');
    expect(header).not.toMatch(/Secure/);
    // The raw token must not be readable from the header as-is by naive log scraping either way,
    // but it must round-trip exactly.
    expect(await readSessionToken(withCookie(header))).toBe(session.token);
  });

  it('is Secure when the browser used HTTPS, directly or through a proxy', async () => {
    expect(await commitSession(https, session)).toMatch(/; Secure/);
    expect(await commitSession(proxied, session)).toMatch(/; Secure/);
    expect(isSecureRequest(http)).toBe(false);
  });

  it('is cleared by an expiry in the past', async () => {
    const header = await destroySession(http);
    expect(header).toContain('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    expect(await readSessionToken(withCookie(header))).toBeNull();
  });

  it('reads nothing from a request without cookies or with a tampered value', async () => {
    expect(await readSessionToken(new Request('http://x/'))).toBeNull();
    expect(
      await readSessionToken(
        new Request('http://x/', { headers: { Cookie: 'cf_session=%%%not-base64' } }),
      ),
    ).toBeNull();
  });
});

describe('organization cookie', () => {
  it('remembers the choice for a year and round-trips the id', async () => {
    const header = await commitOrgId(http, '0b7c7d5e-7a43-4d6f-9d0e-4a8e3f1b2c3d');
    expect(header.startsWith('cf_org=')).toBe(true);
    expect(header).toContain('Max-Age=31536000');
    expect(header).toMatch(/; HttpOnly/);
    expect(await readOrgId(withCookie(header))).toBe('0b7c7d5e-7a43-4d6f-9d0e-4a8e3f1b2c3d');
  });

  it('is cleared on sign-out without a lingering Max-Age', async () => {
    const header = await destroyOrgId(http);
    expect(header).not.toContain('Max-Age=31536000');
    expect(header).toContain('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  });
});

describe('setsCookie', () => {
  it('finds a cookie among several Set-Cookie headers', () => {
    const headers = new Headers();
    headers.append('Set-Cookie', 'cf_org=x; Path=/');
    headers.append('Set-Cookie', 'cf_session=y; Path=/');
    expect(setsCookie(new Response(null, { headers }), 'cf_session')).toBe(true);
    expect(setsCookie(new Response(null, { headers }), 'cf_other')).toBe(false);
  });
});
