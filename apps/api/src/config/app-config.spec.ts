import { describe, expect, it } from '@jest/globals';
import { AppConfig } from './app-config.js';
import { ConfigError } from './config.schema.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    AppConfig.fromEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('AppConfig', () => {
  it('runs fully embedded with no variables at all, seeding the demo', () => {
    const config = AppConfig.fromEnv({});
    expect(config.database.mode).toBe('embedded');
    expect(config.storage.mode).toBe('embedded');
    expect(config.mail.smtpUrl).toBeUndefined();
    expect(config.seedDemo).toBe(true);
    expect(config.server.port).toBe(4000);
  });

  it('switches to PostgreSQL and S3 by configuration alone', () => {
    const config = AppConfig.fromEnv({
      DATABASE_URL: 'postgres://app@db.internal:5432/clearframe',
      S3_BUCKET: 'clearframe-prod',
      S3_REGION: 'eu-west-1',
    });
    expect(config.database).toMatchObject({
      mode: 'postgres',
      url: 'postgres://app@db.internal:5432/clearframe',
    });
    expect(config.storage).toMatchObject({
      mode: 's3',
      region: 'eu-west-1',
      endpoint: undefined,
      forcePathStyle: false,
    });
    expect(config.storage.buckets.originals).toBe('clearframe-prod-originals');
    expect(config.seedDemo).toBe(false);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL'],
    [{ WEB_ORIGIN: 'not a url' }, 'WEB_ORIGIN'],
    [{ S3_ENDPOINT: 'http://minio:9000' }, 'S3_BUCKET'],
    [{ S3_ACCESS_KEY_ID: 'AKIA', S3_BUCKET: 'b-b-b' }, 'S3_SECRET_ACCESS_KEY'],
    [{ NODE_ENV: 'production' }, 'DATABASE_URL'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://a@b/c' }, 'S3_BUCKET'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://a@b/c', S3_BUCKET: 'bbb' }, 'SMTP_URL'],
    [
      {
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://a@b/c',
        S3_BUCKET: 'bbb',
        SEED_DEMO: 'true',
      },
      'SEED_DEMO',
    ],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ BODY_LIMIT: 'huge' }, 'BODY_LIMIT'],
  ])('names the bad variable (%j → %s)', (env, variable) => {
    const problems = problemsOf(env as Record<string, string>);
    expect(problems.some((p) => p.startsWith(`${variable}:`))).toBe(true);
  });
});
