import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startEmbeddedS3, type EmbeddedS3 } from '../src/infra/embedded-s3.js';
import { eventually } from './support/jobs.js';
import { nextLogFile, SecretRecorder } from './support/log-secrets.js';
import { ensureBuilt, freePort, startProcess, type AppProcess } from './support/processes.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server.js';
import { createTestEnvironment, type TestEnvironment } from './support/test-environment.js';

/**
 * The deployment's shape on one machine: two API processes (JOBS_ENABLED=false, as behind the
 * load balancer) and a worker process (`node dist/worker.js`) on one PostgreSQL database, one S3
 * store and one SMTP server. They must behave as one system. PGlite belongs to the process that
 * opens it, so this needs a PostgreSQL server: CI runs it in its PostgreSQL pass.
 */
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;
const title = process.env.DATABASE_URL
  ? 'scale-out: two API processes and a worker on one database'
  : 'scale-out (skipped: needs DATABASE_URL; PGlite belongs to one process, so several cannot share it)';

const PASSWORD = 'scale out passphrase';
const PER_ADDRESS = 4;

onPostgres(title, () => {
  let environment: TestEnvironment;
  let s3: EmbeddedS3;
  let smtp: TestSmtpServer;
  let sql: pg.Client;
  let env: Record<string, string>;
  const logFile = nextLogFile();
  const secrets = new SecretRecorder();
  const processes: AppProcess[] = [];
  let apiA: { process: AppProcess; url: string };
  let apiB: { process: AppProcess; url: string };
  let worker: AppProcess;

  const startApi = async (name: string) => {
    const port = await freePort();
    const process = startProcess(name, 'main.js', { ...env, PORT: String(port) }, logFile);
    processes.push(process);
    await process.waitForLine(/Clearframe API listening on/);
    return { process, url: `http://127.0.0.1:${port}` };
  };
  const startWorker = async (name: string) => {
    const process = startProcess(name, 'worker.js', env, logFile);
    processes.push(process);
    await process.waitForLine(/Clearframe worker running jobs/);
    return process;
  };

  const request = async (
    api: { url: string },
    method: string,
    route: string,
    options: { body?: unknown; token?: string; ip?: string } = {},
  ) => {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    // The client address the rate limits count (the API trusts X-Forwarded-For from loopback).
    if (options.ip) headers['x-forwarded-for'] = options.ip;
    if (options.body !== undefined) secrets.fromRequestBody(options.body);
    const res = await fetch(`${api.url}${route}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await res.text();
    const body = text ? JSON.parse(text) : undefined;
    secrets.fromResponseBody(body);
    return { status: res.status, body };
  };
  const signUp = (api: { url: string }, email: string, ip: string) =>
    request(api, 'POST', '/v1/auth/sign-up', {
      body: { email, password: PASSWORD, name: 'Scale Out' },
      ip,
    });
  const acceptedTo = (email: string) => smtp.accepted.filter((m) => m.to.includes(email));
  const verifyToken = (email: string) => {
    const mail = acceptedTo(email).at(-1)!;
    const link = /https?:\/\/\S+verify-email\?token=[\w-]+/.exec(mail.text)?.[0];
    if (!link) throw new Error(`no verification link in the mail to ${email}`);
    secrets.addLink(link);
    return new URL(link).searchParams.get('token')!;
  };
  const jobs = async (name: string) =>
    (
      await sql.query<{ state: string; retry_count: number; data: { to?: string } }>(
        'SELECT state, retry_count, data FROM pgboss.job WHERE name = $1',
        [name],
      )
    ).rows;

  beforeAll(async () => {
    ensureBuilt();
    environment = await createTestEnvironment();
    s3 = await startEmbeddedS3({ dir: path.join(environment.dataDir, 's3'), port: 0 });
    // In S3 mode the buckets are the infrastructure's (infra/ creates them in AWS).
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      credentials: s3.credentials,
      forcePathStyle: true,
    });
    for (const suffix of ['originals', 'previews', 'documents']) {
      await client.send(new CreateBucketCommand({ Bucket: `scale-out-${suffix}` }));
    }
    client.destroy();
    smtp = await startSmtpServer();
    env = {
      ...environment.env,
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      DATABASE_POOL_SIZE: '4',
      JOBS_POLL_INTERVAL_SECONDS: '0.5',
      AUTH_RATE_LIMIT_IP_MAX: String(PER_ADDRESS),
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: 'scale-out',
      S3_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      SMTP_URL: smtp.url,
    };
    for (const name of ['EMBEDDED_PG_IN_MEMORY', 'EMBEDDED_PG_TEMPLATE']) delete env[name];
    sql = new pg.Client({ connectionString: env.DATABASE_URL });
    await sql.connect();
    // The first process migrates; the others find the schema current (migrations take a lock).
    apiA = await startApi('api-a');
    [apiB, worker] = await Promise.all([startApi('api-b'), startWorker('worker-1')]);
  }, 180_000);

  afterAll(async () => {
    for (const p of processes) await p.stop();
    await sql?.end();
    await smtp?.close();
    await s3?.stop();
    await environment?.cleanup();
    if (logFile) secrets.write(logFile);
  }, 60_000);

  it('answers ready on both API processes, with jobs only in the worker', async () => {
    for (const api of [apiA, apiB]) {
      const ready = await request(api, 'GET', '/health/ready');
      expect(ready).toEqual({
        status: 200,
        body: { status: 'ready', checks: { database: 'ok', storage: 'ok' } },
      });
      expect(api.process.lines.join('\n')).toContain('Job queue started (send only)');
    }
    expect(worker.lines.join('\n')).toContain('Job queue started, working jobs');
  });

  it('accepts a session created through one API process on the other, and ends it on both', async () => {
    const email = 'session@example.com';
    expect((await signUp(apiA, email, '198.51.100.1')).status).toBe(202);
    // Sign-up queued the mail in API A's process; the worker delivered it.
    await eventually(async () => acceptedTo(email).length === 1, 'the verification mail', 30_000);
    const verified = await request(apiB, 'POST', '/v1/auth/verify-email', {
      body: { token: verifyToken(email) },
      ip: '198.51.100.1',
    });
    expect(verified.status).toBe(200);
    const token: string = verified.body.session.token;
    const me = await request(apiA, 'GET', '/v1/auth/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(email);

    const signedIn = await request(apiA, 'POST', '/v1/auth/sign-in', {
      body: { email, password: PASSWORD },
      ip: '198.51.100.2',
    });
    expect(signedIn.status).toBe(200);
    const second: string = signedIn.body.session.token;
    expect((await request(apiB, 'GET', '/v1/auth/me', { token: second })).status).toBe(200);
    expect((await request(apiB, 'POST', '/v1/auth/sign-out', { token: second })).status).toBe(204);
    expect((await request(apiA, 'GET', '/v1/auth/me', { token: second })).status).toBe(401);
    // The other session is untouched.
    expect((await request(apiB, 'GET', '/v1/auth/me', { token })).status).toBe(200);
  });

  it('counts rate limits across processes: one address, alternating between them', async () => {
    const ip = '203.0.113.77';
    const statuses: number[] = [];
    for (let n = 1; n <= PER_ADDRESS + 2; n++) {
      const api = n % 2 ? apiA : apiB;
      statuses.push((await signUp(api, `limit-${n}@example.com`, ip)).status);
    }
    // Each process alone saw three attempts: under the limit of four if it counted on its own.
    expect(statuses).toEqual([202, 202, 202, 202, 429, 429]);
    expect((await signUp(apiB, 'limit-other@example.com', '203.0.113.78')).status).toBe(202);
  });

  it('does a queued job once: every sign-up, through either process, mails exactly once', async () => {
    const emails = Array.from({ length: 6 }, (_, i) => `once-${i}@example.com`);
    for (const [i, email] of emails.entries()) {
      expect((await signUp(i % 2 ? apiB : apiA, email, `192.0.2.${i + 1}`)).status).toBe(202);
    }
    await eventually(
      async () => {
        const mail = await jobs('mail.send');
        return mail.length > 0 && mail.every((j) => j.state === 'completed');
      },
      'every mail job to complete',
      30_000,
    );
    expect(emails.map((e) => acceptedTo(e).length)).toEqual([1, 1, 1, 1, 1, 1]);
    // Nothing was sent twice to anyone, including the addresses of the earlier tests.
    const recipients = smtp.accepted.flatMap((m) => m.to);
    expect(new Set(recipients).size).toBe(recipients.length);
  });

  it('runs a scheduled job once per occurrence, with two workers scheduling it', async () => {
    const second = await startWorker('worker-2');
    const bothUp = new Date();
    try {
      // system.queue-age runs every minute, scheduled by every worker.
      await eventually(
        async () =>
          (
            await sql.query(
              `SELECT 1 FROM pgboss.job
                WHERE name = 'system.queue-age' AND state = 'completed' AND created_on > $1`,
              [bothUp],
            )
          ).rowCount! > 0,
        'an occurrence of the queue-age cron while both workers run',
        150_000,
      );
      const { rows } = await sql.query<{ minute: Date; runs: number }>(
        `SELECT date_trunc('minute', created_on) AS minute, count(*)::int AS runs
           FROM pgboss.job WHERE name = 'system.queue-age' GROUP BY 1 ORDER BY 1`,
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((r) => r.runs)).toEqual(rows.map(() => 1));
      // The two workers logged one report per occurrence between them.
      const reports = [worker, second].flatMap((w) =>
        w.lines.filter((l) => l.includes('"msg":"job queue age"')),
      );
      expect(reports).toHaveLength(rows.length);
      expect(
        (await sql.query("SELECT 1 FROM pgboss.schedule WHERE name = 'system.queue-age'")).rowCount,
      ).toBe(1);
    } finally {
      await second.stop();
    }
  }, 200_000);

  it('loses nothing when the worker dies mid-job: the job is retried and done once', async () => {
    const email = 'killed-mid-delivery@example.com';
    smtp.holdNext();
    expect((await signUp(apiB, email, '192.0.2.99')).status).toBe(202);
    // The worker has sent the whole message and waits for the server's answer…
    await eventually(async () => smtp.held.some((m) => m.to.includes(email)), 'the held delivery');
    const inFlight = (await jobs('mail.send')).filter((j) => j.state === 'active');
    expect(inFlight).toHaveLength(1);
    // …when it dies. Nothing was acknowledged, so nothing was delivered.
    await worker.kill();
    expect(acceptedTo(email)).toHaveLength(0);

    // The replacement worker (ECS starts one) finds the job without a heartbeat, retries it.
    const replacement = await startWorker('worker-3');
    await eventually(async () => acceptedTo(email).length > 0, 'the retried delivery', 200_000);
    await eventually(
      async () => (await jobs('mail.send')).every((j) => j.state === 'completed'),
      'the mail job to complete',
      30_000,
    );
    expect(acceptedTo(email)).toHaveLength(1);
    const retried = (await jobs('mail.send')).filter((j) => j.retry_count > 0);
    expect(retried).toHaveLength(1);
    expect(replacement.lines.join('\n')).toContain('"msg":"Mail sent"');
  }, 260_000);
});
