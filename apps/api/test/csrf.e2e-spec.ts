import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Problem } from '@clearframe/contracts/problem';
import { createOrg, createUser, type TestUser } from './factories/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The API's own session cookie is an ambient credential: a page on another port of the same
 * host gets it attached to its requests. Writes authenticated by it must come from the web
 * origin or the API's own origin; bearer tokens are unaffected.
 */
describe('cross-site requests with the session cookie', () => {
  let t: TestApp;
  let user: TestUser;
  let orgId: string;
  let cookie: string;
  const WEB_ORIGIN = 'http://localhost:3999';
  const SAME_HOST_OTHER_PORT = 'http://127.0.0.1:5555';

  beforeAll(async () => {
    t = await startTestApp();
    user = await createUser(t);
    orgId = (await createOrg(t, user, 'creator', 'Original Name')).id;
    // Signing in directly, as a browser calling the API would, sets the API's cookie.
    const signIn = await t.request('POST', '/v1/auth/sign-in', {
      body: { email: user.email, password: user.password },
    });
    cookie = /cf_session=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')![0];
  });
  afterAll(async () => {
    await t?.close();
  });

  const liveSessions = async () =>
    (await t.sql('SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL', [user.id]))
      .length;
  const orgName = async () =>
    (await t.sql('SELECT name FROM organizations WHERE id = $1', [orgId]))[0].name;
  const rename = (name: string, headers: Record<string, string>, token?: string) =>
    t.request('PATCH', `/v1/orgs/${orgId}`, {
      body: { name },
      headers,
      ...(token ? { token } : {}),
    });

  it.each([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['another port of the same host', { origin: SAME_HOST_OTHER_PORT }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['an opaque Origin', { origin: 'null' }],
    ['neither Origin nor Sec-Fetch-Site', {}],
  ])('refuses a cookie write with %s before anything runs', async (_label, headers) => {
    const sessionsBefore = await liveSessions();
    const everywhere = await t.request('POST', '/v1/auth/sign-out-everywhere', {
      headers: { cookie, ...headers },
    });
    expect(everywhere.status).toBe(403);
    expect(everywhere.headers.get('content-type')).toContain('application/problem+json');
    expect(Problem.parse(everywhere.body).code).toBe('csrf_refused');
    expect(everywhere.headers.get('set-cookie')).toBeNull();
    expect(await liveSessions()).toBe(sessionsBefore);
    expect((await t.request('GET', '/v1/auth/me', { token: user.token })).status).toBe(200);

    const renamed = await rename('Hijacked', { cookie, ...headers });
    expect(renamed.status).toBe(403);
    expect(renamed.body.code).toBe('csrf_refused');
    expect(await orgName()).toBe('Original Name');
  });

  it('refuses cookie writes on public routes too', async () => {
    const before = (await t.outbox()).length;
    const res = await t.request('POST', '/v1/auth/password-reset', {
      body: { email: user.email },
      headers: { cookie, origin: SAME_HOST_OTHER_PORT },
    });
    expect(res.body.code).toBe('csrf_refused');
    expect((await t.outbox()).length).toBe(before);
  });

  it('accepts cookie writes from the web origin, the API itself, or Sec-Fetch-Site: same-origin', async () => {
    expect((await rename('From the web', { cookie, origin: WEB_ORIGIN })).status).toBe(200);
    expect(await orgName()).toBe('From the web');
    expect((await rename('From the API docs', { cookie, origin: t.url })).status).toBe(200);
    expect(await orgName()).toBe('From the API docs');
    expect((await rename('Same origin', { cookie, 'sec-fetch-site': 'same-origin' })).status).toBe(
      200,
    );
    expect(await orgName()).toBe('Same origin');
  });

  it('lets cookie reads through from anywhere (CORS decides who may read the answer)', async () => {
    const res = await t.request('GET', '/v1/auth/me', {
      headers: { cookie, origin: SAME_HOST_OTHER_PORT },
    });
    expect(res.status).toBe(200);
  });

  it('does not apply to bearer tokens, which a foreign page cannot attach', async () => {
    const res = await rename('By bearer', { origin: 'https://evil.example' }, user.token);
    expect(res.status).toBe(200);
    expect(await orgName()).toBe('By bearer');
    // A bearer token wins over a cookie sent alongside, so the check does not apply either.
    const both = await rename(
      'Bearer and cookie',
      { cookie, origin: SAME_HOST_OTHER_PORT },
      user.token,
    );
    expect(both.status).toBe(200);
  });

  it('runs sign-out-everywhere for a same-origin cookie request', async () => {
    expect(await liveSessions()).toBeGreaterThan(1);
    const res = await t.request('POST', '/v1/auth/sign-out-everywhere', {
      headers: { cookie, origin: WEB_ORIGIN },
    });
    expect(res.status).toBe(204);
    expect(await liveSessions()).toBe(0);
  });
});
