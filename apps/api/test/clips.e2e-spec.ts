import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ClipPolicy } from '@clearframe/contracts/license';
import {
  ClipDetail,
  ClipPeople,
  ClipPolicyVersion,
  CreatedRelease,
  Release,
  StudioClip,
  policyFromTemplate,
  policyHash,
} from '@clearframe/contracts/supply';
import { ObjectStorage } from '../src/storage/object-storage.js';
import {
  addClipPerson,
  addMember,
  createApiKey,
  createClip,
  createInReviewClip,
  createListedClip,
  createOrg,
  createPolicyVersion,
  createReadyClip,
  createRelease,
  createUser,
  defaultPolicy,
  type TestApiKey,
  type TestUser,
} from './factories/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' as const });
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72]);

/**
 * The studio's side of a clip after its upload, through HTTP: description, people and releases,
 * policy versions, ownership, submission, delisting and bulk changes. Every refusal answers a
 * problem and changes nothing; every change writes its audit row.
 */
describe('clips (studio)', () => {
  let t: TestApp;
  let alice: TestUser;
  let aliceColleague: TestUser;
  let bob: TestUser;
  let studioA: string;
  let studioB: string;
  let readKey: TestApiKey;
  let writeKey: TestApiKey;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await createUser(t, { name: 'Alice Creator' });
    aliceColleague = await createUser(t);
    bob = await createUser(t);
    studioA = (await createOrg(t, alice, 'creator', 'Studio A')).id;
    studioB = (await createOrg(t, bob, 'creator', 'Studio B')).id;
    await addMember(t, studioA, aliceColleague);
    readKey = await createApiKey(t, studioA, alice, 'reader', ['clips:read']);
    writeKey = await createApiKey(t, studioA, alice, 'writer', ['clips:read', 'clips:write']);
  });
  afterAll(async () => {
    await t?.close();
  });

  const clipRow = async (clipId: string) =>
    (await t.sql('SELECT * FROM clips WHERE id = $1', [clipId]))[0];
  const auditOf = (clipId: string, action: string) =>
    t.sql(
      `SELECT actor_user_id, actor_api_key_id, org_id, data FROM audit_log
       WHERE target_id = $1 AND action = $2 ORDER BY id`,
      [clipId, action],
    );
  /** Everything a clip write could touch, to prove a refusal changed nothing. */
  const snapshot = async () =>
    JSON.stringify([
      await t.sql('SELECT * FROM clips ORDER BY id'),
      await t.sql('SELECT id, clip_id, version, policy_hash FROM clip_policy_versions ORDER BY id'),
      await t.sql('SELECT * FROM clip_people ORDER BY clip_id, person_id'),
      await t.sql('SELECT id, state, content_type FROM releases ORDER BY id'),
      await t.sql('SELECT id, name FROM people ORDER BY id'),
      await t.sql('SELECT count(*) FROM audit_log'),
    ]);
  const as = (user: TestUser | TestApiKey) => ('secret' in user ? user.secret : user.token);

  describe('list', () => {
    it('returns exactly the studio’s own clips, newest first, across pages', async () => {
      const own: string[] = [];
      for (let i = 0; i < 5; i++) own.push((await createClip(t, studioA)).id);
      const theirs = [(await createClip(t, studioB)).id, (await createClip(t, studioB)).id];
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor ? `&cursor=${cursor}` : '';
        const res = await t.request('GET', `/v1/orgs/${studioA}/clips?limit=2${query}`, {
          token: alice.token,
        });
        expect(res.status).toBe(200);
        for (const item of res.body.items) StudioClip.parse(item);
        seen.push(...res.body.items.map((item: { id: string }) => item.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      // Every page was keyset-cut; the whole list is the studio's clips, each once, newest first.
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => own.includes(id))).toEqual([...own].reverse());
      for (const id of theirs) expect(seen).not.toContain(id);
      const all = await t.sql<{ id: string }>(
        `SELECT id FROM clips WHERE org_id = $1 ORDER BY created_at DESC, id DESC`,
        [studioA],
      );
      expect(seen).toEqual(all.map((row) => row.id));
      const bobs = await t.request('GET', `/v1/orgs/${studioB}/clips`, { token: bob.token });
      expect(new Set(bobs.body.items.map((item: { id: string }) => item.id))).toEqual(
        new Set(
          (await t.sql('SELECT id FROM clips WHERE org_id = $1', [studioB])).map((r) => r.id),
        ),
      );
    });

    it('filters by state and shows the policy summary and a thumbnail link, never the original', async () => {
      const listed = await createListedClip(t, studioA, alice, { policy: defaultPolicy(700) });
      const res = await t.request('GET', `/v1/orgs/${studioA}/clips?state=listed`, {
        token: alice.token,
      });
      expect(res.body.items.map((item: { state: string }) => item.state)).toEqual(
        res.body.items.map(() => 'listed'),
      );
      const item = res.body.items.find((entry: { id: string }) => entry.id === listed.id);
      expect(item.policy).toMatchObject({ version: 1, ratePerMinute: usd(700) });
      expect(item.policy.text).toContain('$7.00/min');
      expect(item.thumbnailUrl).toContain(t.config.storage.buckets.previews);
      expect(res.text).not.toContain(listed.originalKey);
      expect(res.text).not.toContain(t.config.storage.buckets.originals);
    });

    it('refuses a state that does not exist and a cursor it did not make', async () => {
      const state = await t.request('GET', `/v1/orgs/${studioA}/clips?state=published`, {
        token: alice.token,
      });
      expect(state.status).toBe(422);
      expect(state.body.errors[0].path).toBe('state');
      const cursor = await t.request('GET', `/v1/orgs/${studioA}/clips?cursor=bm9wZQ`, {
        token: alice.token,
      });
      expect(cursor.status).toBe(422);
      expect(cursor.body.errors[0].code).toBe('invalid_cursor');
    });
  });

  describe('description', () => {
    it('changes the given fields, clears with null, and audits it', async () => {
      const clip = await createClip(t, studioA, { tags: ['old'] });
      const res = await t.request('PATCH', `/v1/orgs/${studioA}/clips/${clip.id}`, {
        token: alice.token,
        body: {
          title: '  Fog over the harbour  ',
          description: 'Early fog.\r\nBoats appear.',
          tags: ['fog', 'harbour'],
          category: 'nature',
          captions: 'A static wide shot of fog lifting over a harbour at dawn.',
          cameraMotion: 'static',
          setting: 'outdoor',
          timeOfDay: 'dawn',
          country: 'PT',
        },
      });
      expect(res.status).toBe(200);
      const detail = ClipDetail.parse(res.body);
      expect(detail).toMatchObject({
        title: 'Fog over the harbour',
        description: 'Early fog.\nBoats appear.',
        tags: ['fog', 'harbour'],
        category: 'nature',
        cameraMotion: 'static',
        setting: 'outdoor',
        timeOfDay: 'dawn',
        country: 'PT',
      });
      const cleared = await t.request('PATCH', `/v1/orgs/${studioA}/clips/${clip.id}`, {
        token: alice.token,
        body: { country: null, cameraMotion: null },
      });
      expect(cleared.body).toMatchObject({ country: null, cameraMotion: null, timeOfDay: 'dawn' });
      const row = await clipRow(clip.id);
      expect(row).toMatchObject({
        title: 'Fog over the harbour',
        country: null,
        setting: 'outdoor',
      });
      const audit = await auditOf(clip.id, 'clip.described');
      expect(audit).toHaveLength(2);
      expect(audit[0]).toMatchObject({ actor_user_id: alice.id, org_id: studioA });
      expect(audit[1].data.fields).toEqual(['cameraMotion', 'country']);
    });

    it.each([
      ['an unknown category', { category: 'explosions' }, 'category'],
      ['an unknown camera motion', { cameraMotion: 'spin' }, 'cameraMotion'],
      ['an unknown setting', { setting: 'space' }, 'setting'],
      ['an unknown time of day', { timeOfDay: 'teatime' }, 'timeOfDay'],
      ['a country that is not one', { country: 'XX' }, 'country'],
      ['a cleared title', { title: null }, 'title'],
      ['a title with a control character', { title: 'Fog\u0007' }, 'title'],
      ['a tag repeated in another case', { tags: ['Fog', 'fog'] }, 'tags'],
      ['an unknown field', { price: 5 }, 'price'],
      ['nothing at all', {}, ''],
    ])('refuses %s (422, nothing changes)', async (_label, body, path) => {
      const clip = await createClip(t, studioA);
      const before = await snapshot();
      const res = await t.request('PATCH', `/v1/orgs/${studioA}/clips/${clip.id}`, {
        token: alice.token,
        body,
      });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      expect(await snapshot()).toBe(before);
    });

    it('refuses a clip in review or failed (409) and lets a listed clip change live', async () => {
      const inReview = await createInReviewClip(t, studioA, alice);
      const failed = await createClip(t, studioA, { state: 'failed' });
      for (const clip of [inReview, failed]) {
        const before = await snapshot();
        const res = await t.request('PATCH', `/v1/orgs/${studioA}/clips/${clip.id}`, {
          token: alice.token,
          body: { title: 'Changed under review' },
        });
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('clip_not_editable');
        expect(await snapshot()).toBe(before);
      }
      const listed = await createListedClip(t, studioA, alice);
      const res = await t.request('PATCH', `/v1/orgs/${studioA}/clips/${listed.id}`, {
        token: alice.token,
        body: { title: 'Renamed while listed' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ state: 'listed', title: 'Renamed while listed' });
    });

    it('answers another studio’s clip and a malformed id with 404, changing nothing', async () => {
      const theirs = await createClip(t, studioB);
      const before = await snapshot();
      for (const path of [
        `/v1/orgs/${studioA}/clips/${theirs.id}`,
        `/v1/orgs/${studioB}/clips/${theirs.id}`,
        `/v1/orgs/${studioA}/clips/not-a-uuid`,
      ]) {
        const res = await t.request('PATCH', path, {
          token: alice.token,
          body: { title: 'Mine now' },
        });
        expect(res.status).toBe(404);
      }
      expect(await snapshot()).toBe(before);
    });
  });

  describe('policy', () => {
    it('makes version 1 from a template, keeps it for the same policy, and version 2 for another', async () => {
      const clip = await createClip(t, studioA);
      const put = (body: unknown) =>
        t.request('PUT', `/v1/orgs/${studioA}/clips/${clip.id}/policy`, {
          token: alice.token,
          body,
        });
      const first = await put({ templateId: 'training-standard', ratePerMinute: usd(450) });
      expect(first.status).toBe(200);
      const v1 = ClipPolicyVersion.parse(first.body);
      const expected = policyFromTemplate('training-standard', usd(450));
      expect(v1).toMatchObject({
        version: 1,
        templateId: 'training-standard',
        policy: expected,
        policyHash: policyHash(expected),
      });
      const same = await put({ policy: expected });
      expect(same.body.id).toBe(v1.id);
      const changed = await put({ policy: { ...expected, commercialUseAllowed: false } });
      expect(changed.body).toMatchObject({ version: 2, templateId: null });
      expect(
        await t.sql('SELECT version FROM clip_policy_versions WHERE clip_id = $1 ORDER BY 1', [
          clip.id,
        ]),
      ).toEqual([{ version: 1 }, { version: 2 }]);
      expect((await clipRow(clip.id)).current_policy_version_id).toBe(changed.body.id);
      expect((await auditOf(clip.id, 'clip.policy_versioned')).map((r) => r.data.version)).toEqual([
        1, 2,
      ]);
    });

    it('takes a disclosure requirement with a template; “not required” is the same policy as none', async () => {
      const clip = await createClip(t, studioA);
      const put = (body: unknown) =>
        t.request('PUT', `/v1/orgs/${studioA}/clips/${clip.id}/policy`, {
          token: alice.token,
          body,
        });
      const plain = await put({ templateId: 'evaluation-only', ratePerMinute: usd(300) });
      const notRequired = await put({
        templateId: 'evaluation-only',
        ratePerMinute: usd(300),
        disclosure: { required: false },
      });
      expect(notRequired.body.id).toBe(plain.body.id);
      const wholeNotRequired = await put({
        policy: {
          ...policyFromTemplate('evaluation-only', usd(300)),
          disclosure: { required: false },
        },
      });
      expect(wholeNotRequired.body.id).toBe(plain.body.id);
      expect(plain.body.policy).not.toHaveProperty('disclosure');

      const required = await put({
        templateId: 'evaluation-only',
        ratePerMinute: usd(300),
        disclosure: { required: true, withinDaysAfterRelease: 30 },
      });
      expect(required.status).toBe(200);
      const expected = policyFromTemplate('evaluation-only', usd(300), {
        required: true,
        withinDaysAfterRelease: 30,
      });
      expect(ClipPolicyVersion.parse(required.body)).toMatchObject({
        version: 2,
        templateId: 'evaluation-only',
        policy: expected,
        policyHash: policyHash(expected),
      });
      const [stored] = await t.sql('SELECT policy FROM clip_policy_versions WHERE id = $1', [
        required.body.id,
      ]);
      expect(stored.policy.disclosure).toEqual({ required: true, withinDaysAfterRelease: 30 });
      const shown = await t.request('GET', `/v1/orgs/${studioA}/clips/${clip.id}`, {
        token: alice.token,
      });
      expect(shown.body.policy.text).toContain(' · model disclosure within 30 days of release · ');
    });

    it.each([
      ['no uses allowed', { policy: { ...defaultPolicy(), allowedUses: [] } }, 'validation_failed'],
      [
        'a fractional rate',
        { templateId: 'evaluation-only', ratePerMinute: usd(1.5) },
        'validation_failed',
      ],
      [
        'an unknown template',
        { templateId: 'anything-goes', ratePerMinute: usd(100) },
        'validation_failed',
      ],
      [
        'a rate in euros',
        { templateId: 'evaluation-only', ratePerMinute: { amountMinor: 100, currency: 'EUR' } },
        'policy_currency_unsupported',
      ],
      [
        'a disclosure due more than a year after release',
        {
          templateId: 'evaluation-only',
          ratePerMinute: usd(100),
          disclosure: { required: true, withinDaysAfterRelease: 366 },
        },
        'validation_failed',
      ],
      [
        'a negative disclosure day count in a whole policy',
        {
          policy: {
            ...defaultPolicy(),
            disclosure: { required: true, withinDaysAfterRelease: -1 },
          },
        },
        'validation_failed',
      ],
      [
        'a policy of another schema',
        { policy: { ...defaultPolicy(), schema: 'x/2' } },
        'validation_failed',
      ],
    ])('refuses %s (422, no version)', async (_label, body, code) => {
      const clip = await createClip(t, studioA);
      const before = await snapshot();
      const res = await t.request('PUT', `/v1/orgs/${studioA}/clips/${clip.id}/policy`, {
        token: alice.token,
        body,
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe(code);
      expect(await snapshot()).toBe(before);
    });

    it('versions a listed clip’s policy without touching the version it was listed (and sold) under', async () => {
      const listed = await createListedClip(t, studioA, alice);
      const [original] = await t.sql('SELECT * FROM clip_policy_versions WHERE id = $1', [
        listed.policyVersionId,
      ]);
      const res = await t.request('PUT', `/v1/orgs/${studioA}/clips/${listed.id}/policy`, {
        token: alice.token,
        body: { templateId: 'training-standard', ratePerMinute: usd(900) },
      });
      expect(res.body.version).toBe(2);
      expect(
        (
          await t.sql('SELECT * FROM clip_policy_versions WHERE id = $1', [listed.policyVersionId])
        )[0],
      ).toEqual(original);
      expect((await clipRow(listed.id)).state).toBe('listed');
      // The database itself refuses to rewrite a version.
      await expect(
        t.sql(`UPDATE clip_policy_versions SET policy_hash = $1 WHERE id = $2`, [
          `sha256:${'0'.repeat(64)}`,
          listed.policyVersionId,
        ]),
      ).rejects.toThrow(/immutable/);
    });

    it('refuses a clip in review (409)', async () => {
      const clip = await createInReviewClip(t, studioA, alice);
      const before = await snapshot();
      const res = await t.request('PUT', `/v1/orgs/${studioA}/clips/${clip.id}/policy`, {
        token: alice.token,
        body: { templateId: 'evaluation-only', ratePerMinute: usd(100) },
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('clip_not_editable');
      expect(await snapshot()).toBe(before);
    });
  });

  describe('ownership attestation', () => {
    it('records who attested and when, once', async () => {
      const clip = await createClip(t, studioA);
      t.clock.advance(5_000);
      const at = t.clock.now().toISOString();
      const res = await t.request('POST', `/v1/orgs/${studioA}/clips/${clip.id}/attest`, {
        token: aliceColleague.token,
        body: { ownsAllRights: true },
      });
      expect(res.status).toBe(200);
      expect(res.body.ownership).toEqual({
        userId: aliceColleague.id,
        name: aliceColleague.name,
        attestedAt: at,
      });
      const again = await t.request('POST', `/v1/orgs/${studioA}/clips/${clip.id}/attest`, {
        token: alice.token,
        body: { ownsAllRights: true },
      });
      expect(again.body.ownership.userId).toBe(aliceColleague.id);
      expect(await auditOf(clip.id, 'clip.ownership_attested')).toHaveLength(1);
    });

    it('is a person’s act: refused without the statement, and for an API key', async () => {
      const clip = await createClip(t, studioA);
      const before = await snapshot();
      for (const body of [{}, { ownsAllRights: false }, { ownsAllRights: 'yes' }]) {
        const res = await t.request('POST', `/v1/orgs/${studioA}/clips/${clip.id}/attest`, {
          token: alice.token,
          body,
        });
        expect(res.status).toBe(422);
        expect(res.body.errors[0].path).toBe('ownsAllRights');
      }
      const byKey = await t.request('POST', `/v1/orgs/${studioA}/clips/${clip.id}/attest`, {
        token: writeKey.secret,
        body: { ownsAllRights: true },
      });
      expect(byKey.status).toBe(404);
      expect(await snapshot()).toBe(before);
    });
  });

  describe('releases', () => {
    async function newRelease(
      body: Record<string, unknown> = {},
      token = alice.token,
    ): Promise<ReturnType<typeof CreatedRelease.parse>> {
      const res = await t.request('POST', `/v1/orgs/${studioA}/releases`, {
        token,
        body: {
          person: { name: 'Ada Lovelace' },
          signedOn: '2026-10-01',
          consent: { aiTraining: true, publicPreview: true },
          document: { fileName: 'ada-release.pdf', contentType: 'application/pdf', sizeBytes: 64 },
          ...body,
        },
      });
      expect(res.status).toBe(201);
      return CreatedRelease.parse(res.body);
    }
    const putDocument = (upload: { url: string; headers: Record<string, string> }, bytes: Buffer) =>
      fetch(upload.url, { method: 'PUT', headers: upload.headers, body: new Uint8Array(bytes) });
    const confirm = (releaseId: string, token = alice.token) =>
      t.request('POST', `/v1/orgs/${studioA}/releases/${releaseId}/confirm`, { token });

    it('takes a PDF straight to the documents bucket and confirms it by its bytes', async () => {
      const { release, upload } = await newRelease();
      expect(release).toMatchObject({
        state: 'pending',
        contentType: null,
        signedOn: '2026-10-01',
      });
      expect(release.consent).toEqual({
        aiTraining: true,
        commercialUse: false,
        publicPreview: true,
        likenessSynthesis: false,
      });
      expect(upload.url).toContain(t.config.storage.buckets.documents);
      expect((await putDocument(upload, PDF)).status).toBe(200);
      const res = await confirm(release.id);
      expect(res.status).toBe(200);
      expect(Release.parse(res.body)).toMatchObject({
        state: 'confirmed',
        contentType: 'application/pdf',
        sizeBytes: PDF.length,
      });
      const again = await confirm(release.id);
      expect(again.body).toEqual(res.body);
      expect(
        (
          await t.sql(`SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id`, [release.id])
        ).map((row) => row.action),
      ).toEqual(['release.created', 'release.confirmed']);
      const read = await t.request('GET', `/v1/orgs/${studioA}/releases/${release.id}`, {
        token: alice.token,
      });
      expect(read.body.documentUrl).toContain(t.config.storage.buckets.documents);
      expect(Buffer.from(await (await fetch(read.body.documentUrl)).arrayBuffer())).toEqual(PDF);
    });

    it('records what the bytes are, not what the name or declared type says', async () => {
      const { release, upload } = await newRelease();
      await putDocument(upload, PNG);
      expect((await confirm(release.id)).body.contentType).toBe('image/png');
    });

    it('refuses a text file renamed .pdf: 422, the file is removed, the release stays pending', async () => {
      const { release, upload } = await newRelease();
      await putDocument(upload, Buffer.from('I agree to everything. Signed, nobody.\n'));
      const before = await snapshot();
      const res = await confirm(release.id);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('release_document_unrecognised');
      expect(await snapshot()).toBe(before);
      const key = (await t.sql('SELECT document_key FROM releases WHERE id = $1', [release.id]))[0]
        .document_key;
      expect(await t.app.get(ObjectStorage).head('documents', key)).toBeNull();
    });

    it('refuses to confirm before the document is uploaded (422)', async () => {
      const { release } = await newRelease();
      const before = await snapshot();
      const res = await confirm(release.id);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('release_document_missing');
      expect(await snapshot()).toBe(before);
    });

    it.each([
      ['no AI training answer', { consent: { commercialUse: true } }, 'consent.aiTraining'],
      ['a date in the future', { signedOn: '2999-01-01' }, 'signedOn'],
      [
        'a spreadsheet',
        { document: { fileName: 'a.xlsx', contentType: 'application/vnd.ms-excel', sizeBytes: 9 } },
        'document.contentType',
      ],
      [
        'a path for a name',
        { document: { fileName: '../../x.pdf', contentType: 'application/pdf', sizeBytes: 9 } },
        'document.fileName',
      ],
    ])('refuses a release with %s (422, nothing changes)', async (_label, change, path) => {
      const before = await snapshot();
      const res = await t.request('POST', `/v1/orgs/${studioA}/releases`, {
        token: alice.token,
        body: {
          person: { name: 'Someone' },
          signedOn: '2026-10-01',
          consent: { aiTraining: true },
          document: { fileName: 'r.pdf', contentType: 'application/pdf', sizeBytes: 9 },
          ...change,
        },
      });
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      expect(await snapshot()).toBe(before);
    });

    it('lists only the studio’s releases, and another studio’s ids are not found', async () => {
      const bobs = await createRelease(t, studioB);
      const res = await t.request('GET', `/v1/orgs/${studioA}/releases?limit=100`, {
        token: alice.token,
      });
      const ids = new Set(res.body.items.map((item: { id: string }) => item.id));
      expect(ids).toEqual(
        new Set(
          (await t.sql('SELECT id FROM releases WHERE org_id = $1', [studioA])).map((r) => r.id),
        ),
      );
      expect(ids.has(bobs.id)).toBe(false);
      expect((await confirm(bobs.id)).status).toBe(404);
      const person = await t.request('POST', `/v1/orgs/${studioA}/releases`, {
        token: alice.token,
        body: {
          person: { id: bobs.personId },
          signedOn: '2026-10-01',
          consent: { aiTraining: true },
          document: { fileName: 'r.pdf', contentType: 'application/pdf', sizeBytes: 9 },
        },
      });
      expect(person.status).toBe(404);
      expect(person.body.code).toBe('person_not_found');
    });
  });

  describe('people and submission', () => {
    const submit = (clipId: string, token = alice.token) =>
      t.request('POST', `/v1/orgs/${studioA}/clips/${clipId}/submit`, { token });
    const missingCodes = (res: { body: { errors: { code: string }[] } }) =>
      res.body.errors.map((error) => error.code);

    async function expectIncomplete(clipId: string, codes: string[]) {
      const before = await snapshot();
      const res = await submit(clipId);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('clip_incomplete');
      expect(missingCodes(res)).toEqual(codes);
      expect(await snapshot()).toBe(before);
      expect(await auditOf(clipId, 'clip.submitted')).toHaveLength(0);
    }

    it('lists everything a bare draft lacks, in the detail and when submitting', async () => {
      const clip = await createClip(t, studioA);
      const detail = await t.request('GET', `/v1/orgs/${studioA}/clips/${clip.id}`, {
        token: alice.token,
      });
      const expected = [
        'category_missing',
        'policy_missing',
        'attestation_missing',
        'people_undeclared',
      ];
      expect(detail.body.readiness.ready).toBe(false);
      expect(detail.body.readiness.missing.map((m: { code: string }) => m.code)).toEqual(expected);
      await expectIncomplete(clip.id, expected);
    });

    it('refuses a clip without an attestation, or without a policy', async () => {
      const noAttestation = await createReadyClip(t, studioA, alice);
      await t.sql(
        'UPDATE clips SET ownership_attested_at = NULL, ownership_attested_by = NULL WHERE id = $1',
        [noAttestation.id],
      );
      await expectIncomplete(noAttestation.id, ['attestation_missing']);
      const noPolicy = await createReadyClip(t, studioA, alice);
      await t.sql('UPDATE clips SET current_policy_version_id = NULL WHERE id = $1', [noPolicy.id]);
      await expectIncomplete(noPolicy.id, ['policy_missing']);
    });

    it('refuses an identifiable person without a release, or whose release refuses AI training', async () => {
      const clip = await createReadyClip(t, studioA, alice);
      const named = await t.request('POST', `/v1/orgs/${studioA}/clips/${clip.id}/people`, {
        token: alice.token,
        body: { name: 'Passer-by in red' },
      });
      expect(named.status).toBe(200);
      expect(ClipPeople.parse(named.body)).toMatchObject({
        identifiablePeople: true,
        people: [
          { person: { name: 'Passer-by in red' }, release: null, status: 'release_missing' },
        ],
      });
      await expectIncomplete(clip.id, ['release_missing']);

      const refusing = await createRelease(t, studioA, { consent: { aiTraining: false } });
      await t.request('PUT', `/v1/orgs/${studioA}/clips/${clip.id}/people`, {
        token: alice.token,
        body: { identifiablePeople: true, people: [{ releaseId: refusing.id }] },
      });
      await expectIncomplete(clip.id, ['no_ai_training_consent']);

      const consenting = await createRelease(t, studioA);
      const set = await t.request('PUT', `/v1/orgs/${studioA}/clips/${clip.id}/people`, {
        token: alice.token,
        body: { identifiablePeople: true, people: [{ releaseId: consenting.id }] },
      });
      expect(set.body.people).toEqual([
        expect.objectContaining({
          status: 'released',
          person: { id: consenting.personId, name: consenting.personName },
        }),
      ]);
      const res = await submit(clip.id);
      expect(res.status).toBe(200);
      expect(res.body.state).toBe('in_review');
    });

    it('refuses to attach a pending release, another studio’s release, or the same person twice', async () => {
      const clip = await createReadyClip(t, studioA, alice);
      const pending = await createRelease(t, studioA, { state: 'pending' });
      const bobs = await createRelease(t, studioB);
      const good = await createRelease(t, studioA);
      const cases: Array<[unknown, number, string]> = [
        [
          { identifiablePeople: true, people: [{ releaseId: pending.id }] },
          422,
          'release_not_confirmed',
        ],
        [{ identifiablePeople: true, people: [{ releaseId: bobs.id }] }, 404, 'release_not_found'],
        [
          { identifiablePeople: true, people: [{ personId: bobs.personId }] },
          404,
          'person_not_found',
        ],
        [
          {
            identifiablePeople: true,
            people: [{ releaseId: good.id }, { personId: good.personId }],
          },
          422,
          'validation_failed',
        ],
        [{ identifiablePeople: true, people: [] }, 422, 'validation_failed'],
      ];
      for (const [body, status, code] of cases) {
        const before = await snapshot();
        const res = await t.request('PUT', `/v1/orgs/${studioA}/clips/${clip.id}/people`, {
          token: alice.token,
          body,
        });
        expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
        expect(await snapshot()).toBe(before);
      }
    });

    it('submits a ready clip once, audits it, and refuses other states', async () => {
      const clip = await createReadyClip(t, studioA, alice);
      const res = await submit(clip.id, writeKey.secret);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        state: 'in_review',
        readiness: { ready: true, missing: [] },
      });
      const row = await clipRow(clip.id);
      expect(row).toMatchObject({ state: 'in_review', submitted_by: null });
      expect(await auditOf(clip.id, 'clip.submitted')).toEqual([
        expect.objectContaining({
          actor_api_key_id: writeKey.id,
          org_id: studioA,
          data: { from: 'draft', policyVersionId: clip.policyVersionId },
        }),
      ]);
      for (const target of [
        clip,
        await createReadyClip(t, studioA, alice, { state: 'listed' }),
        await createClip(t, studioA, { state: 'processing' }),
      ]) {
        const before = await snapshot();
        const again = await submit(target.id);
        expect(again.status).toBe(409);
        expect(again.body.code).toBe('clip_not_submittable');
        expect(await snapshot()).toBe(before);
      }
    });

    it('refuses people changes on a listed clip: delist first', async () => {
      const listed = await createListedClip(t, studioA, alice);
      const before = await snapshot();
      const res = await t.request('PUT', `/v1/orgs/${studioA}/clips/${listed.id}/people`, {
        token: alice.token,
        body: { identifiablePeople: false },
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('clip_not_editable');
      expect(await snapshot()).toBe(before);
    });

    it('takes a person off a clip; an unknown person is not found', async () => {
      const clip = await createReadyClip(t, studioA, alice);
      const release = await createRelease(t, studioA);
      await addClipPerson(t, clip, release);
      const removed = await t.request(
        'DELETE',
        `/v1/orgs/${studioA}/clips/${clip.id}/people/${release.personId}`,
        { token: alice.token },
      );
      expect(removed.body).toEqual({ identifiablePeople: true, people: [] });
      const again = await t.request(
        'DELETE',
        `/v1/orgs/${studioA}/clips/${clip.id}/people/${release.personId}`,
        { token: alice.token },
      );
      expect(again.status).toBe(404);
      await expectIncomplete(clip.id, ['people_undeclared']);
    });
  });

  describe('delist', () => {
    it('takes a listed clip out; it returns only through review', async () => {
      const listed = await createListedClip(t, studioA, alice);
      const res = await t.request('POST', `/v1/orgs/${studioA}/clips/${listed.id}/delist`, {
        token: alice.token,
      });
      expect(res.status).toBe(200);
      expect(res.body.state).toBe('delisted');
      expect(await auditOf(listed.id, 'clip.delisted')).toHaveLength(1);
      const catalog = await t.request('GET', `/v1/catalog/clips/${listed.id}`);
      expect(catalog.status).toBe(404);
      const before = await snapshot();
      const twice = await t.request('POST', `/v1/orgs/${studioA}/clips/${listed.id}/delist`, {
        token: alice.token,
      });
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('clip_not_listed');
      expect(await snapshot()).toBe(before);
      const resubmit = await t.request('POST', `/v1/orgs/${studioA}/clips/${listed.id}/submit`, {
        token: alice.token,
      });
      expect(resubmit.body.state).toBe('in_review');
    });
  });

  describe('bulk', () => {
    it('applies a policy, tags and a category to every selected clip', async () => {
      const clips = [
        await createClip(t, studioA, { tags: ['sea'] }),
        await createClip(t, studioA, { tags: ['Night', 'city'] }),
        await createListedClip(t, studioA, alice),
      ];
      const res = await t.request('POST', `/v1/orgs/${studioA}/clips/bulk`, {
        token: alice.token,
        body: {
          clipIds: clips.map((clip) => clip.id),
          policy: { templateId: 'research-noncommercial', ratePerMinute: usd(200) },
          addTags: ['night', 'synthetic'],
          removeTags: ['city'],
          category: 'abstract',
        },
      });
      expect(res.status).toBe(200);
      expect(res.body.items.map((item: { id: string }) => item.id)).toEqual(
        clips.map((clip) => clip.id),
      );
      expect(res.body.items.map((item: { tags: string[] }) => item.tags)).toEqual([
        ['sea', 'night', 'synthetic'],
        ['Night', 'synthetic'],
        ['night', 'synthetic'],
      ]);
      const expected = policyFromTemplate('research-noncommercial', usd(200));
      for (const clip of clips) {
        const [current] = await t.sql(
          `SELECT v.policy, c.category FROM clips c JOIN clip_policy_versions v ON v.id = c.current_policy_version_id
           WHERE c.id = $1`,
          [clip.id],
        );
        expect(ClipPolicy.parse(current.policy)).toEqual(expected);
        expect(current.category).toBe('abstract');
      }
      // The listed clip had a version from its listing; the draft ones get their first.
      expect((await auditOf(clips[0]!.id, 'clip.policy_versioned'))[0].data).toMatchObject({
        version: 1,
        bulk: true,
      });
      expect((await auditOf(clips[2]!.id, 'clip.policy_versioned'))[0].data).toMatchObject({
        version: 2,
        bulk: true,
        state: 'listed',
      });
    });

    it('changes nothing when one id is another studio’s (404) or a clip in review (409)', async () => {
      const mine = [await createClip(t, studioA), await createClip(t, studioA)];
      const theirs = await createClip(t, studioB);
      const inReview = await createInReviewClip(t, studioA, alice);
      const cases: Array<[string[], number, string]> = [
        [[...mine.map((c) => c.id), theirs.id], 404, 'clip_not_found'],
        [[mine[0]!.id, '00000000-0000-4000-8000-000000000000'], 404, 'clip_not_found'],
        [[...mine.map((c) => c.id), inReview.id], 409, 'clip_not_editable'],
        [[mine[0]!.id, mine[0]!.id], 422, 'validation_failed'],
      ];
      for (const [clipIds, status, code] of cases) {
        const before = await snapshot();
        const res = await t.request('POST', `/v1/orgs/${studioA}/clips/bulk`, {
          token: alice.token,
          body: {
            clipIds,
            category: 'urban',
            policy: { templateId: 'evaluation-only', ratePerMinute: usd(1) },
          },
        });
        expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
        expect(await snapshot()).toBe(before);
      }
      const nothing = await t.request('POST', `/v1/orgs/${studioA}/clips/bulk`, {
        token: alice.token,
        body: { clipIds: [mine[0]!.id] },
      });
      expect(nothing.status).toBe(422);
    });

    it('refuses more tags than a clip may have, changing nothing', async () => {
      const clip = await createClip(t, studioA, {
        tags: Array.from({ length: 29 }, (_, i) => `tag${i}`),
      });
      const before = await snapshot();
      const res = await t.request('POST', `/v1/orgs/${studioA}/clips/bulk`, {
        token: alice.token,
        body: { clipIds: [clip.id], addTags: ['one', 'two'] },
      });
      expect(res.status).toBe(422);
      expect(await snapshot()).toBe(before);
    });
  });

  describe('API keys', () => {
    it('read with clips:read, write only with clips:write', async () => {
      const clip = await createClip(t, studioA);
      const read = await t.request('GET', `/v1/orgs/${studioA}/clips/${clip.id}`, {
        token: as(readKey),
      });
      expect(read.status).toBe(200);
      const before = await snapshot();
      const refused = await t.request('PATCH', `/v1/orgs/${studioA}/clips/${clip.id}`, {
        token: as(readKey),
        body: { title: 'By a reader' },
      });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('insufficient_scope');
      expect(await snapshot()).toBe(before);
      const written = await t.request('PATCH', `/v1/orgs/${studioA}/clips/${clip.id}`, {
        token: as(writeKey),
        body: { title: 'By a writer' },
      });
      expect(written.status).toBe(200);
      expect((await auditOf(clip.id, 'clip.described'))[0].actor_api_key_id).toBe(writeKey.id);
    });

    it('never reach another studio', async () => {
      const theirs = await createClip(t, studioB);
      const res = await t.request('GET', `/v1/orgs/${studioB}/clips/${theirs.id}`, {
        token: as(writeKey),
      });
      expect(res.status).toBe(404);
    });
  });

  it('shows the policy version a listed clip was set with', async () => {
    const clip = await createReadyClip(t, studioA, alice);
    const second = await createPolicyVersion(t, clip.id, defaultPolicy(1234), alice);
    const res = await t.request('GET', `/v1/orgs/${studioA}/clips/${clip.id}`, {
      token: alice.token,
    });
    expect(res.body.policyVersion).toMatchObject({ id: second, version: 2 });
    expect(res.body.policy.text).toContain('$12.34/min');
  });
});
