import { z } from 'zod';
import { configSection } from './config.section.js';

const GIB = 1024 ** 3;

export interface UploadsConfig {
  /** The largest file a creator may declare (bytes). */
  maxBytes: number;
  /** How long a presigned part URL stays valid (at most 15 minutes). */
  partUrlTtlSeconds: number;
  /** An upload still open this long after it started is abandoned; the cleanup job aborts it. */
  abandonAfterHours: number;
  /** The longest clip verification accepts. */
  maxDurationSeconds: number;
}

export const uploadsConfig = configSection({
  variables: z.object({
    UPLOAD_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .max(5 * 1024 * GIB, 'S3 objects end at 5 TiB.')
      .default(20 * GIB),
    UPLOAD_PART_URL_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(900, 'Part URLs expire within 15 minutes (900 seconds).')
      .default(900),
    UPLOAD_ABANDON_AFTER_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 30)
      .default(48),
    UPLOAD_MAX_DURATION_SECONDS: z.coerce.number().positive().default(3600),
  }),
  build: (env): UploadsConfig => ({
    maxBytes: env.UPLOAD_MAX_BYTES,
    partUrlTtlSeconds: env.UPLOAD_PART_URL_TTL_SECONDS,
    abandonAfterHours: env.UPLOAD_ABANDON_AFTER_HOURS,
    maxDurationSeconds: env.UPLOAD_MAX_DURATION_SECONDS,
  }),
});
