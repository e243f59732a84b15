import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bootModule, type ModuleTest } from '../../test/support/module-test.js';
import { ClipsModule } from './clips.module.js';
import { ClipsService, titleFromFileName, type VerifiedMedia } from './clips.service.js';

const MEDIA: VerifiedMedia = {
  sizeBytes: 1234,
  sha256: 'a'.repeat(64),
  durationMs: 3000,
  width: 640,
  height: 360,
  fps: 29.97002997,
  codec: 'h264',
  container: 'mov,mp4,m4a,3gp,3g2,mj2',
  bitrate: 2_000_000,
  hasAudio: true,
  thumbnailKey: 'clips/x/thumbnail.jpg',
  previewKey: 'clips/x/preview.mp4',
};

describe('ClipsService (media side)', () => {
  let t: ModuleTest;
  let clips: ClipsService;
  let orgId: string;
  let userId: string;

  beforeAll(async () => {
    t = await bootModule({ imports: [ClipsModule] });
    clips = t.get(ClipsService);
    userId = (await t.insertUser()).id;
    orgId = (await t.insertOrg({ kind: 'creator', ownerId: userId })).id;
  });
  afterAll(() => t?.close());

  const newClip = (fileName = 'Harbour at dawn.mp4') =>
    clips.createForUpload({
      orgId,
      fileName,
      sizeBytes: 1234,
      declaredSha256: null,
      originalKey: `orgs/${orgId}/uploads/u/original`,
      details: {},
      actor: { userId },
    });
  const auditOf = async (clipId: string) =>
    (await t.sql('SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id', [clipId])).map(
      (row) => row.action as string,
    );

  it('moves a clip uploading → processing → draft, once each, auditing each change', async () => {
    const clip = await newClip();
    expect(clip).toMatchObject({ state: 'uploading', title: 'Harbour at dawn', tags: [] });
    const processing = await clips.markProcessing(orgId, clip.id, { userId });
    expect(processing.state).toBe('processing');
    // Again: nothing moves, nothing is audited twice.
    await clips.markProcessing(orgId, clip.id, { userId });
    await clips.recordProcessingStep(clip.id, 'preview');
    expect((await clips.getInOrg(orgId, clip.id)).processingStep).toBe('preview');

    const draft = await clips.recordVerified(clip.id, MEDIA);
    expect(draft).toMatchObject({
      state: 'draft',
      processingStep: null,
      fps: 29.97,
      bitrate: 2_000_000,
      sizeBytes: 1234,
      hasAudio: true,
    });
    // A retried job that verifies again, or a late failure, leaves the draft as it is.
    await clips.recordVerified(clip.id, { ...MEDIA, sha256: 'b'.repeat(64) });
    await clips.recordFailed(clip.id, 'processing_failed', 'late');
    await clips.recordProcessingStep(clip.id, 'hashing');
    expect(await clips.getInOrg(orgId, clip.id)).toMatchObject({
      state: 'draft',
      sha256: 'a'.repeat(64),
      processingStep: null,
      rejectionCode: null,
    });
    expect(await auditOf(clip.id)).toEqual(['clip.created', 'clip.processing', 'clip.verified']);
  });

  it('fails an uploading or processing clip with the reason, and only once', async () => {
    const uploading = await newClip('cancelled.mov');
    const failed = await clips.recordFailed(uploading.id, 'upload_cancelled', 'Cancelled.', {
      userId,
    });
    expect(failed).toMatchObject({
      state: 'failed',
      rejectionCode: 'upload_cancelled',
      rejectionMessage: 'Cancelled.',
    });
    await clips.recordFailed(uploading.id, 'not_video', 'Other reason.');
    expect((await clips.getInOrg(orgId, uploading.id)).rejectionCode).toBe('upload_cancelled');
    // A failed clip is not revived by a late verification.
    await clips.recordVerified(uploading.id, MEDIA);
    expect((await clips.getInOrg(orgId, uploading.id)).state).toBe('failed');
    const [row] = await t.sql(
      "SELECT actor_user_id FROM audit_log WHERE action = 'clip.failed' AND target_id = $1",
      [uploading.id],
    );
    expect(row).toEqual({ actor_user_id: userId });
  });

  it("does not find another organization's clip", async () => {
    const clip = await newClip();
    const otherOrg = (await t.insertOrg({ kind: 'creator', ownerId: userId })).id;
    await expect(clips.getInOrg(otherOrg, clip.id)).rejects.toMatchObject({
      code: 'clip_not_found',
    });
    await expect(clips.markProcessing(otherOrg, clip.id, { userId })).rejects.toMatchObject({
      code: 'clip_not_found',
    });
    expect((await clips.summaries(otherOrg, [clip.id])).size).toBe(0);
    expect([...(await clips.summaries(orgId, [clip.id])).keys()]).toEqual([clip.id]);
  });

  it('titles a clip after its file name without the extension', () => {
    expect(titleFromFileName('B-roll 04.final.mov')).toBe('B-roll 04.final');
    expect(titleFromFileName('.mp4')).toBe('.mp4');
    expect(titleFromFileName(`${'é'.repeat(250)}.mp4`)).toHaveLength(200);
  });
});
