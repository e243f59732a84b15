import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UploadWithClip } from '@clearframe/contracts/supply';
import { JobsService } from '../src/jobs/jobs.service.js';
import { ObjectStorage } from '../src/storage/object-storage.js';
import { UploadVerifier } from '../src/uploads/upload-verifier.js';
import { createOrg, createUser, type TestUser } from './factories/index.js';
import {
  audioOnlyFixture,
  editedFixture,
  emptyFixture,
  FIXTURE_FFPROBE,
  renamedTextFixture,
  stillImageFixture,
  truncatedFixture,
  videoFixture,
} from './support/media-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { putParts, sha256Of, startUpload, uploadFile } from './support/uploads.js';

const run = promisify(execFile);

/** ffprobe's view of a file, read here independently of the app's probe. */
async function ffprobe(file: string): Promise<{
  streams: { codec_type: string; codec_name: string; width?: number; height?: number }[];
  format: { duration: string; format_name: string };
}> {
  const { stdout } = await run(FIXTURE_FFPROBE, [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_format',
    '-show_streams',
    file,
  ]);
  return JSON.parse(stdout);
}

describe('verification of completed uploads', () => {
  let t: TestApp;
  let owner: TestUser;
  let studioId: string;

  beforeAll(async () => {
    // Clips longer than 5 s are refused here, so "too long" needs only a 6 s fixture.
    t = await startTestApp({ env: { UPLOAD_MAX_DURATION_SECONDS: '5' } });
    owner = await createUser(t);
    studioId = (await createOrg(t, owner, 'creator')).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const storage = () => t.app.get(ObjectStorage);
  const clipRow = async (clipId: string) =>
    (await t.sql('SELECT * FROM clips WHERE id = $1', [clipId]))[0];
  const snapshot = async () =>
    sha256Of(
      Buffer.from(
        JSON.stringify([
          await t.sql('SELECT * FROM uploads ORDER BY id'),
          await t.sql('SELECT * FROM clips ORDER BY id'),
          await t.sql('SELECT * FROM clip_fingerprints ORDER BY clip_id, frame_index'),
          await t.sql('SELECT * FROM clip_duplicate_matches ORDER BY clip_id, match_clip_id'),
          await t.sql('SELECT count(*)::int AS n FROM audit_log'),
          await t.sql("SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'uploads.verify'"),
        ]),
      ),
    );

  /** Uploads a file through HTTP and storage, completes it and runs the queued jobs. */
  async function uploadAndVerify(
    orgId: string,
    file: string,
    body: Record<string, unknown> = {},
  ): Promise<{ clipId: string; uploadId: string; bytes: Buffer }> {
    const bytes = fs.readFileSync(file);
    const { started, completed } = await uploadFile(t, orgId, owner.token, bytes, body);
    expect(completed.status).toBe(200);
    await t.drainJobs();
    return { clipId: started.clip.id, uploadId: started.upload.id, bytes };
  }

  it('takes a video from upload to a draft clip with metadata, thumbnail, preview and fingerprint', async () => {
    const file = await videoFixture({ seconds: 3, audio: true, width: 640, height: 360 });
    const bytes = fs.readFileSync(file);
    const started = await startUpload(t, studioId, owner.token, {
      fileName: 'Mandelbrot dive.mp4',
      contentType: 'video/mp4',
      sizeBytes: bytes.length,
      sha256: sha256Of(bytes),
    });
    const parts = await putParts(t, studioId, owner.token, started.upload, bytes);
    t.clock.advance(5_000);
    const completed = await t.request(
      'POST',
      `/v1/orgs/${studioId}/uploads/${started.upload.id}/complete`,
      { token: owner.token, body: { parts } },
    );
    expect(completed.status).toBe(200);
    const answer = UploadWithClip.parse(completed.body);
    expect(answer.upload.state).toBe('completed');
    expect(answer.clip).toMatchObject({ state: 'processing', processingStep: null });
    const jobs = await t.sql(
      "SELECT singleton_key, state FROM pgboss.job WHERE name = 'uploads.verify' AND singleton_key = $1",
      [started.upload.id],
    );
    expect(jobs).toEqual([{ singleton_key: started.upload.id, state: 'created' }]);
    // The original is assembled in storage, byte for byte.
    const head = await storage().head(
      'originals',
      `orgs/${studioId}/uploads/${started.upload.id}/original`,
    );
    expect(head).toMatchObject({ size: bytes.length, contentType: 'video/mp4' });

    // Completing again answers the same and queues nothing more.
    const again = await t.request(
      'POST',
      `/v1/orgs/${studioId}/uploads/${started.upload.id}/complete`,
      { token: owner.token, body: { parts } },
    );
    expect(again.status).toBe(200);
    expect(again.body).toEqual(completed.body);

    // Record every processing_step the clip goes through, as the studio would see it polling.
    await t.sql(`CREATE TABLE test_steps (n bigserial PRIMARY KEY, clip_id uuid, step text)`);
    await t.sql(`CREATE FUNCTION test_record_step() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.processing_step IS DISTINCT FROM OLD.processing_step THEN
          INSERT INTO test_steps (clip_id, step) VALUES (NEW.id, NEW.processing_step);
        END IF;
        RETURN NULL;
      END $$`);
    await t.sql(`CREATE TRIGGER test_steps AFTER UPDATE ON clips
      FOR EACH ROW EXECUTE FUNCTION test_record_step()`);
    try {
      await t.drainJobs();
    } finally {
      await t.sql('DROP TRIGGER test_steps ON clips');
    }
    const steps = await t.sql('SELECT step FROM test_steps WHERE clip_id = $1 ORDER BY n', [
      started.clip.id,
    ]);
    expect(steps.map((row) => row.step)).toEqual([
      'hashing',
      'probing',
      'thumbnail',
      'preview',
      'fingerprint',
      null,
    ]);
    const clip = await clipRow(started.clip.id);
    const probed = await ffprobe(file);
    const video = probed.streams.find((stream) => stream.codec_type === 'video')!;
    expect(clip).toMatchObject({
      state: 'draft',
      processing_step: null,
      rejection_code: null,
      size_bytes: String(bytes.length),
      sha256: sha256Of(bytes),
      width: 640,
      height: 360,
      fps: '25.000',
      codec: 'h264',
      container: probed.format.format_name,
      has_audio: true,
      thumbnail_key: `clips/${started.clip.id}/thumbnail.jpg`,
      preview_key: `clips/${started.clip.id}/preview.mp4`,
    });
    expect(video).toMatchObject({ width: 640, height: 360 });
    expect(Math.abs(clip.duration_ms - Number(probed.format.duration) * 1000)).toBeLessThan(50);
    expect(Number(clip.bitrate)).toBeGreaterThan(0);

    const thumbnail = await readObject('previews', clip.thumbnail_key);
    expect(thumbnail.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const previewFile = `${t.dataDir}/preview-check.mp4`;
    fs.writeFileSync(previewFile, await readObject('previews', clip.preview_key));
    const preview = await ffprobe(previewFile);
    const previewVideo = preview.streams.find((stream) => stream.codec_type === 'video')!;
    expect(previewVideo.codec_name).toBe('h264');
    expect(previewVideo.height).toBeLessThanOrEqual(480);

    // 3 s at 2 frames a second.
    const frames = await t.sql(
      'SELECT frame_index, t_ms FROM clip_fingerprints WHERE clip_id = $1 ORDER BY frame_index',
      [started.clip.id],
    );
    expect(frames.length).toBeGreaterThanOrEqual(5);
    expect(frames.length).toBeLessThanOrEqual(7);
    expect(frames[1]).toEqual({ frame_index: 1, t_ms: 500 });

    const audit = await t.sql(
      'SELECT action FROM audit_log WHERE target_id IN ($1, $2) ORDER BY id',
      [started.clip.id, started.upload.id],
    );
    expect(audit.map((row) => row.action)).toEqual([
      'clip.created',
      'upload.started',
      'clip.processing',
      'upload.completed',
      'clip.verified',
    ]);

    // The job ran once and is done; queued again, it finds the clip verified and changes nothing.
    const state = async () =>
      JSON.stringify([
        await clipRow(started.clip.id),
        await t.sql('SELECT * FROM clip_fingerprints WHERE clip_id = $1 ORDER BY frame_index', [
          started.clip.id,
        ]),
        await t.sql('SELECT id FROM audit_log ORDER BY id'),
      ]);
    const before = await state();
    await t.app
      .get(JobsService)
      .send('uploads.verify', { uploadId: started.upload.id }, { singletonKey: started.upload.id });
    expect(await t.drainJobs()).toBe(1);
    expect(await state()).toBe(before);
  });

  async function readObject(bucket: 'previews' | 'originals', key: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await storage().stream(bucket, key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  it('assembles and verifies a video sent in several parts', async () => {
    // Lossless FFV1 is large: 4 s at 800×450 is more than one 8 MiB part.
    const file = await videoFixture({
      codec: 'ffv1',
      container: 'mkv',
      width: 800,
      height: 450,
      seconds: 4,
    });
    const bytes = fs.readFileSync(file);
    expect(bytes.length).toBeGreaterThan(8 * 1024 * 1024);
    const { clipId } = await uploadAndVerify(studioId, file, {
      fileName: 'lossless.mkv',
      contentType: 'video/x-matroska',
    });
    expect(await clipRow(clipId)).toMatchObject({
      state: 'draft',
      codec: 'ffv1',
      sha256: sha256Of(bytes),
    });
  }, 120_000);

  describe('refuses to complete when the parts do not match storage, changing nothing', () => {
    let started: Awaited<ReturnType<typeof startUpload>>;
    let parts: { partNumber: number; etag: string }[];
    beforeAll(async () => {
      const bytes = randomBytes(9 * 1024 * 1024);
      started = await startUpload(t, studioId, owner.token, {
        fileName: 'mismatch.mp4',
        contentType: 'video/mp4',
        sizeBytes: bytes.length,
      });
      parts = await putParts(t, studioId, owner.token, started.upload, bytes, [1]);
    });

    it.each([
      [
        'a part storage does not hold',
        () => [...parts, { partNumber: 2, etag: '"abc"' }],
        'part 2',
      ],
      ['a missing part', () => parts, 'List parts 1 to 2'],
      [
        'a wrong ETag',
        () => [
          { partNumber: 1, etag: '"00000000000000000000000000000000"' },
          { partNumber: 2, etag: '"abc"' },
        ],
        'part 2',
      ],
      ['a part twice', () => [parts[0]!, parts[0]!], 'List parts 1 to 2'],
      [
        'a part beyond the upload',
        () => [...parts, { partNumber: 3, etag: '"abc"' }],
        'List parts',
      ],
    ])('%s', async (_label, list, detail) => {
      const before = await snapshot();
      const res = await t.request(
        'POST',
        `/v1/orgs/${studioId}/uploads/${started.upload.id}/complete`,
        { token: owner.token, body: { parts: list() } },
      );
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('upload_parts_mismatch');
      expect(res.body.detail).toContain(detail);
      expect(await snapshot()).toBe(before);
      // Storage still holds the upload, open.
      const stored = await t.request(
        'GET',
        `/v1/orgs/${studioId}/uploads/${started.upload.id}/parts`,
        { token: owner.token },
      );
      expect(stored.body.parts).toHaveLength(1);
    });

    it('names the part whose ETag differs', async () => {
      const bytes = randomBytes(9 * 1024 * 1024);
      const other = await startUpload(t, studioId, owner.token, {
        fileName: 'etag.mp4',
        contentType: 'video/mp4',
        sizeBytes: bytes.length,
      });
      const sent = await putParts(t, studioId, owner.token, other.upload, bytes);
      const before = await snapshot();
      const res = await t.request(
        'POST',
        `/v1/orgs/${studioId}/uploads/${other.upload.id}/complete`,
        {
          token: owner.token,
          body: { parts: [sent[0]!, { partNumber: 2, etag: sent[0]!.etag }] },
        },
      );
      expect(res.status).toBe(422);
      expect(res.body.detail).toMatch(/^The ETag of part 2 is not the one storage holds\./);
      expect(await snapshot()).toBe(before);
    });

    it('and a completed upload cannot be cancelled', async () => {
      const file = await videoFixture({ seconds: 1 });
      const { started: done } = await uploadFile(t, studioId, owner.token, fs.readFileSync(file));
      const before = await snapshot();
      const res = await t.request('DELETE', `/v1/orgs/${studioId}/uploads/${done.upload.id}`, {
        token: owner.token,
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('upload_already_completed');
      expect(await snapshot()).toBe(before);
      await t.drainJobs();
    });
  });

  describe('rejects, with the reason the creator sees', () => {
    it.each([
      ['zero bytes', () => emptyFixture(), {}, 'empty_file', /empty/],
      ['a renamed text file', () => renamedTextFixture(), {}, 'not_video', /not a video/],
      [
        'a truncated MP4',
        () => truncatedFixture({ seconds: 2, keepFraction: 0.5 }),
        {},
        'truncated',
        /incomplete/,
      ],
      [
        'a truncated MP4 with its index at the end',
        () => truncatedFixture({ seconds: 2, keepFraction: 0.5, faststart: false }),
        {},
        'truncated',
        /incomplete/,
      ],
      ['sound without picture', () => audioOnlyFixture(2), {}, 'audio_only', /no picture/],
      ['a still image', () => stillImageFixture(), {}, 'still_image', /still image/],
      [
        'a clip over the configured maximum',
        () => videoFixture({ seconds: 6, width: 160, height: 90 }),
        {},
        'too_long',
        /at most 0:05/,
      ],
      [
        'a codec outside the allow-list',
        () => videoFixture({ seconds: 1, codec: 'wmv2', container: 'avi' }),
        { fileName: 'old.avi', contentType: 'video/x-msvideo' },
        'unsupported_codec',
        /Windows Media Video 8/,
      ],
      [
        'a container outside the allow-list, named like an MP4',
        () => videoFixture({ seconds: 1, container: 'ts' }),
        {},
        'unsupported_container',
        /transport stream/,
      ],
    ])('%s', async (_label, fixture, body, code, message) => {
      const { clipId } = await uploadAndVerify(studioId, await fixture(), body);
      const clip = await clipRow(clipId);
      expect(clip).toMatchObject({
        state: 'failed',
        rejection_code: code,
        processing_step: null,
        thumbnail_key: null,
        preview_key: null,
        sha256: null,
      });
      expect(clip.rejection_message).toMatch(message);
      const [audit] = await t.sql(
        "SELECT data FROM audit_log WHERE action = 'clip.failed' AND target_id = $1",
        [clipId],
      );
      expect(audit.data).toEqual({ code });
      expect(
        await t.sql('SELECT count(*)::int AS n FROM clip_fingerprints WHERE clip_id = $1', [
          clipId,
        ]),
      ).toEqual([{ n: 0 }]);
    });

    it('a file of another size than declared', async () => {
      const bytes = fs.readFileSync(await videoFixture({ seconds: 1 }));
      const started = await startUpload(t, studioId, owner.token, {
        fileName: 'short.mp4',
        contentType: 'video/mp4',
        sizeBytes: bytes.length + 10,
      });
      const parts = await putParts(t, studioId, owner.token, started.upload, bytes);
      const res = await t.request(
        'POST',
        `/v1/orgs/${studioId}/uploads/${started.upload.id}/complete`,
        {
          token: owner.token,
          body: { parts },
        },
      );
      expect(res.status).toBe(200);
      await t.drainJobs();
      expect(await clipRow(started.clip.id)).toMatchObject({
        state: 'failed',
        rejection_code: 'size_mismatch',
        rejection_message: `The uploaded file has ${bytes.length} bytes, not the ${bytes.length + 10} declared. Upload it again.`,
      });
    });

    it('a file whose SHA-256 is not the one declared', async () => {
      const bytes = fs.readFileSync(await videoFixture({ seconds: 1 }));
      const { clipId } = await uploadAndVerify(studioId, await videoFixture({ seconds: 1 }), {
        sha256: sha256Of(Buffer.concat([bytes, Buffer.from('x')])),
      });
      expect(await clipRow(clipId)).toMatchObject({
        state: 'failed',
        rejection_code: 'checksum_mismatch',
      });
    });

    it('gives up as processing_failed when its own side keeps failing (the original is gone)', async () => {
      const bytes = fs.readFileSync(await videoFixture({ seconds: 1 }));
      const { started, completed } = await uploadFile(t, studioId, owner.token, bytes);
      expect(completed.status).toBe(200);
      await storage().delete('originals', `orgs/${studioId}/uploads/${started.upload.id}/original`);
      const verifier = t.app.get(UploadVerifier);
      // Not the last attempt: the error propagates so pg-boss retries, and nothing is recorded.
      await expect(verifier.verify(started.upload.id, false)).rejects.toMatchObject({
        code: 'not_found',
      });
      expect((await clipRow(started.clip.id)).state).toBe('processing');
      await expect(verifier.verify(started.upload.id, true)).resolves.toEqual({
        outcome: 'failed',
        clipId: started.clip.id,
        code: 'processing_failed',
      });
      expect(await clipRow(started.clip.id)).toMatchObject({
        state: 'failed',
        rejection_code: 'processing_failed',
      });
    });
  });

  describe('duplicates of other organizations’ clips', () => {
    it('flags exact copies and near duplicates for review, never the own organization’s', async () => {
      const first = await createOrg(t, owner, 'creator');
      const second = await createOrg(t, owner, 'creator');
      const originalFile = await videoFixture({ seconds: 4, source: 'mandelbrot', seed: 2 });
      const original = await uploadAndVerify(first.id, originalFile);
      expect((await clipRow(original.clipId)).state).toBe('draft');

      // The same organization uploading the same file again is not flagged.
      const again = await uploadAndVerify(first.id, originalFile);
      const copy = await uploadAndVerify(second.id, originalFile);
      const flipped = await uploadAndVerify(second.id, await editedFixture(originalFile, 'flip'));
      const reencoded = await uploadAndVerify(
        second.id,
        await editedFixture(originalFile, 'reencode'),
      );
      const unrelated = await uploadAndVerify(
        second.id,
        await videoFixture({ seconds: 4, source: 'life', seed: 3 }),
      );

      const matches = await t.sql(
        'SELECT clip_id, match_clip_id, kind, score::float AS score FROM clip_duplicate_matches ORDER BY created_at, clip_id',
      );
      const byClip = new Map(matches.map((row) => [row.clip_id, row]));
      expect(byClip.get(again.clipId)).toBeUndefined();
      expect(byClip.get(unrelated.clipId)).toBeUndefined();
      // The copy has the bytes of both of the first studio's uploads.
      expect(matches.filter((row) => row.clip_id === copy.clipId)).toEqual(
        expect.arrayContaining([
          { clip_id: copy.clipId, match_clip_id: original.clipId, kind: 'exact', score: 0 },
          { clip_id: copy.clipId, match_clip_id: again.clipId, kind: 'exact', score: 0 },
        ]),
      );
      expect(matches.filter((row) => row.clip_id === copy.clipId)).toHaveLength(2);
      for (const near of [flipped, reencoded]) {
        const row = byClip.get(near.clipId);
        expect(row).toMatchObject({ kind: 'near' });
        // Matched against one of the two copies in the first studio (the same picture).
        expect([original.clipId, again.clipId]).toContain(row.match_clip_id);
        expect(row.score).toBeLessThanOrEqual(12);
      }
      // Every duplicate still becomes a draft: the flag is for the operators' review.
      for (const clip of [copy, flipped, reencoded]) {
        expect((await clipRow(clip.clipId)).state).toBe('draft');
      }
      const [flagged] = await t.sql(
        "SELECT data FROM audit_log WHERE action = 'clip.duplicates_flagged' AND target_id = $1",
        [copy.clipId],
      );
      expect(flagged.data.matches).toContainEqual({
        clipId: original.clipId,
        kind: 'exact',
        score: 0,
      });
    }, 120_000);
  });
});

describe('part URL expiry', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { UPLOAD_PART_URL_TTL_SECONDS: '1' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a part URL stops working once it expires', async () => {
    const owner = await createUser(t);
    const studio = await createOrg(t, owner, 'creator');
    const started = await startUpload(t, studio.id, owner.token, {
      fileName: 'slow.mp4',
      contentType: 'video/mp4',
      sizeBytes: 10,
    });
    const signed = await t.request(
      'POST',
      `/v1/orgs/${studio.id}/uploads/${started.upload.id}/parts`,
      {
        token: owner.token,
        body: { partNumbers: [1] },
      },
    );
    const [part] = signed.body.parts;
    expect(new URL(part.url).searchParams.get('X-Amz-Expires')).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const late = await fetch(part.url, { method: 'PUT', body: '0123456789' });
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('Request has expired');
    const stored = await t.request(
      'GET',
      `/v1/orgs/${studio.id}/uploads/${started.upload.id}/parts`,
      {
        token: owner.token,
      },
    );
    expect(stored.body.parts).toEqual([]);
  });
});
