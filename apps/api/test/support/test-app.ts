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
  const { env, dataDir, cleanup } = await createTestEnvironment(options.env);
  const config = AppConfig.fromEnv(env);
  const clock = new FakeClock();
  const runtime = await Runtime.start(config);
  const app = await createApp({ config, runtime, clock });
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
    async request(method, requestPath, { body, rawBody, token, headers = {} } = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (token) (init.headers as Record<string, string>).authorization = `Bearer ${token}`;
      if (rawBody !== undefined) {
        init.body = rawBody;
      } else if (body !== undefined) {
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
