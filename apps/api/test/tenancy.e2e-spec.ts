import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MyOrganization } from '@clearframe/contracts/accounts';
import {
  addMember,
  createApiKey,
  createInvitation,
  createOrg,
  createUser,
  type TestApiKey,
  type TestUser,
} from './factories/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * One organization must never read or change another's members, invitations or keys. Every
 * attempt answers 404 not_found — the same as an id that does not exist — and changes nothing.
 */
describe('cross-tenant isolation', () => {
  let t: TestApp;
  let alice: TestUser;
  let mallory: TestUser;
  let aliceLabId: string;
  let aliceStudioId: string;
  let malloryLabId: string;
  let aliceKey: TestApiKey;
  let malloryKey: TestApiKey;
  let aliceKeyId: string;
  let aliceInvitationId: string;
  let aliceColleague: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await createUser(t);
    mallory = await createUser(t);
    aliceColleague = await createUser(t);
    aliceLabId = (await createOrg(t, alice, 'lab')).id;
    aliceStudioId = (await createOrg(t, alice, 'creator')).id;
    malloryLabId = (await createOrg(t, mallory, 'lab')).id;
    await addMember(t, aliceLabId, aliceColleague);
    aliceKey = await createApiKey(t, aliceLabId, alice, 'training cluster');
    aliceKeyId = aliceKey.id;
    malloryKey = await createApiKey(t, malloryLabId, mallory);
    aliceInvitationId = (
      await createInvitation(t, aliceLabId, alice, { email: 'pending@example.com' })
    ).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const snapshot = async () =>
    JSON.stringify([
      await t.sql('SELECT org_id, user_id, role FROM memberships ORDER BY org_id, user_id'),
      await t.sql('SELECT id, revoked_at FROM invitations ORDER BY id'),
      await t.sql('SELECT id, name, revoked_at FROM api_keys ORDER BY id'),
      await t.sql('SELECT id, name FROM organizations ORDER BY id'),
    ]);

  it.each([
    ['read the org', 'GET', () => `/v1/orgs/${aliceLabId}`, undefined],
    ['rename the org', 'PATCH', () => `/v1/orgs/${aliceLabId}`, { name: 'Pwned' }],
    ['list members', 'GET', () => `/v1/orgs/${aliceLabId}/members`, undefined],
    [
      'change a role',
      'PATCH',
      () => `/v1/orgs/${aliceLabId}/members/${aliceColleague.id}`,
      { role: 'owner' },
    ],
    [
      'remove a member',
      'DELETE',
      () => `/v1/orgs/${aliceLabId}/members/${aliceColleague.id}`,
      undefined,
    ],
    ['list invitations', 'GET', () => `/v1/orgs/${aliceLabId}/invitations`, undefined],
    [
      'invite',
      'POST',
      () => `/v1/orgs/${aliceLabId}/invitations`,
      { email: 'mallory-friend@example.com' },
    ],
    [
      'revoke an invitation',
      'DELETE',
      () => `/v1/orgs/${aliceLabId}/invitations/${aliceInvitationId}`,
      undefined,
    ],
    ['list API keys', 'GET', () => `/v1/orgs/${aliceLabId}/api-keys`, undefined],
    ['create an API key', 'POST', () => `/v1/orgs/${aliceLabId}/api-keys`, { name: 'stolen' }],
    [
      'revoke an API key',
      'DELETE',
      () => `/v1/orgs/${aliceLabId}/api-keys/${aliceKeyId}`,
      undefined,
    ],
    // Using her own org in the path with the other org's object ids must not reach them either.
    [
      'revoke the key through her own org',
      'DELETE',
      () => `/v1/orgs/${malloryLabId}/api-keys/${aliceKeyId}`,
      undefined,
    ],
    [
      'revoke the invitation through her own org',
      'DELETE',
      () => `/v1/orgs/${malloryLabId}/invitations/${aliceInvitationId}`,
      undefined,
    ],
    [
      'change a role through her own org',
      'PATCH',
      () => `/v1/orgs/${malloryLabId}/members/${aliceColleague.id}`,
      { role: 'member' },
    ],
  ] as const)(
    'another org cannot %s (404, nothing changes)',
    async (_label, method, path, body) => {
      const before = await snapshot();
      const res = await t.request(method, path(), {
        token: mallory.token,
        ...(body ? { body } : {}),
      });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
      expect(await snapshot()).toBe(before);
    },
  );

  it('answers an org id that does not exist exactly like another org’s id', async () => {
    const missing = await t.request('GET', '/v1/orgs/00000000-0000-4000-8000-000000000000', {
      token: mallory.token,
    });
    const foreign = await t.request('GET', `/v1/orgs/${aliceLabId}`, { token: mallory.token });
    expect({ ...missing.body, requestId: 0, instance: 0 }).toEqual({
      ...foreign.body,
      requestId: 0,
      instance: 0,
    });
    expect((await t.request('GET', '/v1/orgs/not-a-uuid', { token: mallory.token })).status).toBe(
      404,
    );
  });

  describe('a lab API key', () => {
    it('reads its own lab, and nothing of another organization', async () => {
      const own = await t.request('GET', `/v1/orgs/${aliceLabId}`, { token: aliceKey.secret });
      expect(own.status).toBe(200);
      expect(MyOrganization.parse(own.body)).toMatchObject({ id: aliceLabId, kind: 'lab' });
      const missing = await t.request('GET', '/v1/orgs/00000000-0000-4000-8000-000000000000', {
        token: aliceKey.secret,
      });
      for (const orgId of [malloryLabId, aliceStudioId]) {
        const other = await t.request('GET', `/v1/orgs/${orgId}`, { token: aliceKey.secret });
        expect(other.status).toBe(404);
        expect({ ...other.body, requestId: 0, instance: 0 }).toEqual({
          ...missing.body,
          requestId: 0,
          instance: 0,
        });
      }
      const theirs = await t.request('GET', `/v1/orgs/${malloryLabId}`, {
        token: malloryKey.secret,
      });
      expect(theirs.body.id).toBe(malloryLabId);
    });

    // Routes of its own lab that do not accept keys: owner-only ones, and member routes that did
    // not opt in. The key acts for the lab, never as one of its people.
    it.each([
      ['rename its lab', 'PATCH', () => `/v1/orgs/${aliceLabId}`, { name: 'Renamed by a key' }],
      ['list its lab’s members', 'GET', () => `/v1/orgs/${aliceLabId}/members`, undefined],
      [
        'change a member’s role',
        'PATCH',
        () => `/v1/orgs/${aliceLabId}/members/${aliceColleague.id}`,
        { role: 'owner' },
      ],
      [
        'remove a member',
        'DELETE',
        () => `/v1/orgs/${aliceLabId}/members/${aliceColleague.id}`,
        undefined,
      ],
      ['list invitations', 'GET', () => `/v1/orgs/${aliceLabId}/invitations`, undefined],
      [
        'invite someone',
        'POST',
        () => `/v1/orgs/${aliceLabId}/invitations`,
        { email: 'x@example.com' },
      ],
      [
        'revoke an invitation',
        'DELETE',
        () => `/v1/orgs/${aliceLabId}/invitations/${aliceInvitationId}`,
        undefined,
      ],
      ['list its lab’s keys', 'GET', () => `/v1/orgs/${aliceLabId}/api-keys`, undefined],
      ['create another key', 'POST', () => `/v1/orgs/${aliceLabId}/api-keys`, { name: 'child' }],
      ['revoke itself', 'DELETE', () => `/v1/orgs/${aliceLabId}/api-keys/${aliceKeyId}`, undefined],
    ] as const)(
      'cannot %s, even in its own lab (404, nothing changes)',
      async (_l, method, path, body) => {
        const before = await snapshot();
        const res = await t.request(method, path(), {
          token: aliceKey.secret,
          ...(body ? { body } : {}),
        });
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('not_found');
        expect(await snapshot()).toBe(before);
      },
    );

    it.each([
      ['GET', '/v1/orgs', undefined],
      ['POST', '/v1/orgs', { name: 'Made by a key', kind: 'lab' }],
      ['GET', '/v1/auth/me', undefined],
      ['POST', '/v1/auth/sign-out', undefined],
      ['POST', '/v1/auth/sign-out-everywhere', undefined],
      ['POST', '/v1/auth/session/refresh', undefined],
      ['POST', '/v1/auth/verify-email/resend', undefined],
      ['POST', '/v1/invitations/accept', { token: 'cfi_anything' }],
      ['GET', '/v1/operator/organizations', undefined],
    ] as const)('is refused by the person-only route %s %s (403)', async (method, path, body) => {
      const before = await snapshot();
      const res = await t.request(method, path, {
        token: aliceKey.secret,
        ...(body ? { body } : {}),
      });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
      expect(await snapshot()).toBe(before);
    });
  });

  it('lists only the caller’s own organizations', async () => {
    const mine = await t.request('GET', '/v1/orgs', { token: mallory.token });
    expect(mine.body.items.map((o: { id: string }) => o.id)).toEqual([malloryLabId]);
  });
});
