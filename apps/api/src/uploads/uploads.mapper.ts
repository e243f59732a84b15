import type { UploadType } from '@clearframe/contracts/supply';
import type { UploadEntity } from './upload.entity.js';

/** An upload as clients see it: never the storage upload id (it signs parts) or the key. */
export function toUploadDto(upload: UploadEntity): UploadType {
  return {
    id: upload.id,
    clipId: upload.clipId,
    fileName: upload.fileName,
    sizeBytes: upload.sizeBytes,
    partSizeBytes: upload.partSizeBytes,
    partCount: upload.partCount,
    state: upload.state,
    createdAt: upload.createdAt.toISOString(),
    expiresAt: upload.expiresAt.toISOString(),
  };
}
