import type { ClipSummaryType } from '@clearframe/contracts/supply';
import type { ClipEntity } from './clip.entity.js';

/** A clip as its organization sees it in lists and upload answers. */
export function toClipSummary(clip: ClipEntity): ClipSummaryType {
  return {
    id: clip.id,
    orgId: clip.orgId,
    state: clip.state,
    fileName: clip.fileName,
    title: clip.title,
    sizeBytes: clip.sizeBytes,
    durationMs: clip.durationMs,
    width: clip.width,
    height: clip.height,
    fps: clip.fps,
    codec: clip.codec,
    processingStep: clip.processingStep,
    rejection:
      clip.rejectionCode !== null
        ? { code: clip.rejectionCode, message: clip.rejectionMessage ?? '' }
        : null,
    createdAt: clip.createdAt.toISOString(),
    updatedAt: clip.updatedAt.toISOString(),
  };
}
