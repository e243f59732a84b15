import path from 'node:path';
import { parseEnv, type Env } from './config.schema.js';

export interface ServerConfig {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  logLevel: Env['LOG_LEVEL'];
  trustProxy: boolean | number | string;
  bodyLimit: string;
  webOrigin: string;
  publicApiUrl: string;
  dataDir: string;
}

export type DatabaseConfig =
  | { mode: 'postgres'; url: string; poolSize: number; ssl: boolean }
  | { mode: 'embedded'; dir: string | null; port: number; poolSize: number };

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

export interface MailConfig {
  smtpUrl: string | undefined;
  from: string;
  outboxDir: string;
}

export interface AuthConfig {
  sessionTtlMs: number;
  sessionIdleMs: number;
  sessionRotateMs: number;
  /** Per email (`max`) and per client address (`ipMax`) within one window. */
  rateLimit: { max: number; ipMax: number; windowSeconds: number };
}

export interface JobsConfig {
  enabled: boolean;
}

/** The validated configuration, split by domain so each service takes only its own part. */
export class AppConfig {
  constructor(
    readonly server: ServerConfig,
    readonly database: DatabaseConfig,
    readonly storage: StorageConfig,
    readonly mail: MailConfig,
    readonly auth: AuthConfig,
    readonly jobs: JobsConfig,
    readonly seedDemo: boolean,
  ) {}

  get isProduction(): boolean {
    return this.server.env === 'production';
  }

  /** Builds the configuration from environment variables; throws ConfigError naming bad ones. */
  static fromEnv(source: Record<string, string | undefined> = process.env): AppConfig {
    const env = parseEnv(source);
    const dataDir = path.resolve(env.DATA_DIR);
    const hour = 3_600_000;
    const bucketPrefix = env.S3_BUCKET ?? 'clearframe';
    const buckets: StorageBuckets = {
      originals: `${bucketPrefix}-originals`,
      previews: `${bucketPrefix}-previews`,
      documents: `${bucketPrefix}-documents`,
    };
    const embeddedS3 = !env.S3_ENDPOINT && !env.S3_BUCKET;
    return new AppConfig(
      {
        env: env.NODE_ENV,
        host: env.HOST,
        port: env.PORT,
        logLevel: env.LOG_LEVEL,
        trustProxy: env.TRUST_PROXY,
        bodyLimit: env.BODY_LIMIT,
        webOrigin: env.WEB_ORIGIN.replace(/\/$/, ''),
        publicApiUrl: (env.PUBLIC_API_URL ?? `http://${env.HOST}:${env.PORT}`).replace(/\/$/, ''),
        dataDir,
      },
      env.DATABASE_URL
        ? {
            mode: 'postgres',
            url: env.DATABASE_URL,
            poolSize: env.DATABASE_POOL_SIZE,
            ssl: env.DATABASE_SSL,
          }
        : {
            mode: 'embedded',
            dir: env.EMBEDDED_PG_IN_MEMORY ? null : path.join(dataDir, 'pg'),
            port: env.EMBEDDED_PG_PORT,
            poolSize: env.DATABASE_POOL_SIZE,
          },
      embeddedS3
        ? {
            mode: 'embedded',
            dir: path.join(dataDir, 's3'),
            port: env.EMBEDDED_S3_PORT,
            region: env.S3_REGION,
            buckets,
          }
        : {
            mode: 's3',
            endpoint: env.S3_ENDPOINT,
            region: env.S3_REGION,
            credentials:
              env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
                ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
                : undefined,
            forcePathStyle: env.S3_FORCE_PATH_STYLE ?? Boolean(env.S3_ENDPOINT),
            buckets,
          },
      { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, outboxDir: path.join(dataDir, 'outbox') },
      {
        sessionTtlMs: env.SESSION_TTL_HOURS * hour,
        sessionIdleMs: env.SESSION_IDLE_HOURS * hour,
        sessionRotateMs: env.SESSION_ROTATE_HOURS * hour,
        rateLimit: {
          max: env.AUTH_RATE_LIMIT_MAX,
          ipMax: env.AUTH_RATE_LIMIT_IP_MAX,
          windowSeconds: env.AUTH_RATE_LIMIT_WINDOW_SECONDS,
        },
      },
      { enabled: env.JOBS_ENABLED },
      env.SEED_DEMO ?? (env.NODE_ENV === 'development' && !env.DATABASE_URL),
    );
  }
}
