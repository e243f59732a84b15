import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Injectable, Logger } from '@nestjs/common';
import type { ClipFailureCodeType } from '@clearframe/contracts/supply';
import type { ClipEntity } from '../clips/clip.entity.js';
import type { DuplicateMatchRow } from '../clips/clip-fingerprints.repository.js';
import { ClipsService } from '../clips/clips.service.js';
import { AppConfig, type UploadsConfig } from '../config/app-config.js';
import {
  FINGERPRINT_FPS,
  fingerprintDistance,
  hashToInt64,
  isNearDuplicate,
  lshBands,
  type VideoFingerprint,
} from '../media/fingerprint.js';
import { MediaProbe } from '../media/media-probe.js';
import { MediaTranscoder } from '../media/media-transcoder.js';
import { Sha256Meter, type StreamDigest } from '../media/sha256-stream.js';
import { verifyMedia } from '../media/verify-media.js';
import { ObjectStorage } from '../storage/object-storage.js';
import type { UploadEntity } from './upload.entity.js';
import { UploadsRepository } from './uploads.repository.js';

export const PROCESSING_FAILED_MESSAGE =
  'We could not process this file. Upload it again; if it keeps failing, contact support.';

export type VerifyOutcome =
  | { outcome: 'verified'; clipId: string }
  | { outcome: 'failed'; clipId: string; code: ClipFailureCodeType }
  | { outcome: 'skipped'; reason: string };

/** Keys in the previews bucket, by clip. */
export function previewKeys(clipId: string): { thumbnail: string; preview: string } {
  return { thumbnail: `clips/${clipId}/thumbnail.jpg`, preview: `clips/${clipId}/preview.mp4` };
}

/**
 * The verification of a completed upload, step by step: read the stored object once (size and
 * SHA-256 while writing it to a temporary file), compare with what was declared, probe, check
 * against the allow-lists and limits, make the thumbnail and the watermarked preview, fingerprint
 * it, flag duplicates of other organizations' clips, and record the verdict on the clip. The file
 * is untrusted: the media tools run as child processes with time limits (the media module's
 * adapters). Safe to run again: a clip no longer `processing` is left alone, and every write
 * either replaces what an earlier attempt wrote or is conditional on the clip's state.
 */
@Injectable()
export class UploadVerifier {
  private readonly logger = new Logger('UploadVerifier');
  private readonly settings: UploadsConfig;
  private readonly workDir: string;

  constructor(
    config: AppConfig,
    private readonly uploads: UploadsRepository,
    private readonly clips: ClipsService,
    private readonly storage: ObjectStorage,
    private readonly probe: MediaProbe,
    private readonly transcoder: MediaTranscoder,
  ) {
    this.settings = config.uploads;
    // Under DATA_DIR: originals are large, and the data disk is sized for them; /tmp may not be.
    this.workDir = path.join(config.server.dataDir, 'tmp', 'verify');
  }

  /** `lastAttempt`: no retry follows, so a failure of our own is recorded on the clip. */
  async verify(uploadId: string, lastAttempt: boolean): Promise<VerifyOutcome> {
    const upload = await this.uploads.findByIdUnscoped(uploadId);
    if (!upload || upload.state !== 'completed') {
      return { outcome: 'skipped', reason: 'upload not completed' };
    }
    const clip = await this.clips.findForJob(upload.clipId);
    if (!clip || clip.state !== 'processing') {
      return { outcome: 'skipped', reason: 'clip not processing' };
    }
    await fsp.mkdir(this.workDir, { recursive: true });
    const dir = await fsp.mkdtemp(path.join(this.workDir, `${upload.id}-`));
    try {
      return await this.run(upload, clip, dir);
    } catch (error) {
      if (!lastAttempt) throw error;
      this.logger.error({ err: error, uploadId, clipId: clip.id }, 'Verification gave up');
      return this.fail(clip, 'processing_failed', PROCESSING_FAILED_MESSAGE);
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  }

  private async run(upload: UploadEntity, clip: ClipEntity, dir: string): Promise<VerifyOutcome> {
    const original = path.join(dir, 'original');

    await this.clips.recordProcessingStep(clip.id, 'hashing');
    const { sizeBytes, sha256 } = await this.download(upload, original);
    // An empty file is refused as empty (below), whatever size was declared.
    if (sizeBytes !== upload.sizeBytes && sizeBytes > 0) {
      return this.fail(
        clip,
        'size_mismatch',
        `The uploaded file has ${sizeBytes} bytes, not the ${upload.sizeBytes} declared. Upload it again.`,
      );
    }
    if (upload.declaredSha256 && sha256 !== upload.declaredSha256) {
      return this.fail(
        clip,
        'checksum_mismatch',
        'The uploaded file does not match the SHA-256 given when the upload started. Upload it again.',
      );
    }

    await this.clips.recordProcessingStep(clip.id, 'probing');
    const probed = await this.probe.examine(original, { timeoutMs: probeTimeoutMs(sizeBytes) });
    const verdict = verifyMedia(probed, {
      sizeBytes,
      maxDurationMs: this.settings.maxDurationSeconds * 1000,
    });
    if (!verdict.ok) return this.fail(clip, verdict.code, verdict.message);
    const info = verdict.info;

    await this.clips.recordProcessingStep(clip.id, 'thumbnail');
    const keys = previewKeys(clip.id);
    const thumbnail = path.join(dir, 'thumbnail.jpg');
    await this.transcoder.thumbnail(original, thumbnail, { durationMs: info.durationMs });
    await this.storage.put(
      'previews',
      keys.thumbnail,
      { file: thumbnail },
      {
        contentType: 'image/jpeg',
      },
    );

    await this.clips.recordProcessingStep(clip.id, 'preview');
    const preview = path.join(dir, 'preview.mp4');
    await this.transcoder.preview(original, preview, { clipId: clip.id });
    await this.storage.put(
      'previews',
      keys.preview,
      { file: preview },
      {
        contentType: 'video/mp4',
      },
    );

    await this.clips.recordProcessingStep(clip.id, 'fingerprint');
    const fingerprint = await this.transcoder.fingerprintFrames(original);
    await this.clips.recordFingerprint(
      clip.id,
      fingerprint.hashes.map((hash, frameIndex) => ({
        frameIndex,
        tMs: Math.round((frameIndex * 1000) / FINGERPRINT_FPS),
        hash: hashToInt64(hash),
        bands: lshBands(hash),
      })),
    );
    await this.clips.recordDuplicates(clip.id, await this.duplicates(clip, sha256, fingerprint));

    await this.clips.recordVerified(clip.id, {
      sizeBytes,
      sha256,
      durationMs: info.durationMs,
      width: info.width,
      height: info.height,
      fps: info.fps,
      codec: info.codec,
      container: info.container,
      bitrate: info.bitrate,
      hasAudio: info.audio !== null,
      thumbnailKey: keys.thumbnail,
      previewKey: keys.preview,
    });
    return { outcome: 'verified', clipId: clip.id };
  }

  /** Streams the stored object to `file` once, counting and hashing it on the way. */
  private async download(upload: UploadEntity, file: string): Promise<StreamDigest> {
    const meter = new Sha256Meter();
    await pipeline(
      await this.storage.stream('originals', upload.bucketKey),
      meter,
      fs.createWriteStream(file, { mode: 0o600 }),
    );
    return meter.digest;
  }

  /** Exact copies (same SHA-256) and near duplicates of other organizations' clips. */
  private async duplicates(
    clip: ClipEntity,
    sha256: string,
    fingerprint: VideoFingerprint,
  ): Promise<DuplicateMatchRow[]> {
    const matches = new Map<string, DuplicateMatchRow>();
    for (const matchClipId of await this.clips.exactDuplicates(clip, sha256)) {
      matches.set(matchClipId, { matchClipId, kind: 'exact', score: 0 });
    }
    // The probe includes the mirrored frames: a flipped copy shares bands with those.
    const probe = [...fingerprint.hashes, ...fingerprint.mirrored].map(lshBands);
    const candidates = await this.clips.nearDuplicateCandidates(clip, probe);
    for (const [matchClipId, hashes] of candidates) {
      if (matches.has(matchClipId) || hashes.length === 0) continue;
      const match = fingerprintDistance(
        fingerprint,
        hashes.map((h) => BigInt.asUintN(64, h)),
      );
      if (isNearDuplicate(match)) {
        matches.set(matchClipId, { matchClipId, kind: 'near', score: match.distance });
      }
    }
    return [...matches.values()];
  }

  private async fail(
    clip: ClipEntity,
    code: ClipFailureCodeType,
    message: string,
  ): Promise<VerifyOutcome> {
    await this.clips.recordFailed(clip.id, code, message);
    return { outcome: 'failed', clipId: clip.id, code };
  }
}

/** The probe reads every packet: allow a minute, and a minute more per GiB. */
function probeTimeoutMs(sizeBytes: number): number {
  return 60_000 + Math.ceil(sizeBytes / 1024 ** 3) * 60_000;
}
