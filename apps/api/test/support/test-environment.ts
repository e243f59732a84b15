import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/infra/embedded-postgres.js';

export interface TestEnvironment {
  /** The variables a test boots the app (or part of it) with. */
  env: Record<string, string>;
  dataDir: string;
  /** Drops the database (PostgreSQL) and removes the data directory. */
  cleanup(): Promise<void>;
}

/**
 * One test file's own world: a temporary data directory, and a fresh database on the PostgreSQL
 * server named by DATABASE_URL (or, without it, an in-memory PGlite the app starts itself).
 * Files therefore run in parallel safely.
 */
export async function createTestEnvironment(
  overrides: Record<string, string> = {},
): Promise<TestEnvironment> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clearframe-test-'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PORT: '0',
    WEB_ORIGIN: 'http://localhost:3999',
    JOBS_ENABLED: 'false',
    AUTH_RATE_LIMIT_MAX: '1000',
    AUTH_RATE_LIMIT_IP_MAX: '1000',
    EMBEDDED_PG_IN_MEMORY: 'true',
    // The run's initialised data directory (global setup), so a boot skips initdb.
    ...(process.env.EMBEDDED_PG_TEMPLATE
      ? { EMBEDDED_PG_TEMPLATE: process.env.EMBEDDED_PG_TEMPLATE }
      : {}),
    DATABASE_POOL_SIZE: '4',
    SEED_DEMO: 'false',
    ...overrides,
  };
  let dropDatabase: (() => Promise<void>) | undefined;
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const url = await createDatabase(serverUrl);
    env.DATABASE_URL = url.toString();
    dropDatabase = () => dropDatabaseAt(serverUrl, url.pathname.slice(1));
  }
  return {
    env,
    dataDir,
    async cleanup() {
      await dropDatabase?.();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh, empty database on the server at `serverUrl`; returns its URL. */
export async function createDatabase(serverUrl: string): Promise<URL> {
  const name = `cf_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url;
}

export async function dropDatabaseAt(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export interface FreshDatabase {
  url: string;
  backend: 'postgres' | 'pglite';
  stop(): Promise<void>;
}

/**
 * A fresh, empty database without the app around it: on the PostgreSQL server of DATABASE_URL,
 * else a new in-memory PGlite served on a loopback port.
 */
export async function createFreshDatabase(maxConnections = 12): Promise<FreshDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const url = await createDatabase(serverUrl);
    return {
      url: url.toString(),
      backend: 'postgres',
      stop: () => dropDatabaseAt(serverUrl, url.pathname.slice(1)),
    };
  }
  const pglite = await startEmbeddedPostgres({
    dir: null,
    port: 0,
    maxConnections,
    template: process.env.EMBEDDED_PG_TEMPLATE ?? null,
  });
  return { ...pglite, backend: 'pglite' };
}
