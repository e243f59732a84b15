import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  addMember,
  createApiKey,
  createOrg,
  createUser,
  type TestUser,
} from './factories/account.factory.js';
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
  let malloryLabId: string;
  let aliceKeyId: string;
  let aliceInvitationId: string;
  let aliceColleague: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await createUser(t);
    mallory = await createUser(t);
    aliceColleague = await createUser(t);
    aliceLabId = (await createOrg(t, alice, 'lab')).id;
    malloryLabId = (await createOrg(t, mallory, 'lab')).id;
    await addMember(t, alice, aliceLabId, aliceColleague);
    aliceKeyId = (await createApiKey(t, alice, aliceLabId, 'training cluster')).apiKey.id;
    aliceInvitationId = (
      await t.request('POST', `/v1/orgs/${aliceLabId}/invitations`, {
        token: alice.token,
        body: { email: 'pending@example.com' },
      })
    ).body.invitation.id;
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

  it("an API key cannot reach another lab's routes", async () => {
    const malloryKey = (await createApiKey(t, mallory, malloryLabId)).secret;
    const res = await t.request('GET', `/v1/orgs/${aliceLabId}`, { token: malloryKey });
    expect(res.status).toBe(404);
  });

  it('lists only the caller’s own organizations', async () => {
    const mine = await t.request('GET', '/v1/orgs', { token: mallory.token });
    expect(mine.body.items.map((o: { id: string }) => o.id)).toEqual([malloryLabId]);
  });
});
