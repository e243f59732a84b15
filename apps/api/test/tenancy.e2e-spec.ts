import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MyOrganization } from '@clearframe/contracts/accounts';
import {
  addClipPerson,
  addMember,
  createApiKey,
  createClip,
  createInvitation,
  createListedClip,
  createOrg,
  createRelease,
  createUser,
  type TestApiKey,
  type TestCuratedClip,
  type TestRelease,
  type TestUser,
} from './factories/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { putParts, startUpload } from './support/uploads.js';

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

  describe('uploads', () => {
    let aliceStudio2Id: string;
    let malloryStudioId: string;
    let aliceUploadId: string;
    let aliceParts: { partNumber: number; etag: string }[];
    const aliceUploads: string[] = [];
    const malloryUploads: string[] = [];

    beforeAll(async () => {
      malloryStudioId = (await createOrg(t, mallory, 'creator')).id;
      aliceStudio2Id = (await createOrg(t, alice, 'creator')).id;
      const body = (name: string) => ({ fileName: name, sizeBytes: 64, contentType: 'video/mp4' });
      const open = await startUpload(t, aliceStudioId, alice.token, body('alice.mp4'));
      aliceUploadId = open.upload.id;
      aliceParts = await putParts(t, aliceStudioId, alice.token, open.upload, Buffer.alloc(64, 1));
      aliceUploads.push(aliceUploadId);
      for (const name of ['alice-2.mp4', 'alice-3.mp4']) {
        aliceUploads.push((await startUpload(t, aliceStudioId, alice.token, body(name))).upload.id);
      }
      for (const name of ['mallory-1.mp4', 'mallory-2.mp4']) {
        malloryUploads.push(
          (await startUpload(t, malloryStudioId, mallory.token, body(name))).upload.id,
        );
      }
      // Alice's other studio: her session reaches both, but each lists only its own.
      await startUpload(t, aliceStudio2Id, alice.token, body('other-studio.mp4'));
    });

    const uploadSnapshot = async () =>
      JSON.stringify([
        await t.sql('SELECT * FROM uploads ORDER BY id'),
        await t.sql('SELECT * FROM clips ORDER BY id'),
        await t.sql('SELECT count(*)::int AS n FROM audit_log'),
        await t.sql("SELECT count(*)::int AS n FROM pgboss.job WHERE name LIKE 'uploads.%'"),
      ]);

    it('each organization lists exactly its own uploads', async () => {
      const ids = async (orgId: string, token: string) =>
        new Set(
          (await t.request('GET', `/v1/orgs/${orgId}/uploads`, { token })).body.items.map(
            (item: { id: string }) => item.id,
          ),
        );
      expect(await ids(aliceStudioId, alice.token)).toEqual(new Set(aliceUploads));
      expect(await ids(malloryStudioId, mallory.token)).toEqual(new Set(malloryUploads));
      expect((await ids(aliceStudio2Id, alice.token)).size).toBe(1);
    });

    // Routes on an upload are tried through Alice's studio and through Mallory's own studio with
    // Alice's upload id; routes on the studio only through Alice's.
    it.each([
      ['list uploads', 'GET', (org: string) => `/v1/orgs/${org}/uploads`, undefined, false],
      [
        'start an upload',
        'POST',
        (org: string) => `/v1/orgs/${org}/uploads`,
        { fileName: 'x.mp4', sizeBytes: 1, contentType: 'video/mp4' },
        false,
      ],
      [
        'sign parts',
        'POST',
        (org: string, id: string) => `/v1/orgs/${org}/uploads/${id}/parts`,
        { partNumbers: [1] },
        true,
      ],
      [
        'list stored parts',
        'GET',
        (org: string, id: string) => `/v1/orgs/${org}/uploads/${id}/parts`,
        undefined,
        true,
      ],
      [
        'complete',
        'POST',
        (org: string, id: string) => `/v1/orgs/${org}/uploads/${id}/complete`,
        'parts',
        true,
      ],
      [
        'cancel',
        'DELETE',
        (org: string, id: string) => `/v1/orgs/${org}/uploads/${id}`,
        undefined,
        true,
      ],
    ] as const)(
      "another organization cannot %s of Alice's studio (404, nothing changes)",
      async (_label, method, path, body, namesUpload) => {
        const send = body === 'parts' ? { parts: aliceParts } : body;
        for (const orgId of namesUpload ? [aliceStudioId, malloryStudioId] : [aliceStudioId]) {
          const before = await uploadSnapshot();
          const res = await t.request(method, path(orgId, aliceUploadId), {
            token: mallory.token,
            ...(send ? { body: send } : {}),
          });
          expect(res.status).toBe(404);
          expect(res.body.code).toBe('not_found');
          expect(await uploadSnapshot()).toBe(before);
        }
      },
    );

    it("a creator's API key reaches only its own studio's uploads", async () => {
      const malloryKey = await createApiKey(t, malloryStudioId, mallory, 'cli', ['uploads:write']);
      const before = await uploadSnapshot();
      for (const [method, path, body] of [
        ['GET', `/v1/orgs/${aliceStudioId}/uploads`, undefined],
        [
          'POST',
          `/v1/orgs/${malloryStudioId}/uploads/${aliceUploadId}/parts`,
          { partNumbers: [1] },
        ],
        [
          'POST',
          `/v1/orgs/${malloryStudioId}/uploads/${aliceUploadId}/complete`,
          { parts: aliceParts },
        ],
        ['DELETE', `/v1/orgs/${malloryStudioId}/uploads/${aliceUploadId}`, undefined],
      ] as const) {
        const res = await t.request(method, path, {
          token: malloryKey.secret,
          ...(body ? { body } : {}),
        });
        expect(res.status).toBe(404);
      }
      expect(await uploadSnapshot()).toBe(before);
      // Alice's parts are still there for her.
      const parts = await t.request(
        'GET',
        `/v1/orgs/${aliceStudioId}/uploads/${aliceUploadId}/parts`,
        {
          token: alice.token,
        },
      );
      expect(parts.body.parts).toEqual([
        { partNumber: 1, sizeBytes: 64, etag: aliceParts[0]!.etag },
      ]);
    });
  });

  // Declared after the organizations list: it gives mallory a studio that list must not see.
  describe('clips, people and releases', () => {
    let malloryStudioId: string;
    let aliceClip: TestCuratedClip;
    let aliceDraftId: string;
    let aliceRelease: TestRelease;
    let malloryClipId: string;
    let malloryStudioKey: TestApiKey;
    const usd = { amountMinor: 100, currency: 'USD' };

    beforeAll(async () => {
      malloryStudioId = (await createOrg(t, mallory, 'creator')).id;
      malloryStudioKey = await createApiKey(t, malloryStudioId, mallory);
      aliceClip = await createListedClip(t, aliceStudioId, alice);
      aliceDraftId = (await createClip(t, aliceStudioId)).id;
      aliceRelease = await createRelease(t, aliceStudioId);
      await addClipPerson(t, { id: aliceDraftId, orgId: aliceStudioId }, aliceRelease);
      malloryClipId = (await createClip(t, malloryStudioId)).id;
      await createClip(t, malloryStudioId, { state: 'listed' });
      await createRelease(t, malloryStudioId);
    });

    const clipsSnapshot = async () =>
      JSON.stringify([
        await t.sql('SELECT * FROM clips ORDER BY id'),
        await t.sql('SELECT id, clip_id, version FROM clip_policy_versions ORDER BY id'),
        await t.sql('SELECT * FROM clip_people ORDER BY clip_id, person_id'),
        await t.sql('SELECT id, state FROM releases ORDER BY id'),
        await t.sql('SELECT id, name FROM people ORDER BY id'),
      ]);

    it('lists exactly each studio’s own clips and releases', async () => {
      for (const [orgId, token] of [
        [aliceStudioId, alice.token],
        [malloryStudioId, mallory.token],
      ] as const) {
        for (const [path, table] of [
          ['clips', 'clips'],
          ['releases', 'releases'],
        ] as const) {
          const res = await t.request('GET', `/v1/orgs/${orgId}/${path}?limit=100`, { token });
          expect(res.status).toBe(200);
          const own = await t.sql(`SELECT id FROM ${table} WHERE org_id = $1`, [orgId]);
          expect(new Set(res.body.items.map((item: { id: string }) => item.id))).toEqual(
            new Set(own.map((row) => row.id)),
          );
          expect(own.length).toBeGreaterThan(0);
        }
      }
    });

    const policy = { templateId: 'evaluation-only', ratePerMinute: usd };
    const foreign: Array<[string, string, () => string, (() => unknown) | undefined]> = [
      ['list clips', 'GET', () => `/v1/orgs/${aliceStudioId}/clips`, undefined],
      ['read a clip', 'GET', () => `/v1/orgs/${aliceStudioId}/clips/${aliceClip.id}`, undefined],
      [
        'describe a clip',
        'PATCH',
        () => `/v1/orgs/${aliceStudioId}/clips/${aliceClip.id}`,
        () => ({ title: 'x' }),
      ],
      [
        'read its people',
        'GET',
        () => `/v1/orgs/${aliceStudioId}/clips/${aliceDraftId}/people`,
        undefined,
      ],
      [
        'set its people',
        'PUT',
        () => `/v1/orgs/${aliceStudioId}/clips/${aliceDraftId}/people`,
        () => ({ identifiablePeople: false }),
      ],
      [
        'add a person',
        'POST',
        () => `/v1/orgs/${aliceStudioId}/clips/${aliceDraftId}/people`,
        () => ({ name: 'x' }),
      ],
      [
        'remove a person',
        'DELETE',
        () => `/v1/orgs/${aliceStudioId}/clips/${aliceDraftId}/people/${aliceRelease.personId}`,
        undefined,
      ],
      [
        'set a policy',
        'PUT',
        () => `/v1/orgs/${aliceStudioId}/clips/${aliceClip.id}/policy`,
        () => policy,
      ],
      [
        'attest',
        'POST',
        () => `/v1/orgs/${aliceStudioId}/clips/${aliceDraftId}/attest`,
        () => ({ ownsAllRights: true }),
      ],
      ['submit', 'POST', () => `/v1/orgs/${aliceStudioId}/clips/${aliceDraftId}/submit`, undefined],
      ['delist', 'POST', () => `/v1/orgs/${aliceStudioId}/clips/${aliceClip.id}/delist`, undefined],
      [
        'bulk-edit',
        'POST',
        () => `/v1/orgs/${aliceStudioId}/clips/bulk`,
        () => ({ clipIds: [aliceClip.id], category: 'urban' }),
      ],
      ['list releases', 'GET', () => `/v1/orgs/${aliceStudioId}/releases`, undefined],
      [
        'read a release',
        'GET',
        () => `/v1/orgs/${aliceStudioId}/releases/${aliceRelease.id}`,
        undefined,
      ],
      [
        'confirm a release',
        'POST',
        () => `/v1/orgs/${aliceStudioId}/releases/${aliceRelease.id}/confirm`,
        undefined,
      ],
      [
        'record a release',
        'POST',
        () => `/v1/orgs/${aliceStudioId}/releases`,
        () => ({
          person: { name: 'x' },
          signedOn: '2026-01-01',
          consent: { aiTraining: true },
          document: { fileName: 'r.pdf', contentType: 'application/pdf', sizeBytes: 5 },
        }),
      ],
      // Her own studio in the path, the other studio's ids in the request.
      [
        'read the clip through her studio',
        'GET',
        () => `/v1/orgs/${malloryStudioId}/clips/${aliceClip.id}`,
        undefined,
      ],
      [
        'describe it through her studio',
        'PATCH',
        () => `/v1/orgs/${malloryStudioId}/clips/${aliceClip.id}`,
        () => ({ title: 'x' }),
      ],
      [
        'set its policy through her studio',
        'PUT',
        () => `/v1/orgs/${malloryStudioId}/clips/${aliceClip.id}/policy`,
        () => policy,
      ],
      [
        'delist it through her studio',
        'POST',
        () => `/v1/orgs/${malloryStudioId}/clips/${aliceClip.id}/delist`,
        undefined,
      ],
      [
        'submit it through her studio',
        'POST',
        () => `/v1/orgs/${malloryStudioId}/clips/${aliceDraftId}/submit`,
        undefined,
      ],
      [
        'bulk-edit it with her own clip',
        'POST',
        () => `/v1/orgs/${malloryStudioId}/clips/bulk`,
        () => ({ clipIds: [malloryClipId, aliceClip.id], category: 'urban' }),
      ],
      [
        'attach the release to her clip',
        'PUT',
        () => `/v1/orgs/${malloryStudioId}/clips/${malloryClipId}/people`,
        () => ({ identifiablePeople: true, people: [{ releaseId: aliceRelease.id }] }),
      ],
      [
        'attach the person to her clip',
        'POST',
        () => `/v1/orgs/${malloryStudioId}/clips/${malloryClipId}/people`,
        () => ({ personId: aliceRelease.personId }),
      ],
      [
        'read the release through her studio',
        'GET',
        () => `/v1/orgs/${malloryStudioId}/releases/${aliceRelease.id}`,
        undefined,
      ],
      [
        'confirm the release through her studio',
        'POST',
        () => `/v1/orgs/${malloryStudioId}/releases/${aliceRelease.id}/confirm`,
        undefined,
      ],
      [
        'record a release for the person',
        'POST',
        () => `/v1/orgs/${malloryStudioId}/releases`,
        () => ({
          person: { id: aliceRelease.personId },
          signedOn: '2026-01-01',
          consent: { aiTraining: true },
          document: { fileName: 'r.pdf', contentType: 'application/pdf', sizeBytes: 5 },
        }),
      ],
    ];

    it.each(foreign)(
      'another studio cannot %s (404, nothing changes)',
      async (_l, method, path, body) => {
        for (const token of [mallory.token, malloryStudioKey.secret]) {
          const before = await clipsSnapshot();
          const res = await t.request(method, path(), { token, ...(body ? { body: body() } : {}) });
          // The attestation is a person's act: keys never reach it, in any studio.
          expect(res.status).toBe(404);
          expect([
            'not_found',
            'clip_not_found',
            'release_not_found',
            'person_not_found',
          ]).toContain(res.body.code);
          expect(await clipsSnapshot()).toBe(before);
        }
      },
    );

    it('answers another studio’s clip exactly like a clip that does not exist', async () => {
      const missing = await t.request(
        'GET',
        `/v1/orgs/${malloryStudioId}/clips/00000000-0000-4000-8000-000000000000`,
        { token: mallory.token },
      );
      const foreignClip = await t.request(
        'GET',
        `/v1/orgs/${malloryStudioId}/clips/${aliceClip.id}`,
        {
          token: mallory.token,
        },
      );
      expect({ ...missing.body, requestId: 0, instance: 0 }).toEqual({
        ...foreignClip.body,
        requestId: 0,
        instance: 0,
      });
    });
  });

  describe('bundles', () => {
    let aliceBundleId: string;
    let malloryBundleId: string;
    let bundledClipId: string;
    const aliceBundles: string[] = [];
    const malloryBundles: string[] = [];

    beforeAll(async () => {
      bundledClipId = (await createListedClip(t, aliceStudioId, alice)).id;
      for (const [orgId, token, ids] of [
        [aliceLabId, alice.token, aliceBundles],
        [malloryLabId, mallory.token, malloryBundles],
        [aliceLabId, aliceKey.secret, aliceBundles],
        [malloryLabId, malloryKey.secret, malloryBundles],
      ] as const) {
        const res = await t.request('POST', `/v1/orgs/${orgId}/bundles`, {
          token,
          body: { name: `Bundle ${ids.length + 1}` },
        });
        expect(res.status).toBe(201);
        ids.push(res.body.id);
        await t.request('POST', `/v1/orgs/${orgId}/bundles/${res.body.id}/clips`, {
          token,
          body: { clipIds: [bundledClipId] },
        });
        t.clock.advance(1_000);
      }
      aliceBundleId = aliceBundles[0]!;
      malloryBundleId = malloryBundles[0]!;
    });

    const bundlesSnapshot = async () =>
      JSON.stringify([
        await t.sql('SELECT * FROM bundles ORDER BY id'),
        await t.sql('SELECT * FROM bundle_clips ORDER BY bundle_id, clip_id'),
      ]);

    it('lists each lab exactly its own bundles, for its people and its keys', async () => {
      for (const [orgId, tokens, own] of [
        [aliceLabId, [alice.token, aliceKey.secret], aliceBundles],
        [malloryLabId, [mallory.token, malloryKey.secret], malloryBundles],
      ] as const) {
        for (const token of tokens) {
          const res = await t.request('GET', `/v1/orgs/${orgId}/bundles`, { token });
          expect(new Set(res.body.items.map((item: { id: string }) => item.id))).toEqual(
            new Set(own),
          );
        }
      }
    });

    it.each([
      ['list bundles', 'GET', () => `/v1/orgs/${aliceLabId}/bundles`, undefined],
      ['create a bundle', 'POST', () => `/v1/orgs/${aliceLabId}/bundles`, { name: 'x' }],
      ['read a bundle', 'GET', () => `/v1/orgs/${aliceLabId}/bundles/${aliceBundleId}`, undefined],
      [
        'rename a bundle',
        'PATCH',
        () => `/v1/orgs/${aliceLabId}/bundles/${aliceBundleId}`,
        { name: 'Pwned' },
      ],
      [
        'delete a bundle',
        'DELETE',
        () => `/v1/orgs/${aliceLabId}/bundles/${aliceBundleId}`,
        undefined,
      ],
      [
        'add clips',
        'POST',
        () => `/v1/orgs/${aliceLabId}/bundles/${aliceBundleId}/clips`,
        { clipIds: ['00000000-0000-4000-8000-000000000001'] },
      ],
      [
        'add a search’s results',
        'POST',
        () => `/v1/orgs/${aliceLabId}/bundles/${aliceBundleId}/clips/from-search`,
        {},
      ],
      [
        'remove a clip',
        'DELETE',
        () => `/v1/orgs/${aliceLabId}/bundles/${aliceBundleId}/clips/${bundledClipId}`,
        undefined,
      ],
      [
        'read a quote',
        'GET',
        () => `/v1/orgs/${aliceLabId}/bundles/${aliceBundleId}/quote`,
        undefined,
      ],
      // Her own lab in the path, the other lab's bundle id.
      [
        'read the bundle through her lab',
        'GET',
        () => `/v1/orgs/${malloryLabId}/bundles/${aliceBundleId}`,
        undefined,
      ],
      [
        'rename it through her lab',
        'PATCH',
        () => `/v1/orgs/${malloryLabId}/bundles/${aliceBundleId}`,
        { name: 'Pwned' },
      ],
      [
        'delete it through her lab',
        'DELETE',
        () => `/v1/orgs/${malloryLabId}/bundles/${aliceBundleId}`,
        undefined,
      ],
      [
        'add to it through her lab',
        'POST',
        () => `/v1/orgs/${malloryLabId}/bundles/${aliceBundleId}/clips`,
        { clipIds: ['00000000-0000-4000-8000-000000000001'] },
      ],
      [
        'add a search’s results to it through her lab',
        'POST',
        () => `/v1/orgs/${malloryLabId}/bundles/${aliceBundleId}/clips/from-search`,
        {},
      ],
      [
        'remove from it through her lab',
        'DELETE',
        () => `/v1/orgs/${malloryLabId}/bundles/${aliceBundleId}/clips/${bundledClipId}`,
        undefined,
      ],
      [
        'quote it through her lab',
        'GET',
        () => `/v1/orgs/${malloryLabId}/bundles/${aliceBundleId}/quote`,
        undefined,
      ],
    ] as const)(
      "another lab cannot %s of Alice's lab (404, nothing changes)",
      async (_label, method, path, body) => {
        for (const token of [mallory.token, malloryKey.secret]) {
          const before = await bundlesSnapshot();
          const res = await t.request(method, path(), { token, ...(body ? { body } : {}) });
          expect(res.status).toBe(404);
          expect(['not_found', 'bundle_not_found']).toContain(res.body.code);
          expect(await bundlesSnapshot()).toBe(before);
        }
      },
    );

    it('answers another lab’s bundle exactly like a bundle that does not exist', async () => {
      const missing = await t.request(
        'GET',
        `/v1/orgs/${malloryLabId}/bundles/00000000-0000-4000-8000-000000000000/quote`,
        { token: mallory.token },
      );
      const foreignBundle = await t.request(
        'GET',
        `/v1/orgs/${malloryLabId}/bundles/${aliceBundleId}/quote`,
        { token: mallory.token },
      );
      expect(missing.body.code).toBe('bundle_not_found');
      expect({ ...missing.body, requestId: 0, instance: 0 }).toEqual({
        ...foreignBundle.body,
        requestId: 0,
        instance: 0,
      });
      // Her own bundle still works, and holds what she put in it.
      const own = await t.request('GET', `/v1/orgs/${malloryLabId}/bundles/${malloryBundleId}`, {
        token: mallory.token,
      });
      expect(own.body.clips.map((clip: { clipId: string }) => clip.clipId)).toEqual([
        bundledClipId,
      ]);
    });

    it('a creator organization cannot make or read bundles', async () => {
      const before = await bundlesSnapshot();
      for (const [method, body] of [
        ['GET', undefined],
        ['POST', { name: 'A studio bundle' }],
      ] as const) {
        const res = await t.request(method, `/v1/orgs/${aliceStudioId}/bundles`, {
          token: alice.token,
          ...(body ? { body } : {}),
        });
        expect([res.status, res.body.code]).toEqual([403, 'forbidden']);
      }
      expect(await bundlesSnapshot()).toBe(before);
    });
  });
  describe('orders', () => {
    const aliceOrders: string[] = [];
    const malloryOrders: string[] = [];

    /** A bundle of one listed clip, ordered and paid on the offline checkout. */
    const paidOrder = async (orgId: string, token: string, ids: string[]) => {
      const clip = await createListedClip(t, aliceStudioId, alice);
      const bundle = await t.request('POST', `/v1/orgs/${orgId}/bundles`, {
        token,
        body: { name: `Order ${ids.length + 1}` },
      });
      await t.request('POST', `/v1/orgs/${orgId}/bundles/${bundle.body.id}/clips`, {
        token,
        body: { clipIds: [clip.id] },
      });
      const quote = await t.request('GET', `/v1/orgs/${orgId}/bundles/${bundle.body.id}/quote`, {
        token,
      });
      const order = await t.request('POST', `/v1/orgs/${orgId}/orders`, {
        token,
        headers: { 'Idempotency-Key': `tenancy-${orgId}-${ids.length}` },
        body: {
          bundleId: bundle.body.id,
          quoteToken: quote.body.quoteToken,
          acceptedTermsHashes: quote.body.terms.map((g: { termsHash: string }) => g.termsHash),
        },
      });
      expect(order.status).toBe(201);
      const sessionId = (order.body.checkout.url as string).split('/').pop();
      await t.request('POST', `/v1/payments/offline/checkout/${sessionId}/confirm`);
      ids.push(order.body.id);
      t.clock.advance(1_000);
    };

    beforeAll(async () => {
      await paidOrder(aliceLabId, alice.token, aliceOrders);
      await paidOrder(malloryLabId, mallory.token, malloryOrders);
      await paidOrder(aliceLabId, aliceKey.secret, aliceOrders);
      await paidOrder(malloryLabId, malloryKey.secret, malloryOrders);
      await t.drainJobs();
    });

    const ordersSnapshot = async () =>
      JSON.stringify([
        await t.sql('SELECT * FROM orders ORDER BY id'),
        await t.sql('SELECT * FROM license_grants ORDER BY id'),
        await t.sql('SELECT count(*) FROM journal_entries'),
      ]);

    it('lists each lab exactly its own orders, for its people and its keys', async () => {
      for (const [orgId, tokens, own] of [
        [aliceLabId, [alice.token, aliceKey.secret], aliceOrders],
        [malloryLabId, [mallory.token, malloryKey.secret], malloryOrders],
      ] as const) {
        for (const token of tokens) {
          const res = await t.request('GET', `/v1/orgs/${orgId}/orders`, { token });
          expect(new Set(res.body.items.map((item: { id: string }) => item.id))).toEqual(
            new Set(own),
          );
          expect(
            res.body.items.every((item: { status: string }) => item.status === 'fulfilled'),
          ).toBe(true);
        }
      }
    });

    it.each([
      ['read an order', (lab: string, order: string) => `/v1/orgs/${lab}/orders/${order}`],
      [
        'read a manifest',
        (lab: string, order: string) => `/v1/orgs/${lab}/orders/${order}/manifest.jsonl`,
      ],
      [
        'read a Croissant card',
        (lab: string, order: string) => `/v1/orgs/${lab}/orders/${order}/croissant.json`,
      ],
    ] as const)(
      "another lab cannot %s of Alice's lab (404, nothing changes)",
      async (_label, path) => {
        const before = await ordersSnapshot();
        for (const token of [mallory.token, malloryKey.secret]) {
          for (const lab of [aliceLabId, malloryLabId]) {
            const res = await t.request('GET', path(lab, aliceOrders[0]!), { token });
            expect(res.status).toBe(404);
            expect(['not_found', 'order_not_found']).toContain(res.body.code);
            expect(res.text).not.toContain('X-Amz-Signature');
          }
        }
        // Her own order answers, so the 404 above is about ownership, not the route.
        const own = await t.request('GET', path(malloryLabId, malloryOrders[0]!), {
          token: mallory.token,
        });
        expect(own.status).toBe(200);
        expect(await ordersSnapshot()).toBe(before);
      },
    );

    it("another lab cannot order from Alice's bundle, and a creator cannot order at all", async () => {
      const before = await ordersSnapshot();
      const bundle = await t.request('POST', `/v1/orgs/${aliceLabId}/bundles`, {
        token: alice.token,
        body: { name: 'Not for Mallory' },
      });
      const quote = await t.request(
        'GET',
        `/v1/orgs/${aliceLabId}/bundles/${bundle.body.id}/quote`,
        {
          token: alice.token,
        },
      );
      const body = {
        bundleId: bundle.body.id,
        quoteToken: quote.body.quoteToken,
        acceptedTermsHashes: [`sha256:${'0'.repeat(64)}`],
      };
      for (const token of [mallory.token, malloryKey.secret]) {
        const res = await t.request('POST', `/v1/orgs/${malloryLabId}/orders`, {
          token,
          headers: { 'Idempotency-Key': 'steal' },
          body,
        });
        expect([res.status, res.body.code]).toEqual([422, 'quote_invalid']);
      }
      const creator = await t.request('POST', `/v1/orgs/${aliceStudioId}/orders`, {
        token: alice.token,
        headers: { 'Idempotency-Key': 'studio' },
        body,
      });
      expect([creator.status, creator.body.code]).toEqual([403, 'forbidden']);
      expect(await ordersSnapshot()).toBe(before);
    });

    it("shows each studio only its own earnings; another studio's people and keys get 404, a lab 403", async () => {
      const before = await ordersSnapshot();
      const malloryStudio = (await createOrg(t, mallory, 'creator')).id;
      const malloryStudioKey = await createApiKey(t, malloryStudio, mallory, 'books', [
        'clips:read',
      ]);
      const aliceStudioKey = await createApiKey(t, aliceStudioId, alice, 'books', ['clips:read']);
      const earnings = (orgId: string, token: string) =>
        t.request('GET', `/v1/orgs/${orgId}/earnings?limit=100`, { token });
      // Every order above bought a clip of Alice's studio, whichever lab placed it.
      for (const token of [alice.token, aliceStudioKey.secret]) {
        const own = await earnings(aliceStudioId, token);
        expect(own.status).toBe(200);
        expect(
          new Set(own.body.licensees.items.map((row: { orderId: string }) => row.orderId)),
        ).toEqual(new Set([...aliceOrders, ...malloryOrders]));
      }
      for (const token of [
        mallory.token,
        malloryStudioKey.secret,
        malloryKey.secret,
        aliceKey.secret,
      ]) {
        const res = await earnings(aliceStudioId, token);
        expect([res.status, res.body.code]).toEqual([404, 'not_found']);
      }
      for (const token of [mallory.token, malloryStudioKey.secret]) {
        const res = await earnings(malloryStudio, token);
        expect(res.status).toBe(200);
        expect([
          res.body.series,
          res.body.byClip,
          res.body.byLab,
          res.body.licensees.items,
        ]).toEqual([[], [], [], []]);
      }
      const lab = await earnings(aliceLabId, alice.token);
      expect([lab.status, lab.body.code]).toEqual([403, 'forbidden']);
      expect(await ordersSnapshot()).toBe(before);
    });
  });
  describe('models and disclosures', () => {
    let aliceModel: string;
    let malloryModel: string;
    let aliceGrant: string;
    let aliceDisclosure: string;
    let aliceClip: string;
    let malloryStudio: string;

    /** One listed clip of Alice's studio, ordered and paid by `orgId`; returns the grant id. */
    const grantFor = async (orgId: string, token: string) => {
      const clip = await createListedClip(t, aliceStudioId, alice);
      aliceClip = clip.id;
      const bundle = await t.request('POST', `/v1/orgs/${orgId}/bundles`, {
        token,
        body: { name: 'For a model' },
      });
      await t.request('POST', `/v1/orgs/${orgId}/bundles/${bundle.body.id}/clips`, {
        token,
        body: { clipIds: [clip.id] },
      });
      const quote = await t.request('GET', `/v1/orgs/${orgId}/bundles/${bundle.body.id}/quote`, {
        token,
      });
      const order = await t.request('POST', `/v1/orgs/${orgId}/orders`, {
        token,
        headers: { 'Idempotency-Key': `tenancy-model-${orgId}` },
        body: {
          bundleId: bundle.body.id,
          quoteToken: quote.body.quoteToken,
          acceptedTermsHashes: quote.body.terms.map((g: { termsHash: string }) => g.termsHash),
        },
      });
      const sessionId = (order.body.checkout.url as string).split('/').pop();
      await t.request('POST', `/v1/payments/offline/checkout/${sessionId}/confirm`);
      await t.drainJobs();
      const paid = await t.request('GET', `/v1/orgs/${orgId}/orders/${order.body.id}`, { token });
      t.clock.advance(1_000);
      return paid.body.grants[0].certificateId as string;
    };
    const register = async (orgId: string, token: string) =>
      (
        await t.request('POST', `/v1/orgs/${orgId}/models`, {
          token,
          body: { name: 'Model', version: '1', outputModalities: ['video'] },
        })
      ).body.id as string;

    beforeAll(async () => {
      aliceGrant = await grantFor(aliceLabId, alice.token);
      await grantFor(malloryLabId, mallory.token);
      aliceModel = await register(aliceLabId, alice.token);
      malloryModel = await register(malloryLabId, mallory.token);
      const declared = await t.request(
        'POST',
        `/v1/orgs/${aliceLabId}/models/${aliceModel}/declarations`,
        {
          token: alice.token,
          body: {
            stage: 'pre-training',
            grantIds: [aliceGrant],
            usedAt: t.clock.now().toISOString(),
          },
        },
      );
      expect(declared.status).toBe(201);
      const published = await t.request(
        'POST',
        `/v1/orgs/${aliceLabId}/models/${aliceModel}/disclosures`,
        { token: alice.token },
      );
      expect(published.status).toBe(201);
      aliceDisclosure = published.body.id;
      malloryStudio = (await createOrg(t, mallory, 'creator')).id;
    });

    const modelsSnapshot = async () =>
      JSON.stringify([
        await t.sql('SELECT * FROM models ORDER BY id'),
        await t.sql('SELECT * FROM model_declarations ORDER BY id'),
        await t.sql('SELECT * FROM model_declaration_grants ORDER BY declaration_id, grant_id'),
        await t.sql('SELECT id, content FROM disclosures ORDER BY id'),
      ]);

    it.each([
      ['read a model', 'GET', (lab: string, m: string) => `/v1/orgs/${lab}/models/${m}`, undefined],
      [
        'make a model public',
        'PATCH',
        (lab: string, m: string) => `/v1/orgs/${lab}/models/${m}`,
        { visibility: 'public' },
      ],
      [
        'read the disclosure obligations',
        'GET',
        (lab: string, m: string) => `/v1/orgs/${lab}/models/${m}/disclosure-obligations`,
        undefined,
      ],
      [
        'list declarations',
        'GET',
        (lab: string, m: string) => `/v1/orgs/${lab}/models/${m}/declarations`,
        undefined,
      ],
      [
        'declare a stage',
        'POST',
        (lab: string, m: string) => `/v1/orgs/${lab}/models/${m}/declarations`,
        { stage: 'evaluation', grantIds: [], usedAt: '2026-01-01T00:00:00Z' },
      ],
      [
        'publish a disclosure',
        'POST',
        (lab: string, m: string) => `/v1/orgs/${lab}/models/${m}/disclosures`,
        undefined,
      ],
      [
        'list disclosures',
        'GET',
        (lab: string, m: string) => `/v1/orgs/${lab}/models/${m}/disclosures`,
        undefined,
      ],
      [
        'read a disclosure',
        'GET',
        (lab: string, m: string) => `/v1/orgs/${lab}/models/${m}/disclosures/${aliceDisclosure}`,
        undefined,
      ],
    ] as const)(
      "another lab cannot %s of Alice's lab (404, nothing changes)",
      async (_label, method, path, body) => {
        const before = await modelsSnapshot();
        for (const token of [mallory.token, malloryKey.secret]) {
          for (const lab of [aliceLabId, malloryLabId]) {
            const res = await t.request(method, path(lab, aliceModel), {
              token,
              ...(body ? { body } : {}),
            });
            expect(res.status).toBe(404);
            expect(['not_found', 'model_not_found', 'disclosure_not_found']).toContain(
              res.body.code,
            );
          }
        }
        expect(await modelsSnapshot()).toBe(before);
        // Her own model answers the same route, so the 404 is about ownership.
        if (method === 'GET' && !path('', '').includes('disclosures/')) {
          const own = await t.request('GET', path(malloryLabId, malloryModel), {
            token: mallory.token,
          });
          expect(own.status).toBe(200);
        }
      },
    );

    it("another lab cannot cite Alice's grant, see her grants, or her unpublished disclosure", async () => {
      const before = await modelsSnapshot();
      const res = await t.request(
        'POST',
        `/v1/orgs/${malloryLabId}/models/${malloryModel}/declarations`,
        {
          token: malloryKey.secret,
          body: {
            stage: 'pre-training',
            grantIds: [aliceGrant],
            usedAt: t.clock.now().toISOString(),
          },
        },
      );
      expect([res.status, res.body.errors?.[0]?.code]).toEqual([422, 'grant_not_held']);
      const grants = await t.request('GET', `/v1/orgs/${malloryLabId}/grants`, {
        token: mallory.token,
      });
      expect(
        grants.body.items.map((g: { certificateId: string }) => g.certificateId),
      ).not.toContain(aliceGrant);
      expect(
        (await t.request('GET', `/v1/orgs/${aliceLabId}/grants`, { token: mallory.token })).status,
      ).toBe(404);
      // Alice's model is not public: its disclosure is hidden from everyone but her lab.
      for (const token of [undefined, mallory.token]) {
        const hidden = await t.request('GET', `/v1/disclosures/${aliceDisclosure}`, {
          ...(token ? { token } : {}),
        });
        expect([hidden.status, hidden.body.code]).toEqual([404, 'disclosure_not_found']);
      }
      expect(await modelsSnapshot()).toBe(before);
    });

    it("another creator cannot read which labs and models used Alice's clip", async () => {
      for (const org of [aliceStudioId, malloryStudio]) {
        const res = await t.request('GET', `/v1/orgs/${org}/clips/${aliceClip}/licenses`, {
          token: mallory.token,
        });
        expect(res.status).toBe(404);
      }
      const own = await t.request('GET', `/v1/orgs/${aliceStudioId}/clips/${aliceClip}/licenses`, {
        token: alice.token,
      });
      expect(own.status).toBe(200);
      expect(own.body.licenses).toHaveLength(1);
    });
  });
});
