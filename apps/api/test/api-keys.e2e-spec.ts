import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  API_KEY_SCOPES_BY_KIND,
  ApiKey,
  CreatedApiKey,
  MyOrganization,
  WhoAmI,
} from '@clearframe/contracts/accounts';
import {
  addMember,
  createApiKey,
  createOrg,
  createUser,
  type TestApiKey,
} from './factories/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('API keys of creator and lab organizations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates a key whose secret is shown once and stored only as a hash, and authenticates as the lab', async () => {
    const owner = await createUser(t);
    const lab = await createOrg(t, owner, 'lab', 'Frame Lab');
    const created = await t.request('POST', `/v1/orgs/${lab.id}/api-keys`, {
      token: owner.token,
      body: { name: 'Training cluster', scopes: ['orders:write', 'catalog:read'] },
    });
    expect(created.status).toBe(201);
    const { apiKey, secret } = CreatedApiKey.parse(created.body);
    expect(apiKey.scopes).toEqual(['catalog:read', 'orders:write']);
    expect(secret.startsWith(`${apiKey.prefix}_`)).toBe(true);
    const [row] = await t.sql('SELECT secret_hash FROM api_keys WHERE id = $1', [apiKey.id]);
    expect(row.secret_hash).not.toContain(secret.split('_').pop());

    const listed = await t.request('GET', `/v1/orgs/${lab.id}/api-keys`, { token: owner.token });
    expect(listed.text).not.toContain(secret);
    expect(listed.body.items).toHaveLength(1);
    expect(ApiKey.parse(listed.body.items[0])).toMatchObject({
      id: apiKey.id,
      scopes: ['catalog:read', 'orders:write'],
      lastUsedAt: null,
    });

    const whoami = await t.request('GET', '/v1/auth/whoami', { token: secret });
    expect(WhoAmI.parse(whoami.body)).toMatchObject({
      type: 'api_key',
      keyName: 'Training cluster',
      scopes: ['catalog:read', 'orders:write'],
      org: { id: lab.id, name: 'Frame Lab', kind: 'lab' },
    });
    const after = await t.request('GET', `/v1/orgs/${lab.id}/api-keys`, { token: owner.token });
    expect(after.body.items[0].lastUsedAt).not.toBeNull();
  });

  it('a key is not a person: user-only routes refuse it', async () => {
    const owner = await createUser(t);
    const lab = await createOrg(t, owner, 'lab');
    const { secret } = await createApiKey(t, lab.id, owner);
    expect((await t.request('GET', '/v1/orgs', { token: secret })).status).toBe(403);
    expect((await t.request('GET', '/v1/auth/me', { token: secret })).status).toBe(403);
    expect(
      (
        await t.request('POST', `/v1/orgs/${lab.id}/api-keys`, {
          token: secret,
          body: { name: 'self-replicating', scopes: ['catalog:read'] },
        })
      ).status,
    ).toBe(404);
  });

  it('revoking a key stops it at once', async () => {
    const owner = await createUser(t);
    const lab = await createOrg(t, owner, 'lab');
    const key = await createApiKey(t, lab.id, owner);
    expect((await t.request('GET', '/v1/auth/whoami', { token: key.secret })).status).toBe(200);
    expect(
      (
        await t.request('DELETE', `/v1/orgs/${lab.id}/api-keys/${key.id}`, {
          token: owner.token,
        })
      ).status,
    ).toBe(204);
    const res = await t.request('GET', '/v1/auth/whoami', { token: key.secret });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('api_key_revoked');
    const listed = await t.request('GET', `/v1/orgs/${lab.id}/api-keys`, { token: owner.token });
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: key.id, revokedAt: expect.any(String) }),
    ]);
  });

  it('rejects forged and malformed keys', async () => {
    const owner = await createUser(t);
    const lab = await createOrg(t, owner, 'lab');
    const { secret } = await createApiKey(t, lab.id, owner);
    const forged = `${secret.slice(0, -4)}AAAA`;
    expect((await t.request('GET', '/v1/auth/whoami', { token: forged })).status).toBe(401);
    expect((await t.request('GET', '/v1/auth/whoami', { token: 'cf_live_short' })).status).toBe(
      401,
    );
  });

  it('is for creators and labs, created by owners, listed by members; operators have none', async () => {
    const owner = await createUser(t);
    const member = await createUser(t);
    const ops = await createOrg(t, owner, 'operator');
    const forOps = await t.request('POST', `/v1/orgs/${ops.id}/api-keys`, {
      token: owner.token,
      body: { name: 'k', scopes: ['catalog:read'] },
    });
    expect(forOps.status).toBe(403);
    expect(forOps.body.detail).toBe('This is only available to creator or lab organizations.');
    for (const kind of ['creator', 'lab'] as const) {
      const org = await createOrg(t, owner, kind);
      await addMember(t, org.id, member);
      expect(
        (await t.request('GET', `/v1/orgs/${org.id}/api-keys`, { token: member.token })).status,
      ).toBe(200);
      expect(
        (
          await t.request('POST', `/v1/orgs/${org.id}/api-keys`, {
            token: member.token,
            body: { name: 'k', scopes: ['catalog:read'] },
          })
        ).status,
      ).toBe(403);
      const empty = await t.request('POST', `/v1/orgs/${org.id}/api-keys`, {
        token: owner.token,
        body: { name: '   ', scopes: ['catalog:read'] },
      });
      expect(empty.status).toBe(422);
      expect(await t.sql('SELECT 1 FROM api_keys WHERE org_id = $1', [org.id])).toHaveLength(0);
    }
    expect(await t.sql('SELECT 1 FROM api_keys WHERE org_id = $1', [ops.id])).toHaveLength(0);
  });

  it('gives a creator studio keys with creator scopes, which act for the studio', async () => {
    const owner = await createUser(t);
    const studio = await createOrg(t, owner, 'creator', 'Driftwood Films');
    const created = await t.request('POST', `/v1/orgs/${studio.id}/api-keys`, {
      token: owner.token,
      body: { name: 'Bulk uploader', scopes: ['uploads:write', 'clips:read', 'catalog:read'] },
    });
    expect(created.status).toBe(201);
    const { apiKey, secret } = CreatedApiKey.parse(created.body);
    expect(apiKey).toMatchObject({
      orgId: studio.id,
      scopes: ['catalog:read', 'clips:read', 'uploads:write'],
    });
    const [row] = await t.sql('SELECT org_id, scopes FROM api_keys WHERE id = $1', [apiKey.id]);
    expect(row).toEqual({
      org_id: studio.id,
      scopes: ['catalog:read', 'clips:read', 'uploads:write'],
    });

    const whoami = await t.request('GET', '/v1/auth/whoami', { token: secret });
    expect(WhoAmI.parse(whoami.body)).toMatchObject({
      type: 'api_key',
      keyId: apiKey.id,
      scopes: ['catalog:read', 'clips:read', 'uploads:write'],
      org: { id: studio.id, kind: 'creator' },
    });
    const own = await t.request('GET', `/v1/orgs/${studio.id}`, { token: secret });
    expect(own.status).toBe(200);
    expect(MyOrganization.parse(own.body)).toMatchObject({ id: studio.id, role: 'member' });
  });

  describe('scopes', () => {
    // Everything a refused call could have touched; a key's last use is recorded on any call it
    // authenticates, refused or not, like a session's.
    const snapshot = async () =>
      JSON.stringify([
        await t.sql('SELECT id, org_id, name, scopes, revoked_at FROM api_keys ORDER BY id'),
        await t.sql('SELECT id, name, kind FROM organizations ORDER BY id'),
        await t.sql('SELECT org_id, user_id, role FROM memberships ORDER BY org_id, user_id'),
        await t.sql('SELECT count(*)::int AS n FROM audit_log'),
      ]);

    it('let a key call a route that names a scope it holds, and refuse one it lacks (403, nothing changes)', async () => {
      const owner = await createUser(t);
      const lab = await createOrg(t, owner, 'lab');
      const studio = await createOrg(t, owner, 'creator');
      const reader = await createApiKey(t, lab.id, owner, 'reader', ['catalog:read']);
      const buyer = await createApiKey(t, lab.id, owner, 'buyer', ['orders:read', 'orders:write']);
      const uploader = await createApiKey(t, studio.id, owner, 'uploader', ['uploads:write']);

      for (const [key, orgId] of [
        [reader, lab.id],
        [await createApiKey(t, studio.id, owner, 'studio reader', ['catalog:read']), studio.id],
      ] as const) {
        const res = await t.request('GET', `/v1/orgs/${orgId}`, { token: key.secret });
        expect(res.status).toBe(200);
        expect(res.body.id).toBe(orgId);
      }

      for (const [key, orgId] of [
        [buyer, lab.id],
        [uploader, studio.id],
      ] as const) {
        const before = await snapshot();
        const res = await t.request('GET', `/v1/orgs/${orgId}`, { token: key.secret });
        expect(res.status).toBe(403);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.body).toMatchObject({
          code: 'insufficient_scope',
          detail:
            'This route needs an API key with the scope catalog:read (search and read the public catalog). Create a key that has it.',
        });
        expect(await snapshot()).toBe(before);
        // The scope-less route still answers: the key is live, it only lacks the scope.
        const whoami = await t.request('GET', '/v1/auth/whoami', { token: key.secret });
        expect(whoami.body).toMatchObject({ keyId: key.id, scopes: key.scopes });
      }
    });

    it('never open another organization: its keys get 404 there whatever they hold', async () => {
      const ownerA = await createUser(t);
      const ownerB = await createUser(t);
      const labA = await createOrg(t, ownerA, 'lab');
      const labB = await createOrg(t, ownerB, 'lab');
      const keyB = await createApiKey(t, labB.id, ownerB);
      const noScope = await createApiKey(t, labB.id, ownerB, 'no catalog', ['orders:read']);
      const studioB = await createOrg(t, ownerB, 'creator');
      const studioKey = await createApiKey(t, studioB.id, ownerB);
      for (const key of [keyB, noScope, studioKey]) {
        const before = await snapshot();
        const res = await t.request('GET', `/v1/orgs/${labA.id}`, { token: key.secret });
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('not_found');
        expect(await snapshot()).toBe(before);
      }
    });

    it.each([
      [
        'lab',
        ['catalog:read', 'uploads:write'],
        "A lab organization's key cannot hold uploads:write.",
      ],
      [
        'lab',
        ['clips:read', 'clips:write'],
        "A lab organization's key cannot hold clips:read, clips:write.",
      ],
      ['creator', ['orders:write'], "A creator organization's key cannot hold orders:write."],
      [
        'creator',
        ['clips:write', 'models:write'],
        "A creator organization's key cannot hold models:write.",
      ],
    ] as const)(
      'refuses a %s key with scopes its kind may not hold %j (422 on scopes, no row)',
      async (kind, scopes, message) => {
        const owner = await createUser(t);
        const org = await createOrg(t, owner, kind);
        const before = await snapshot();
        const res = await t.request('POST', `/v1/orgs/${org.id}/api-keys`, {
          token: owner.token,
          body: { name: 'k', scopes },
        });
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('validation_failed');
        expect(res.body.errors).toEqual([
          {
            path: 'scopes',
            code: 'scope_not_allowed',
            message: `${message} Choose from ${API_KEY_SCOPES_BY_KIND[kind].join(', ')}.`,
          },
        ]);
        expect(await snapshot()).toBe(before);
        expect(await t.sql('SELECT 1 FROM api_keys WHERE org_id = $1', [org.id])).toHaveLength(0);
      },
    );

    it.each([
      ['missing', { name: 'k' }, 'scopes', 'Choose at least one scope.'],
      ['empty', { name: 'k', scopes: [] }, 'scopes', 'Choose at least one scope.'],
      [
        'repeated',
        { name: 'k', scopes: ['catalog:read', 'catalog:read'] },
        'scopes',
        'Choose each scope once (repeated: catalog:read).',
      ],
      ['unknown', { name: 'k', scopes: ['admin'] }, 'scopes.0', 'Choose a scope from the list.'],
      ['not a list', { name: 'k', scopes: 'catalog:read' }, 'scopes', 'Choose at least one scope.'],
    ] as const)(
      'refuses %s scopes (422 with the field, no row)',
      async (_label, body, path, message) => {
        const owner = await createUser(t);
        const lab = await createOrg(t, owner, 'lab');
        const before = await snapshot();
        const res = await t.request('POST', `/v1/orgs/${lab.id}/api-keys`, {
          token: owner.token,
          body,
        });
        expect(res.status).toBe(422);
        expect(res.body.errors).toEqual([expect.objectContaining({ path, message })]);
        expect(await snapshot()).toBe(before);
      },
    );
  });

  it('lists each organization’s own keys with their scopes, newest first, a studio’s and a lab’s in the database', async () => {
    const ownerA = await createUser(t);
    const ownerB = await createUser(t);
    const lab = await createOrg(t, ownerA, 'lab');
    const studio = await createOrg(t, ownerB, 'creator');
    // Interleaved, so neither organization's keys are one contiguous block of time.
    const labKeys: TestApiKey[] = [];
    const studioKeys: TestApiKey[] = [];
    for (let i = 0; i < 3; i++) {
      labKeys.push(await createApiKey(t, lab.id, ownerA, `A${i}`));
      studioKeys.push(await createApiKey(t, studio.id, ownerB, `B${i}`, ['clips:read']));
    }
    const list = async (orgId: string, token: string) =>
      (await t.request('GET', `/v1/orgs/${orgId}/api-keys`, { token })).body.items.map(
        (item: unknown) => {
          const key = ApiKey.parse(item);
          return [key.id, key.scopes];
        },
      );
    const a = await list(lab.id, ownerA.token);
    const b = await list(studio.id, ownerB.token);
    const expected = (keys: TestApiKey[]) => keys.map((k) => [k.id, k.scopes]);
    expect(new Set(a.map(String))).toEqual(new Set(expected(labKeys).map(String)));
    expect(new Set(b.map(String))).toEqual(new Set(expected(studioKeys).map(String)));
    expect(a).toEqual(expected(labKeys).reverse());
    expect(b).toEqual(expected(studioKeys).reverse());
    expect(a[0][1]).toEqual([
      'catalog:read',
      'bundles:write',
      'orders:read',
      'orders:write',
      'models:write',
    ]);
    expect(b[0][1]).toEqual(['clips:read']);
  });
});
