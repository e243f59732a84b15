import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from './session-cookie.js';

/** The Set-Cookie header express writes for each helper, read over real HTTP. */
describe('session cookie', () => {
  let server: Server;
  let base: string;
  const expiresAt = new Date('2031-05-06T07:08:09.000Z');

  beforeAll(async () => {
    const app = express();
    app.get('/set/:secure', (req, res) => {
      setSessionCookie(res, 'cfs_token-value', expiresAt, req.params.secure === 'yes');
      res.end();
    });
    app.get('/clear/:secure', (req, res) => {
      clearSessionCookie(res, req.params.secure === 'yes');
      res.end();
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const setCookie = async (path: string) => (await fetch(`${base}${path}`)).headers.getSetCookie();

  it('is HttpOnly, SameSite=Lax, for the whole site, until the session expires', async () => {
    expect(SESSION_COOKIE).toBe('cf_session');
    expect(await setCookie('/set/no')).toEqual([
      'cf_session=cfs_token-value; Path=/; Expires=Tue, 06 May 2031 07:08:09 GMT; HttpOnly; SameSite=Lax',
    ]);
  });

  it('is Secure when the API is served over HTTPS', async () => {
    expect(await setCookie('/set/yes')).toEqual([
      'cf_session=cfs_token-value; Path=/; Expires=Tue, 06 May 2031 07:08:09 GMT; HttpOnly; Secure; SameSite=Lax',
    ]);
  });

  it('is cleared with the same attributes, so the browser drops the same cookie', async () => {
    expect(await setCookie('/clear/no')).toEqual([
      'cf_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax',
    ]);
    expect(await setCookie('/clear/yes')).toEqual([
      'cf_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax',
    ]);
  });
});
