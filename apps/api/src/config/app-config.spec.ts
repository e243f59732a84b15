import { generateKeyPairSync } from 'node:crypto';
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

  it('limits uploads by default to 20 GiB, part URLs to 15 minutes, open uploads to 48 hours', () => {
    expect(AppConfig.fromEnv({}).uploads).toEqual({
      maxBytes: 20 * 1024 ** 3,
      partUrlTtlSeconds: 900,
      abandonAfterHours: 48,
      maxDurationSeconds: 3600,
    });
    expect(problemsOf({ UPLOAD_PART_URL_TTL_SECONDS: '901' })).toEqual([
      'UPLOAD_PART_URL_TTL_SECONDS: Part URLs expire within 15 minutes (900 seconds).',
    ]);
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

  const production = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://app@db.internal:5432/clearframe',
    S3_BUCKET: 'clearframe-prod',
    FFPROBE_PATH: '/usr/bin/ffprobe',
    FFMPEG_PATH: '/usr/bin/ffmpeg',
    SMTP_URL: 'smtps://mailer@smtp.internal:465',
  };
  const ed25519 = generateKeyPairSync('ed25519');
  const pem = ed25519.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const jwk = ed25519.privateKey.export({ format: 'jwk' });

  it('boots in production with every required variable, on offline payments', () => {
    const config = AppConfig.fromEnv({ ...production, CERT_SIGNING_KEY: pem });
    expect(config.isProduction).toBe(true);
    expect(config.payments).toEqual({ provider: 'offline' });
    expect(config.signing).toEqual({
      source: 'environment',
      privateJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d },
      retiredKeys: [],
    });
    expect(config.media).toEqual({
      ffprobePath: '/usr/bin/ffprobe',
      ffmpegPath: '/usr/bin/ffmpeg',
      threads: 2,
    });
  });

  it('reads the signing key as PEM with escaped line breaks, or as a JWK keeping its kid', () => {
    const escaped = AppConfig.fromEnv({ CERT_SIGNING_KEY: pem.replace(/\n/g, '\\n') });
    expect(escaped.signing).toMatchObject({ privateJwk: { x: jwk.x, d: jwk.d } });
    const fromJwk = AppConfig.fromEnv({
      CERT_SIGNING_KEY: JSON.stringify({ ...jwk, kid: 'cert-2026' }),
    });
    expect(fromJwk.signing).toMatchObject({ privateJwk: { x: jwk.x, kid: 'cert-2026' } });
  });

  it('keeps the signing key in the data directory when none is configured', () => {
    const config = AppConfig.fromEnv({ DATA_DIR: '/tmp/cf-data' });
    expect(config.signing).toEqual({ source: 'file', dir: '/tmp/cf-data/keys', retiredKeys: [] });
  });

  it('reads retired public keys, and refuses private or malformed ones without echoing them', () => {
    const x = jwk.x!;
    const list = JSON.stringify([{ kty: 'OKP', crv: 'Ed25519', x, kid: 'cert-2025' }]);
    expect(AppConfig.fromEnv({ CERT_SIGNING_RETIRED_KEYS: list }).signing.retiredKeys).toEqual([
      { kty: 'OKP', crv: 'Ed25519', x, kid: 'cert-2025' },
    ]);
    expect(
      AppConfig.fromEnv({ CERT_SIGNING_RETIRED_KEYS: JSON.stringify({ keys: JSON.parse(list) }) })
        .signing.retiredKeys,
    ).toHaveLength(1);
    const refusals: [string, string][] = [
      [
        JSON.stringify([{ ...jwk, kid: 'k' }]),
        'Key 1 has a private member ("d"): publish public keys only.',
      ],
      [
        JSON.stringify([{ kty: 'OKP', crv: 'Ed25519', x }]),
        'Key 1 needs the "kid" its certificates name.',
      ],
      [
        JSON.stringify([{ kty: 'RSA', n: 'x', e: 'AQAB', kid: 'r' }]),
        'Key 1 is not a public Ed25519 JWK (kty OKP, crv Ed25519, x).',
      ],
      ['not json', 'Use a JSON array of public JWKs, or {"keys": [...]}.'],
    ];
    for (const [value, message] of refusals) {
      const problems = problemsOf({ CERT_SIGNING_RETIRED_KEYS: value });
      expect(problems).toEqual([`CERT_SIGNING_RETIRED_KEYS: ${message}`]);
      expect(problems.join(' ')).not.toContain(jwk.d!);
    }
  });

  it('asks for the Stripe keys only when Stripe is the provider', () => {
    expect(problemsOf({ STRIPE_SECRET_KEY: '' })).toEqual([]);
    expect(problemsOf({ PAYMENTS_PROVIDER: 'stripe' }).sort()).toEqual([
      'STRIPE_SECRET_KEY: Required when PAYMENTS_PROVIDER=stripe.',
      'STRIPE_WEBHOOK_SECRET: Required when PAYMENTS_PROVIDER=stripe.',
    ]);
    const stripe = AppConfig.fromEnv({
      PAYMENTS_PROVIDER: 'stripe',
      STRIPE_SECRET_KEY: 'sk_test_abc123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc123',
    });
    expect(stripe.payments).toEqual({
      provider: 'stripe',
      secretKey: 'sk_test_abc123',
      webhookSecret: 'whsec_abc123',
    });
  });

  it('points the Stripe SDK at a local double only outside production', () => {
    const stripe = {
      PAYMENTS_PROVIDER: 'stripe',
      STRIPE_SECRET_KEY: 'sk_test_abc123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc123',
    };
    expect(
      AppConfig.fromEnv({ ...stripe, STRIPE_API_URL: 'http://127.0.0.1:12111' }).payments,
    ).toEqual({
      provider: 'stripe',
      secretKey: 'sk_test_abc123',
      webhookSecret: 'whsec_abc123',
      api: { host: '127.0.0.1', port: 12111, protocol: 'http' },
    });
    expect(
      AppConfig.fromEnv({ ...stripe, STRIPE_API_URL: 'https://stripe-mock.internal/' }).payments,
    ).toMatchObject({ api: { host: 'stripe-mock.internal', port: 443, protocol: 'https' } });
    expect(AppConfig.fromEnv(stripe).payments).not.toHaveProperty('api');
    expect(problemsOf({ ...stripe, STRIPE_API_URL: 'ftp://127.0.0.1:12111' })).toEqual([
      'STRIPE_API_URL: Use an http(s) origin such as http://127.0.0.1:12111.',
    ]);
    expect(problemsOf({ ...stripe, STRIPE_API_URL: 'http://127.0.0.1:12111/v1' })).toEqual([
      'STRIPE_API_URL: Use an origin only (scheme, host and port), without a path.',
    ]);
    expect(
      problemsOf({
        ...production,
        CERT_SIGNING_KEY: pem,
        ...stripe,
        STRIPE_API_URL: 'http://127.0.0.1:12111',
      }),
    ).toEqual(['STRIPE_API_URL: Only for tests and local doubles, not in production.']);
  });

  it('names every bad variable of every section at once', () => {
    const problems = problemsOf({ PORT: 'x', PAYMENTS_PROVIDER: 'stripe', JOBS_ENABLED: 'maybe' });
    const variables = problems.map((p) => p.split(':')[0]).sort();
    expect(variables).toEqual([
      'JOBS_ENABLED',
      'PORT',
      'STRIPE_SECRET_KEY',
      'STRIPE_WEBHOOK_SECRET',
    ]);
  });

  it('never echoes a refused signing key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    const problems = problemsOf({ CERT_SIGNING_KEY: rsa });
    expect(problems).toEqual(['CERT_SIGNING_KEY: The key must be Ed25519.']);
    expect(problemsOf({ CERT_SIGNING_KEY: 'secret-but-not-a-key' })).toEqual([
      'CERT_SIGNING_KEY: Use an Ed25519 private key as PKCS8 PEM or as a JWK.',
    ]);
  });

  it.each([
    [{ PAYMENTS_PROVIDER: 'paypal' }, 'PAYMENTS_PROVIDER'],
    [
      {
        PAYMENTS_PROVIDER: 'stripe',
        STRIPE_SECRET_KEY: 'pk_test_1',
        STRIPE_WEBHOOK_SECRET: 'whsec_1',
      },
      'STRIPE_SECRET_KEY',
    ],
    [
      { PAYMENTS_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_WEBHOOK_SECRET: 'abc' },
      'STRIPE_WEBHOOK_SECRET',
    ],
    [production, 'CERT_SIGNING_KEY'],
    [{ ...production, FFPROBE_PATH: '' }, 'FFPROBE_PATH'],
    [{ ...production, FFMPEG_PATH: '' }, 'FFMPEG_PATH'],
    [{ MEDIA_THREADS: '0' }, 'MEDIA_THREADS'],
    [{ MEDIA_THREADS: '64' }, 'MEDIA_THREADS'],
    [{ JOBS_POLL_INTERVAL_SECONDS: '0.1' }, 'JOBS_POLL_INTERVAL_SECONDS'],
  ])('names the bad provider variable (%j → %s)', (env, variable) => {
    const problems = problemsOf(env as Record<string, string>);
    expect(problems.some((p) => p.startsWith(`${variable}:`))).toBe(true);
  });
});
