import fs from 'node:fs/promises';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import { createApp } from '../../src/app.factory.js';
import { AppConfig } from '../../src/config/app-config.js';
import { Runtime } from '../../src/infra/runtime.js';
import type { OutboxRecord } from '../../src/mail/mailer.service.js';
import { FakeClock } from './fake-clock.js';
import { drainJobs } from './jobs.js';
import { nextLogFile, SecretRecorder } from './log-secrets.js';
import { createTestEnvironment } from './test-environment.js';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as-is (for malformed JSON and wrong content types). */
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
}

export interface TestApp {
  url: string;
  app: NestExpressApplication;
  config: AppConfig;
  /** The variables the app booted with (to boot a worker beside it, say). */
  env: Record<string, string>;
  runtime: Runtime;
  clock: FakeClock;
  dataDir: string;
  /** This app's log file (JSON lines at trace level), when the run scans logs for secrets. */
  logFile: string | undefined;
  /** Adds a secret the test created outside HTTP (e.g. a hash captured from a spy) to the scan. */
  recordSecret(kind: string, value: string): void;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** Runs the queued jobs (mail is a job), then reads every message in the outbox. */
  outbox(): Promise<OutboxRecord[]>;
  /** Runs every ready job until none remains; resolves to how many ran. */
  drainJobs(): Promise<number>;
  /** Runs SQL against the test database (assertions on what changed or did not). */
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * Boots the real app for one test file: its own database (a fresh in-memory PGlite, or a fresh
 * database on the PostgreSQL server named by DATABASE_URL), its own s3rver and outbox, a fake
 * clock, and a real HTTP listener on a free port. Files therefore run in parallel safely.
 */
export async function startTestApp(
  options: { env?: Record<string, string> } = {},
): Promise<TestApp> {
  // Logs go to a file at the most verbose level, scanned for secrets after the run (log-scan.ts).
  const logFile = nextLogFile();
  const secrets = new SecretRecorder();
  const { env, dataDir, cleanup } = await createTestEnvironment({
    LOG_LEVEL: logFile ? 'trace' : 'silent',
    ...options.env,
  });
  const config = AppConfig.fromEnv(env);
  const clock = new FakeClock();
  const runtime = await Runtime.start(config);
  const app = await createApp({ config, runtime, clock, ...(logFile ? { logFile } : {}) });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  const sqlClient = new pg.Client({ connectionString: runtime.databaseUrl });
  await sqlClient.connect();

  return {
    url,
    app,
    config,
    env,
    runtime,
    clock,
    dataDir,
    logFile,
    recordSecret: (kind, value) => secrets.add(kind, value),
    async request(method, requestPath, { body, rawBody, token, headers = {} } = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (token) (init.headers as Record<string, string>).authorization = `Bearer ${token}`;
      if (rawBody !== undefined) {
        init.body = rawBody;
      } else if (body !== undefined) {
        secrets.fromRequestBody(body);
        init.body = JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${url}${requestPath}`, init);
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      secrets.fromResponseBody(parsed);
      return { status: res.status, headers: res.headers, body: parsed as any, text };
    },
    drainJobs() {
      return drainJobs(app);
    },
    async outbox() {
      await drainJobs(app);
      return readOutbox(config.mail.outboxDir);
    },
    async sql(text, params = []) {
      return (await sqlClient.query(text, params)).rows;
    },
    async close() {
      if (logFile) {
        await recordStoredSecrets(secrets, config.mail.outboxDir, (text) =>
          sqlClient.query(text).then((r) => r.rows),
        );
        secrets.write(logFile);
      }
      await sqlClient.end();
      await app.close();
      await runtime.stop();
      await cleanup();
    },
  };
}

/** Every message in an outbox directory, oldest first, without running any job. */
export async function readOutbox(dir: string): Promise<OutboxRecord[]> {
  const files = (await fs.readdir(dir).catch(() => [] as string[]))
    .filter((f) => f.endsWith('.json'))
    .sort();
  return Promise.all(
    files.map(
      async (f) => JSON.parse(await fs.readFile(path.join(dir, f), 'utf8')) as OutboxRecord,
    ),
  );
}

/** The token in a mailed link (`…?token=X` or `…/invitations/X`). */
export function tokenFromLink(link: string): string {
  const url = new URL(link);
  return url.searchParams.get('token') ?? decodeURIComponent(url.pathname.split('/').pop()!);
}

/** What the run left behind that must never be logged: mailed links, stored hashes, emails. */
async function recordStoredSecrets(
  secrets: SecretRecorder,
  outboxDir: string,
  sql: (text: string) => Promise<Record<string, string | null>[]>,
): Promise<void> {
  for (const name of await fs.readdir(outboxDir).catch(() => [] as string[])) {
    if (!name.endsWith('.json')) continue;
    const mail = JSON.parse(await fs.readFile(path.join(outboxDir, name), 'utf8')) as OutboxRecord;
    for (const link of mail.links ?? []) secrets.addLink(link);
  }
  const stored: Array<[string, string]> = [
    ['password hash', 'SELECT password_hash AS v FROM users'],
    ['session token hash', 'SELECT token_hash AS v FROM sessions'],
    ['link token hash', 'SELECT token_hash AS v FROM one_time_tokens'],
    ['invitation token hash', 'SELECT token_hash AS v FROM invitations'],
    ['API key hash', 'SELECT secret_hash AS v FROM api_keys'],
  ];
  for (const [kind, query] of stored) {
    for (const row of await sql(query)) secrets.addHash(kind, row.v);
  }
  for (const row of await sql('SELECT email AS v FROM users UNION SELECT email FROM invitations')) {
    secrets.add('email', row.v, 5);
  }
}
