import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');
const port = z.coerce.number().int().min(0).max(65535);
const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

/**
 * Every environment variable the API reads, validated once at boot. Provider variables are only
 * required when that provider is switched on (e.g. S3 keys only when S3_ENDPOINT/S3_BUCKET is set).
 */
export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('127.0.0.1'),
    PORT: port.default(4000),
    DATA_DIR: z.string().default('.data'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    // Express' `trust proxy`: `loopback` trusts X-Forwarded-For set by the web server on the same
    // host; behind a load balancer use the hop count (e.g. 2) or the proxies' addresses.
    TRUST_PROXY: z
      .string()
      .trim()
      .regex(
        /^(true|false|\d+|[\w.:/, -]+)$/,
        'Use true, false, a hop count, or addresses/subnets.',
      )
      .default('loopback')
      .transform((value): boolean | number | string =>
        value === 'true'
          ? true
          : value === 'false'
            ? false
            : /^\d+$/.test(value)
              ? Number(value)
              : value,
      ),
    BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i, 'Use a size like 100kb or 1mb.')
      .default('100kb'),

    WEB_ORIGIN: z.url().default('http://localhost:3000'),
    PUBLIC_API_URL: optionalString.pipe(z.url().optional()),

    DATABASE_URL: optionalString.pipe(
      z
        .url({ protocol: /^postgres(ql)?$/, message: 'Use a postgres:// connection URL.' })
        .optional(),
    ),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    DATABASE_SSL: bool.default(false),
    EMBEDDED_PG_PORT: port.default(0),
    EMBEDDED_PG_IN_MEMORY: bool.default(false),

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

    SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
    MAIL_FROM: z.string().default('Clearframe <no-reply@clearframe.local>'),

    SESSION_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .default(24 * 30),
    SESSION_IDLE_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .default(24 * 7),
    SESSION_ROTATE_HOURS: z.coerce.number().int().min(1).default(24),
    AUTH_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(10),
    AUTH_RATE_LIMIT_IP_MAX: z.coerce.number().int().min(1).default(100),
    AUTH_RATE_LIMIT_WINDOW_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .default(15 * 60),

    SEED_DEMO: bool.optional(),
    JOBS_ENABLED: bool.default(true),
  })
  .superRefine((env, ctx) => {
    const s3Remote = Boolean(env.S3_ENDPOINT || env.S3_BUCKET);
    if (s3Remote && !env.S3_BUCKET) {
      ctx.addIssue({
        code: 'custom',
        path: ['S3_BUCKET'],
        message: 'Required when S3_ENDPOINT is set.',
      });
    }
    if (env.NODE_ENV === 'production') {
      if (!env.DATABASE_URL) {
        ctx.addIssue({
          code: 'custom',
          path: ['DATABASE_URL'],
          message: 'Required in production.',
        });
      }
      if (!env.S3_BUCKET) {
        ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'Required in production.' });
      }
      // The local outbox writes (and logs) sign-in, reset and invitation links: never in production.
      if (!env.SMTP_URL) {
        ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'Required in production.' });
      }
      if (env.SEED_DEMO) {
        ctx.addIssue({
          code: 'custom',
          path: ['SEED_DEMO'],
          message: 'The demo seed never runs in production.',
        });
      }
    }
    if (env.S3_ACCESS_KEY_ID && !env.S3_SECRET_ACCESS_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['S3_SECRET_ACCESS_KEY'],
        message: 'Required with S3_ACCESS_KEY_ID.',
      });
    }
  });

export type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a ConfigError naming each bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map(
        (issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`,
      ),
    );
  }
  return result.data;
}
