import { randomUUID } from 'node:crypto';
import type { ClipStateType } from '@clearframe/contracts/supply';
import { type FactoryTarget, nextInstant, uniqueSuffix } from './ids.js';

export interface TestClip {
  id: string;
  orgId: string;
  state: ClipStateType;
  fileName: string;
  title: string;
  originalKey: string;
  sha256: string | null;
}

/** Columns a test may set; verified states get plausible media facts unless given. */
export interface ClipOverrides {
  state: ClipStateType;
  fileName: string;
  title: string;
  sizeBytes: number;
  sha256: string | null;
  durationMs: number;
  width: number;
  height: number;
  fps: number;
  codec: string;
  thumbnailKey: string | null;
  previewKey: string | null;
  rejectionCode: string;
  rejectionMessage: string;
  tags: string[];
  category: string;
  description: string | null;
  captions: string | null;
  cameraMotion: string | null;
  listedAt: Date;
}

const VERIFIED_STATES: ClipStateType[] = ['draft', 'in_review', 'listed', 'rejected', 'delisted'];

/**
 * Inserts a clip of `orgId` in any state (default `draft`, with media facts as if verified),
 * without an upload or a stored file. Tests of the upload path go through HTTP instead.
 */
export async function createClip(
  t: FactoryTarget,
  orgId: string,
  overrides: Partial<ClipOverrides> = {},
): Promise<TestClip> {
  const state = overrides.state ?? 'draft';
  const id = randomUUID();
  const suffix = uniqueSuffix();
  const fileName = overrides.fileName ?? `clip-${suffix}.mp4`;
  const title = overrides.title ?? `Clip ${suffix}`;
  const verified = VERIFIED_STATES.includes(state);
  const originalKey = `orgs/${orgId}/uploads/${randomUUID()}/original`;
  const sha256 =
    overrides.sha256 !== undefined ? overrides.sha256 : verified ? randomHex64() : null;
  const failed = state === 'failed';
  const now = nextInstant(t);
  await t.sql(
    `INSERT INTO clips (id, org_id, state, file_name, title, tags, category, size_bytes, sha256,
       duration_ms, width, height, fps, codec, container, bitrate, has_audio, original_key,
       thumbnail_key, preview_key, processing_step, rejection_code, rejection_message,
       listed_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
       $19, $20, $21, $22, $23, $24, $25, $25)`,
    [
      id,
      orgId,
      state,
      fileName,
      title,
      overrides.tags ?? [],
      overrides.category ?? null,
      overrides.sizeBytes ?? 1_048_576,
      sha256,
      verified ? (overrides.durationMs ?? 10_000) : null,
      verified ? (overrides.width ?? 1280) : null,
      verified ? (overrides.height ?? 720) : null,
      verified ? (overrides.fps ?? 25) : null,
      verified ? (overrides.codec ?? 'h264') : null,
      verified ? 'mov,mp4,m4a,3gp,3g2,mj2' : null,
      verified ? 2_000_000 : null,
      verified ? false : null,
      originalKey,
      overrides.thumbnailKey !== undefined
        ? overrides.thumbnailKey
        : verified
          ? `clips/${id}/thumbnail.jpg`
          : null,
      overrides.previewKey !== undefined
        ? overrides.previewKey
        : verified
          ? `clips/${id}/preview.mp4`
          : null,
      null,
      failed ? (overrides.rejectionCode ?? 'not_video') : (overrides.rejectionCode ?? null),
      failed
        ? (overrides.rejectionMessage ?? 'This file is not a video.')
        : (overrides.rejectionMessage ?? null),
      state === 'listed' ? (overrides.listedAt ?? now) : null,
      now,
    ],
  );
  if (
    overrides.description !== undefined ||
    overrides.captions !== undefined ||
    overrides.cameraMotion !== undefined
  ) {
    await t.sql(
      `UPDATE clips SET description = $2, captions = $3, camera_motion = $4 WHERE id = $1`,
      [
        id,
        overrides.description ?? null,
        overrides.captions ?? null,
        overrides.cameraMotion ?? null,
      ],
    );
  }
  return { id, orgId, state, fileName, title, originalKey, sha256 };
}

function randomHex64(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
}
