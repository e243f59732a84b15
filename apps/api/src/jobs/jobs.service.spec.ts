import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Global,
  Injectable,
  Module,
  type DynamicModule,
  type INestApplicationContext,
  type LoggerService,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { eventually } from '../../test/support/jobs.js';
import { createFreshDatabase, type FreshDatabase } from '../../test/support/test-environment.js';
import { AppConfig } from '../config/app-config.js';
import { Runtime } from '../infra/runtime.js';
import { JobHandler, type JobContext } from './job-handler.decorator.js';
import type { JobName, JobPayloads } from './job-payloads.js';
import { JobsModule } from './jobs.module.js';
import { JobsService } from './jobs.service.js';
import { QUEUE_AGE_LOG_MESSAGE, SystemJobs } from './system.jobs.js';
import { JOBS_SQL_EXECUTOR, type CurrentSqlExecutor, type SqlExecutor } from './sql-executor.js';

declare module './job-payloads.js' {
  interface JobPayloads {
    'test.flaky': { failures: number };
    'test.broken': { link: string };
    'test.once': { uploadId: string };
    'test.echo': { value: string };
    'test.tick': Record<string, never>;
  }
}

const runs: { name: JobName; retryCount: number; data: unknown }[] = [];
const runsOf = <N extends JobName>(name: N) =>
  runs.filter((run) => run.name === name).map((run) => run.data as JobPayloads[N]);

@Injectable()
class TestJobs {
  @JobHandler('test.flaky', { retryLimit: 2, retryDelay: 0 })
  async flaky(data: JobPayloads['test.flaky'], job: JobContext) {
    runs.push({ name: job.name, retryCount: job.retryCount, data });
    if (job.retryCount < data.failures) throw new Error(`attempt ${job.retryCount + 1} failed`);
    return { attempts: job.retryCount + 1 };
  }

  @JobHandler('test.broken', { retryLimit: 1, retryDelay: 0 })
  async broken(data: JobPayloads['test.broken'], job: JobContext): Promise<never> {
    runs.push({ name: job.name, retryCount: job.retryCount, data });
    throw new Error('the mail server said no');
  }

  @JobHandler('test.once', { policy: 'exclusive' })
  async once(data: JobPayloads['test.once'], job: JobContext) {
    runs.push({ name: job.name, retryCount: job.retryCount, data });
  }

  @JobHandler('test.echo')
  async echo(data: JobPayloads['test.echo'], job: JobContext) {
    runs.push({ name: job.name, retryCount: job.retryCount, data });
    return data;
  }

  @JobHandler('test.tick', { cron: { expression: '0 3 * * *', data: {} } })
  async tick(data: JobPayloads['test.tick'], job: JobContext) {
    runs.push({ name: job.name, retryCount: job.retryCount, data });
  }
}

@Injectable()
class AnotherEcho {
  @JobHandler('test.echo')
  async echo() {}
}

/** Every line logged, as text, to check what the logs do (and do not) carry. */
const logged: string[] = [];
const capture: LoggerService = Object.fromEntries(
  ['log', 'error', 'warn', 'debug', 'verbose', 'fatal'].map((level) => [
    level,
    (...args: unknown[]) => logged.push(inspect(args, { depth: 6 })),
  ]),
) as unknown as LoggerService;

// The transaction a test is "in", as the unit of work would report it.
let currentTransaction: SqlExecutor | undefined;

@Global()
@Module({})
class TestCore {
  static with(config: AppConfig, runtime: Runtime): DynamicModule {
    return {
      module: TestCore,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Runtime, useValue: runtime },
        {
          provide: JOBS_SQL_EXECUTOR,
          useValue: (() => currentTransaction) satisfies CurrentSqlExecutor,
        },
      ],
      exports: [AppConfig, Runtime, JOBS_SQL_EXECUTOR],
    };
  }
}

@Module({})
class TestRoot {}

async function boot(
  database: FreshDatabase,
  options: { working: boolean; handlers?: (new () => object)[] },
): Promise<INestApplicationContext> {
  const config = AppConfig.fromEnv({
    JOBS_ENABLED: String(options.working),
    JOBS_POLL_INTERVAL_SECONDS: '0.5',
  });
  const s3 = {
    endpoint: undefined,
    region: 'us-east-1',
    credentials: undefined,
    forcePathStyle: true,
  };
  const runtime = new Runtime(database.url, database.backend, s3, []);
  const app = await NestFactory.createApplicationContext(
    {
      module: TestRoot,
      imports: [TestCore.with(config, runtime), JobsModule],
      providers: options.handlers ?? [TestJobs],
    },
    { logger: capture, abortOnError: false },
  );
  await app.init();
  return app;
}

describe('JobsService', () => {
  let database: FreshDatabase;
  let app: INestApplicationContext;
  let jobs: JobsService;

  beforeAll(async () => {
    database = await createFreshDatabase();
    // Like the e2e tests: this process only sends; jobs run when the test drains.
    app = await boot(database, { working: false });
    jobs = app.get(JobsService);
  });
  afterAll(async () => {
    await app?.close();
    await database?.stop();
  });

  it('retries a job that fails, then completes it', async () => {
    const id = await jobs.send('test.flaky', { failures: 1 });
    expect(await jobs.drain()).toBe(2);
    expect(runs.filter((r) => r.name === 'test.flaky').map((r) => r.retryCount)).toEqual([0, 1]);
    expect(await jobs.getJob('test.flaky', id!)).toMatchObject({
      state: 'completed',
      retryCount: 1,
      output: { attempts: 2 },
    });
  });

  it('gives up after the retry limit, keeps the reason, and never logs the payload', async () => {
    const link = 'https://clearframe.test/reset-password?token=tok_do_not_log';
    const id = await jobs.send('test.broken', { link });
    expect(await jobs.drain()).toBe(2);
    expect(await jobs.getJob('test.broken', id!)).toMatchObject({
      state: 'failed',
      output: { message: 'the mail server said no' },
    });
    const failures = logged.filter(
      (line) => line.includes('Job failed') && line.includes("job: 'test.broken'"),
    );
    expect(failures).toHaveLength(2);
    expect(logged.filter((line) => line.includes('tok_do_not_log'))).toEqual([]);
  });

  it('runs a job sent twice with the same business key once', async () => {
    const first = await jobs.send('test.once', { uploadId: 'u-1' }, { singletonKey: 'u-1' });
    const again = await jobs.send('test.once', { uploadId: 'u-1' }, { singletonKey: 'u-1' });
    const other = await jobs.send('test.once', { uploadId: 'u-2' }, { singletonKey: 'u-2' });
    expect(first).toEqual(expect.any(String));
    expect(again).toBeNull();
    expect(other).toEqual(expect.any(String));
    await jobs.drain();
    expect(
      runsOf('test.once')
        .map((data) => data.uploadId)
        .sort(),
    ).toEqual(['u-1', 'u-2']);
  });

  it('refuses a business key on a queue whose policy would not dedupe it', () => {
    expect(() => jobs.send('test.echo', { value: 'x' }, { singletonKey: 'k' })).toThrow(
      /does not dedupe/,
    );
    expect(() => jobs.send('test.nope' as JobName, {} as never)).toThrow(/No @JobHandler/);
  });

  it('inserts through the current transaction, so the job commits or rolls back with it', async () => {
    const dataSource = await new DataSource({
      type: 'postgres',
      url: database.url,
      poolSize: 2,
    }).initialize();
    try {
      await expect(
        dataSource.transaction(async (manager) => {
          currentTransaction = manager;
          await jobs.send('test.echo', { value: 'rolled back' });
          throw new Error('the use case failed after sending');
        }),
      ).rejects.toThrow('the use case failed after sending');
      // On PGlite a send on pg-boss' own connection here would wait for the transaction: deadlock.
      await dataSource.transaction(async (manager) => {
        currentTransaction = manager;
        await jobs.send('test.echo', { value: 'committed' });
      });
    } finally {
      currentTransaction = undefined;
      await dataSource.destroy();
    }
    await jobs.drain();
    expect(runsOf('test.echo')).toEqual([{ value: 'committed' }]);
  });

  it('works jobs in a JOBS_ENABLED process and keeps one cron schedule however many declare it', async () => {
    const workers = [
      await boot(database, { working: true }),
      await boot(database, { working: true }),
    ];
    try {
      const id = await jobs.send('test.echo', { value: 'by a worker' });
      await eventually(
        async () => (await jobs.getJob('test.echo', id!))?.state === 'completed',
        'a worker to complete the job',
      );
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query(
          "SELECT name, cron FROM pgboss.schedule WHERE name = 'test.tick'",
        );
        expect(rows).toEqual([{ name: 'test.tick', cron: '0 3 * * *' }]);
      } finally {
        await client.end();
      }
    } finally {
      for (const worker of workers) await worker.close();
    }
  });

  it('refuses to boot with two handlers for one job', async () => {
    await expect(
      boot(database, { working: false, handlers: [TestJobs, AnotherEcho] }),
    ).rejects.toThrow('Job "test.echo" has two handlers: TestJobs.echo and AnotherEcho.echo');
  });

  it('wants job names namespaced by domain', () => {
    expect(() => JobHandler('send' as JobName)).toThrow(/namespaced/);
  });

  it('reports how long the oldest ready job has waited, and logs it for the queue-age alarm', async () => {
    await jobs.drain();
    expect(await jobs.oldestReadyJobSeconds()).toBe(0);
    const waiting = await jobs.send('test.echo', { value: 'waiting' });
    // Deferred for an hour: not ready, so not a backlog.
    await jobs.send(
      'test.echo',
      { value: 'later' },
      { startAfter: new Date(Date.now() + 3_600_000) },
    );
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(
        "UPDATE pgboss.job SET start_after = now() - interval '300 seconds' WHERE id = $1",
        [waiting],
      );
    } finally {
      await client.end();
    }
    const age = await jobs.oldestReadyJobSeconds();
    expect(age).toBeGreaterThanOrEqual(300);
    expect(age).toBeLessThan(330);

    logged.length = 0;
    const reported = await app.get(SystemJobs, { strict: false }).queueAge();
    expect(reported.oldestQueuedSeconds).toBeGreaterThanOrEqual(300);
    expect(reported.oldestQueuedSeconds).toBeLessThan(330);
    const line = logged.find((l) => l.includes(QUEUE_AGE_LOG_MESSAGE));
    expect(line).toContain(`oldestQueuedSeconds: ${reported.oldestQueuedSeconds}`);

    await jobs.drain();
    expect(runsOf('test.echo').at(-1)).toEqual({ value: 'waiting' });
    expect(await jobs.oldestReadyJobSeconds()).toBe(0);
  });
});
