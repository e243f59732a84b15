import path from 'node:path';
import { z } from 'zod';
import { bool, configSection, optionalString, port } from './config.section.js';

export interface StorageBuckets {
  originals: string;
  previews: string;
  documents: string;
}

export type StorageConfig =
  | {
      mode: 's3';
      endpoint: string | undefined;
      region: string;
      credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
      forcePathStyle: boolean;
      buckets: StorageBuckets;
    }
  | { mode: 'embedded'; dir: string; port: number; region: string; buckets: StorageBuckets };

/** S3 (or any S3-compatible store) when S3_ENDPOINT or S3_BUCKET is set; else embedded s3rver. */
export const storageConfig = configSection({
  variables: z.object({
    S3_ENDPOINT: optionalString.pipe(z.url().optional()),
    S3_BUCKET: optionalString.pipe(
      z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]{1,40}[a-z0-9]$/, 'Use a lower-case S3 bucket name prefix.')
        .optional(),
    ),
    S3_REGION: z.string().default('us-east-1'),
    S3_ACCESS_KEY_ID: optionalString,
    S3_SECRET_ACCESS_KEY: optionalString,
    S3_FORCE_PATH_STYLE: bool.optional(),
    EMBEDDED_S3_PORT: port.default(0),
  }),
  check(env, base, report) {
    if (env.S3_ENDPOINT && !env.S3_BUCKET) report('S3_BUCKET', 'Required when S3_ENDPOINT is set.');
    if (base.isProduction && !env.S3_BUCKET) report('S3_BUCKET', 'Required in production.');
    if (env.S3_ACCESS_KEY_ID && !env.S3_SECRET_ACCESS_KEY) {
      report('S3_SECRET_ACCESS_KEY', 'Required with S3_ACCESS_KEY_ID.');
    }
  },
  build: (env, base): StorageConfig => {
    const prefix = env.S3_BUCKET ?? 'clearframe';
    const buckets: StorageBuckets = {
      originals: `${prefix}-originals`,
      previews: `${prefix}-previews`,
      documents: `${prefix}-documents`,
    };
    if (!env.S3_ENDPOINT && !env.S3_BUCKET) {
      return {
        mode: 'embedded',
        dir: path.join(base.dataDir, 's3'),
        port: env.EMBEDDED_S3_PORT,
        region: env.S3_REGION,
        buckets,
      };
    }
    return {
      mode: 's3',
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION,
      credentials:
        env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
          : undefined,
      forcePathStyle: env.S3_FORCE_PATH_STYLE ?? Boolean(env.S3_ENDPOINT),
      buckets,
    };
  },
});
