import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiKey, CreatedApiKey, WhoAmI } from '@clearframe/contracts/accounts';
import { addMember, createApiKey, createOrg, createUser } from './factories/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('lab API keys', () => {
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
      body: { name: 'Training cluster' },
    });
    expect(created.status).toBe(201);
    const { apiKey, secret } = CreatedApiKey.parse(created.body);
    expect(secret.startsWith(`${apiKey.prefix}_`)).toBe(true);
    const [row] = await t.sql('SELECT secret_hash FROM api_keys WHERE id = $1', [apiKey.id]);
    expect(row.secret_hash).not.toContain(secret.split('_').pop());

    const listed = await t.request('GET', `/v1/orgs/${lab.id}/api-keys`, { token: owner.token });
    expect(listed.text).not.toContain(secret);
    expect(listed.body.items).toHaveLength(1);
    expect(ApiKey.parse(listed.body.items[0])).toMatchObject({ id: apiKey.id, lastUsedAt: null });

    const whoami = await t.request('GET', '/v1/auth/whoami', { token: secret });
    expect(WhoAmI.parse(whoami.body)).toMatchObject({
      type: 'api_key',
      keyName: 'Training cluster',
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
          body: { name: 'self-replicating' },
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

  it('is for labs only, created by owners, listed by members', async () => {
    const owner = await createUser(t);
    const member = await createUser(t);
    const studio = await createOrg(t, owner, 'creator');
    const forStudio = await t.request('POST', `/v1/orgs/${studio.id}/api-keys`, {
      token: owner.token,
      body: { name: 'k' },
    });
    expect(forStudio.status).toBe(403);
    expect(forStudio.body.detail).toContain('lab');
    const lab = await createOrg(t, owner, 'lab');
    await addMember(t, lab.id, member);
    expect(
      (await t.request('GET', `/v1/orgs/${lab.id}/api-keys`, { token: member.token })).status,
    ).toBe(200);
    expect(
      (
        await t.request('POST', `/v1/orgs/${lab.id}/api-keys`, {
          token: member.token,
          body: { name: 'k' },
        })
      ).status,
    ).toBe(403);
    const empty = await t.request('POST', `/v1/orgs/${lab.id}/api-keys`, {
      token: owner.token,
      body: { name: '   ' },
    });
    expect(empty.status).toBe(422);
    expect(await t.sql('SELECT 1 FROM api_keys WHERE org_id = $1', [lab.id])).toHaveLength(0);
  });

  it('lists each lab’s own keys, newest first, with two labs’ keys in the database', async () => {
    const ownerA = await createUser(t);
    const ownerB = await createUser(t);
    const labA = await createOrg(t, ownerA, 'lab');
    const labB = await createOrg(t, ownerB, 'lab');
    // Interleaved, so neither lab's keys are one contiguous block of time.
    const keysA = [];
    const keysB = [];
    for (let i = 0; i < 3; i++) {
      keysA.push(await createApiKey(t, labA.id, ownerA, `A${i}`));
      keysB.push(await createApiKey(t, labB.id, ownerB, `B${i}`));
    }
    const list = async (orgId: string, token: string) =>
      (await t.request('GET', `/v1/orgs/${orgId}/api-keys`, { token })).body.items.map(
        (item: unknown) => ApiKey.parse(item).id,
      );
    const a = await list(labA.id, ownerA.token);
    const b = await list(labB.id, ownerB.token);
    expect(new Set(a)).toEqual(new Set(keysA.map((k) => k.id)));
    expect(new Set(b)).toEqual(new Set(keysB.map((k) => k.id)));
    expect(a).toEqual(keysA.map((k) => k.id).reverse());
    expect(b).toEqual(keysB.map((k) => k.id).reverse());
  });
});
