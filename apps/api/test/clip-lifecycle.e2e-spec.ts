import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CatalogClipDetail, ClipDetail, CreatedRelease } from '@clearframe/contracts/supply';
import { createOrg, createUser, type TestUser } from './factories/index.js';
import { videoFixture } from './support/media-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { uploadFile } from './support/uploads.js';

/**
 * One clip's whole life through HTTP, on real storage, the real verification job and ffmpeg:
 * uploaded, verified, described, a person's release uploaded and checked, a policy, ownership,
 * submitted, approved by an operator, shown in the public catalog, delisted, gone from it.
 */
describe('a clip from upload to the catalog', () => {
  let t: TestApp;
  let creator: TestUser;
  let operator: TestUser;
  let studioId: string;

  beforeAll(async () => {
    t = await startTestApp();
    creator = await createUser(t, { name: 'Creator' });
    operator = await createUser(t, { name: 'Operator' });
    studioId = (await createOrg(t, creator, 'creator', 'Harbour Films')).id;
    await createOrg(t, operator, 'operator');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('goes draft → in_review → listed → delisted, every step in the audit log', async () => {
    const bytes = fs.readFileSync(await videoFixture({ seconds: 2, width: 1280, height: 720 }));
    const { started, completed } = await uploadFile(t, studioId, creator.token, bytes, {
      fileName: 'harbour.mp4',
    });
    expect(completed.status).toBe(200);
    const clipId = started.clip.id;
    await t.drainJobs();
    const studio = (path = '') => `/v1/orgs/${studioId}/clips/${clipId}${path}`;

    const draft = ClipDetail.parse(
      (await t.request('GET', studio(), { token: creator.token })).body,
    );
    expect(draft).toMatchObject({ state: 'draft', width: 1280, height: 720 });
    expect(draft.thumbnailUrl).toContain(t.config.storage.buckets.previews);
    expect(draft.readiness.missing.map((m) => m.code)).toEqual([
      'category_missing',
      'policy_missing',
      'attestation_missing',
      'people_undeclared',
    ]);

    await t.request('PATCH', studio(), {
      token: creator.token,
      body: {
        title: 'Harbour, fractal dawn',
        category: 'abstract',
        tags: ['fractal', 'synthetic'],
        captions: 'A slow zoom into a Mandelbrot set.',
        cameraMotion: 'zoom',
        setting: 'studio',
        timeOfDay: 'day',
        country: 'PT',
      },
    });

    const created = await t.request('POST', `/v1/orgs/${studioId}/releases`, {
      token: creator.token,
      body: {
        person: { name: 'Ines (pseudonym)' },
        signedOn: t.clock.now().toISOString().slice(0, 10),
        consent: { aiTraining: true, commercialUse: true, publicPreview: true },
        document: { fileName: 'ines.pdf', contentType: 'application/pdf', sizeBytes: 40 },
      },
    });
    const { release, upload } = CreatedRelease.parse(created.body);
    const put = await fetch(upload.url, {
      method: 'PUT',
      headers: upload.headers,
      body: new Uint8Array(Buffer.from('%PDF-1.4\n% a signed model release\n%%EOF\n')),
    });
    expect(put.status).toBe(200);
    expect(
      (
        await t.request('POST', `/v1/orgs/${studioId}/releases/${release.id}/confirm`, {
          token: creator.token,
        })
      ).body.state,
    ).toBe('confirmed');
    await t.request('POST', studio('/people'), {
      token: creator.token,
      body: { releaseId: release.id },
    });
    await t.request('PUT', studio('/policy'), {
      token: creator.token,
      body: {
        templateId: 'training-standard',
        ratePerMinute: { amountMinor: 400, currency: 'USD' },
      },
    });
    await t.request('POST', studio('/attest'), {
      token: creator.token,
      body: { ownsAllRights: true },
    });
    const submitted = await t.request('POST', studio('/submit'), { token: creator.token });
    expect(submitted.body).toMatchObject({ state: 'in_review', readiness: { ready: true } });

    const queue = await t.request('GET', '/v1/review/clips', { token: operator.token });
    const item = queue.body.items.find(
      (entry: { clip: { id: string } }) => entry.clip.id === clipId,
    );
    expect(item.previewUrl).toContain(t.config.storage.buckets.previews);
    // The preview link really serves the watermarked MP4 the job made.
    const preview = await fetch(item.previewUrl);
    expect(preview.status).toBe(200);
    expect(
      Buffer.from(await preview.arrayBuffer())
        .subarray(4, 8)
        .toString('latin1'),
    ).toBe('ftyp');
    expect(item.people[0].release.documentUrl).toContain(t.config.storage.buckets.documents);

    const approved = await t.request('POST', `/v1/review/clips/${clipId}/approve`, {
      token: operator.token,
      body: {},
    });
    expect(approved.body.state).toBe('listed');
    expect((await t.outbox()).filter((m) => m.tag === 'clip-approved').map((m) => m.to)).toEqual([
      creator.email,
    ]);

    const listed = CatalogClipDetail.parse(
      (await t.request('GET', `/v1/catalog/clips/${clipId}`)).body,
    );
    expect(listed).toMatchObject({
      title: 'Harbour, fractal dawn',
      creator: { orgId: studioId, name: 'Harbour Films' },
      resolution: 'hd',
      // $4.00 a minute × hd ×1 × 12 months ×1 × commercial ×1 on the public rate card.
      listPrice: { perMinute: { amountMinor: 400, currency: 'USD' } },
    });
    expect(JSON.stringify(listed)).not.toContain(t.config.storage.buckets.originals);

    await t.request('POST', studio('/delist'), { token: creator.token });
    expect((await t.request('GET', `/v1/catalog/clips/${clipId}`)).status).toBe(404);

    const actions = await t.sql<{ action: string }>(
      `SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id`,
      [clipId],
    );
    expect(actions.map((row) => row.action)).toEqual(
      expect.arrayContaining([
        'clip.created',
        'clip.verified',
        'clip.described',
        'clip.person_added',
        'clip.policy_versioned',
        'clip.ownership_attested',
        'clip.submitted',
        'clip.approved',
        'clip.delisted',
      ]),
    );
  });
});
