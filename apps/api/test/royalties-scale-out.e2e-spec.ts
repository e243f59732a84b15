import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startEmbeddedS3, type EmbeddedS3 } from '../src/infra/embedded-s3.js';
import { previousPeriod } from '../src/royalties/royalty-period.js';
import { eventually } from './support/jobs.js';
import { nextLogFile } from './support/log-secrets.js';
import { ensureBuilt, freePort, startProcess, type AppProcess } from './support/processes.js';
import { createTestEnvironment, type TestEnvironment } from './support/test-environment.js';

/**
 * The monthly statement cron with two API processes working jobs on one PostgreSQL: both
 * schedule it, it runs once per occurrence, and each studio gets one statement. PGlite belongs
 * to one process, so this needs DATABASE_URL (CI's PostgreSQL pass).
 */
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres('royalties: the monthly cron on two API processes', () => {
  let environment: TestEnvironment;
  let s3: EmbeddedS3;
  let sql: pg.Client;
  const processes: AppProcess[] = [];
  const logFile = nextLogFile();
  const month = previousPeriod(new Date());

  beforeAll(async () => {
    ensureBuilt();
    environment = await createTestEnvironment();
    s3 = await startEmbeddedS3({ dir: path.join(environment.dataDir, 's3'), port: 0 });
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      credentials: s3.credentials,
      forcePathStyle: true,
    });
    for (const suffix of ['originals', 'previews', 'documents']) {
      await client.send(new CreateBucketCommand({ Bucket: `royalties-${suffix}` }));
    }
    client.destroy();
    const env: Record<string, string> = {
      ...environment.env,
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      DATABASE_POOL_SIZE: '4',
      JOBS_ENABLED: 'true',
      JOBS_POLL_INTERVAL_SECONDS: '0.5',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: 'royalties',
      S3_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    };
    for (const name of ['EMBEDDED_PG_IN_MEMORY', 'EMBEDDED_PG_TEMPLATE']) delete env[name];
    sql = new pg.Client({ connectionString: env.DATABASE_URL });
    await sql.connect();
    for (const name of ['api-a', 'api-b']) {
      const port = await freePort();
      const api = startProcess(name, 'main.js', { ...env, PORT: String(port) }, logFile);
      processes.push(api);
      await api.waitForLine(/Clearframe API listening on/);
    }
  }, 180_000);

  afterAll(async () => {
    for (const p of processes) await p.stop();
    await sql?.end();
    await s3?.stop();
    await environment?.cleanup();
  }, 60_000);

  it('states last month once per occurrence, one statement per studio', async () => {
    // Two studios with last month's earnings in the ledger (an adjustment each: no orders needed).
    const studios: string[] = [];
    for (const name of ['Cron Studio A', 'Cron Studio B']) {
      const { rows } = await sql.query<{ id: string }>(
        `INSERT INTO organizations (name, slug, kind) VALUES ($1, $2, 'creator') RETURNING id`,
        [name, name.toLowerCase().replace(/ /g, '-')],
      );
      studios.push(rows[0]!.id);
    }
    const recordedAt = new Date(month.start.getTime() + 5 * 86_400_000);
    await sql.query('BEGIN');
    for (const [index, orgId] of studios.entries()) {
      const { rows } = await sql.query<{ id: string }>(
        `INSERT INTO journal_entries (idempotency_key, kind, order_id, description, occurred_at, recorded_at)
         VALUES ($1, 'adjustment', NULL, 'Cron test credit', $2, $2) RETURNING id`,
        [`cron-test:${orgId}`, recordedAt],
      );
      const accounts: [string, string, string | null, number][] = [
        [`creator-payable:${orgId}:USD`, 'liability', orgId, -(500 + index)],
        ['platform-fees:USD', 'revenue', null, 500 + index],
      ];
      for (const [lineNo, [code, kind, owner, amount]] of accounts.entries()) {
        const account = await sql.query<{ id: string }>(
          `INSERT INTO ledger_accounts (code, kind, org_id, currency, created_at)
           VALUES ($1, $2, $3, 'USD', now())
           ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id`,
          [code, kind, owner],
        );
        await sql.query(
          `INSERT INTO journal_lines (entry_id, line_no, account_id, amount_minor, currency)
           VALUES ($1, $2, $3, $4, 'USD')`,
          [rows[0]!.id, lineNo + 1, account.rows[0]!.id, amount],
        );
      }
    }
    await sql.query('COMMIT');

    // Both processes scheduled the 1st-of-the-month cron; bring its next occurrence to this minute.
    expect(
      (await sql.query(`SELECT cron FROM pgboss.schedule WHERE name = 'royalties.statements'`))
        .rows,
    ).toEqual([{ cron: '0 2 1 * *' }]);
    const since = new Date();
    await sql.query(
      `UPDATE pgboss.schedule SET cron = '* * * * *' WHERE name = 'royalties.statements'`,
    );
    await eventually(
      async () =>
        (
          await sql.query(
            `SELECT 1 FROM pgboss.job WHERE name = 'royalties.statements' AND state = 'completed'
              AND created_on > $1`,
            [since],
          )
        ).rowCount! > 0,
      'an occurrence of the royalties cron',
      150_000,
    );
    await sql.query(
      `UPDATE pgboss.schedule SET cron = '0 2 1 * *' WHERE name = 'royalties.statements'`,
    );
    const { rows: runs } = await sql.query<{ minute: Date; runs: number }>(
      `SELECT date_trunc('minute', created_on) AS minute, count(*)::int AS runs
         FROM pgboss.job WHERE name = 'royalties.statements' GROUP BY 1`,
    );
    expect(runs.map((r) => r.runs)).toEqual(runs.map(() => 1));
    const { rows: statements } = await sql.query(
      `SELECT org_id, status, closing_minor::int AS closing FROM royalty_statements
        WHERE period = $1 ORDER BY closing_minor`,
      [month.id],
    );
    expect(statements).toEqual([
      { org_id: studios[0], status: 'final', closing: 500 },
      { org_id: studios[1], status: 'final', closing: 501 },
    ]);
  }, 240_000);
});
