import { problemCatalog } from './problem-catalog.js';

/** Multipart uploads of footage into storage. */
export const UPLOADS_PROBLEMS = problemCatalog({
  upload_too_large: {
    status: 422,
    title: 'File too large',
    message: 'This file is larger than Clearframe accepts. Split it or export a shorter clip.',
  },
  unsupported_container: {
    status: 422,
    title: 'Unsupported file type',
    message: 'Upload a video file: MP4, MOV, M4V, MKV, WebM, AVI or MXF.',
  },
  upload_parts_mismatch: {
    status: 422,
    title: 'Parts do not match',
    message:
      'The uploaded parts do not match what storage holds. Resume the upload to send the missing parts.',
  },
  upload_not_open: {
    status: 409,
    title: 'Upload not open',
    message: 'This upload is already finished or was cancelled.',
  },
  upload_expired: {
    status: 410,
    title: 'Upload expired',
    message: 'This upload was left unfinished for too long. Start it again.',
  },
  upload_already_completed: {
    status: 409,
    title: 'Upload already completed',
    message: 'This upload is complete and cannot be cancelled.',
  },
});
