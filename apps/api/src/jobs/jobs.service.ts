import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PgBoss, type Db, type JobWithMetadata, type SendOptions } from 'pg-boss';
import { AppConfig } from '../config/app-config.js';
import { sqlRows } from '../database/sql.js';
import { JOBS_POOL_SIZE, Runtime } from '../infra/runtime.js';
import type { JobContext } from './job-handler.decorator.js';
import type { JobName, JobPayloads } from './job-payloads.js';
import { JobRegistry, type RegisteredJob } from './job-registry.js';
import { JOBS_SQL_EXECUTOR, type CurrentSqlExecutor } from './sql-executor.js';

/** How a job is sent. Retries and expiry belong to the queue (`@JobHandler` options). */
export interface SendJobOptions {
  /**
   * The business key of a job that must not be queued twice (e.g. the upload id for
   * `uploads.probe`). Only honoured on queues whose policy dedupes (`exclusive`, `short`,
   * `stately`) or together with `singletonSeconds`; `send` refuses it elsewhere rather than
   * silently queueing duplicates.
   */
  singletonKey?: string;
  /** Dedupes by key within a time slot of this many seconds, on any queue. */
  singletonSeconds?: number;
  startAfter?: Date | number;
  priority?: number;
}

const DEDUPING_POLICIES = new Set(['exclusive', 'short', 'stately']);
const DRAIN_BATCH = 20;
const DRAIN_MAX_ROUNDS = 100;

/**
 * pg-boss on the application's own database. Every process starts the queue so it can enqueue
 * (and creates the queues the `@JobHandler`s declare); only a process with JOBS_ENABLED works
 * them: it runs the handlers, the cron schedules and pg-boss' maintenance. Cron schedules are
 * cluster-safe because pg-boss keeps them in the database and sends each occurrence once.
 *
 * Inside a transaction, `send` inserts the job through that transaction's connection (see
 * JOBS_SQL_EXECUTOR): the job commits, or vanishes, with the change that caused it.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private boss: PgBoss | undefined;
  private starting: Promise<void> | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly runtime: Runtime,
    private readonly registry: JobRegistry,
    @Inject(JOBS_SQL_EXECUTOR) private readonly currentExecutor: CurrentSqlExecutor,
  ) {}

  /** True when this process runs handlers (JOBS_ENABLED); every process can send. */
  get working(): boolean {
    return this.config.jobs.enabled;
  }

  onApplicationBootstrap(): Promise<void> {
    return this.start();
  }

  start(): Promise<void> {
    this.starting ??= this.startQueue().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async startQueue(): Promise<void> {
    const jobs = this.registry.all(); // fails fast on a name declared twice
    const working = this.working;
    const boss = new PgBoss({
      connectionString: this.runtime.databaseUrl,
      max: JOBS_POOL_SIZE,
      backend: this.runtime.databaseBackend,
      application_name: working ? 'clearframe-jobs' : 'clearframe-jobs-sender',
      // Maintenance and the cron clock run where jobs are worked; a sender only inserts.
      supervise: working,
      schedule: working,
    });
    boss.on('error', (error) => this.logger.error({ err: error }, 'pg-boss error'));
    await boss.start();
    // Set before the workers start: a handler may send jobs of its own.
    this.boss = boss;
    try {
      for (const job of jobs) {
        const { policy, ...settings } = queueSettings(job);
        await boss.createQueue(job.name, { policy, ...settings });
        // createQueue leaves an existing queue as it was; this applies edited retry/expiry options.
        await boss.updateQueue(job.name, settings);
      }
      if (working) {
        for (const job of jobs) {
          await boss.work<
            unknown,
            unknown,
            { includeMetadata: true; localConcurrency: number; pollingIntervalSeconds: number }
          >(
            job.name,
            {
              includeMetadata: true,
              localConcurrency: job.options.concurrency ?? 1,
              pollingIntervalSeconds: this.config.jobs.pollIntervalSeconds,
            },
            async ([fetched]) => (fetched ? this.execute(job, fetched) : null),
          );
          const cron = job.options.cron;
          if (cron) {
            await boss.schedule(job.name, cron.expression, cron.data as object, {
              tz: cron.tz ?? 'UTC',
            });
          }
        }
      }
    } catch (error) {
      this.boss = undefined;
      await boss.stop({ graceful: false }).catch(() => undefined);
      throw error;
    }
    this.logger.log(
      { backend: this.runtime.databaseBackend, working, queues: jobs.length },
      working ? 'Job queue started, working jobs' : 'Job queue started (send only)',
    );
  }

  private get queue(): PgBoss {
    if (!this.boss) throw new Error('The job queue has not started yet');
    return this.boss;
  }

  /**
   * Queues a job; resolves to its id, or null when a job with the same `singletonKey` is already
   * queued (dedupe). Within a transaction the insert runs on the transaction's connection.
   */
  send<N extends JobName>(
    name: N,
    data: JobPayloads[N],
    options: SendJobOptions = {},
  ): Promise<string | null> {
    const job = this.registry.get(name);
    if (!job) throw new Error(`No @JobHandler is declared for job "${name}"`);
    if (
      options.singletonKey !== undefined &&
      options.singletonSeconds === undefined &&
      !DEDUPING_POLICIES.has(job.options.policy ?? 'standard')
    ) {
      throw new Error(
        `Job "${name}" has a singletonKey but its queue policy (${job.options.policy ?? 'standard'}) does not dedupe; declare policy 'exclusive' or 'short', or pass singletonSeconds`,
      );
    }
    const executor = this.currentExecutor();
    const sendOptions: SendOptions = { ...options };
    if (executor) {
      const db: Db = {
        executeSql: async (text, values) => ({ rows: await sqlRows(executor, text, values) }),
      };
      sendOptions.db = db;
    }
    return this.queue.send(name, data as object, sendOptions);
  }

  /**
   * How long the oldest job that could run now has waited, in seconds (0 when none waits): the
   * queue's backlog as a single number, which the worker reports for the queue-age alarm.
   */
  async oldestReadyJobSeconds(): Promise<number> {
    const { rows } = await this.queue.getDb().executeSql(
      `SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(start_after)), 0)::float8 AS seconds
           FROM pgboss.job WHERE state IN ('created', 'retry') AND start_after <= now()`,
      [],
    );
    return Math.max(0, Number((rows[0] as { seconds: number } | undefined)?.seconds ?? 0));
  }

  /** A job with its state and output, for tests and operators. */
  getJob(name: JobName, id: string) {
    return this.queue.getJobById<object>(name, id);
  }

  /**
   * Runs, in this process, every job that is ready now, until none is: the jobs those jobs send
   * included, retries included when their delay has passed. Tests use it to run the queue
   * deterministically instead of waiting for a worker's poll. Resolves to the number of runs.
   */
  async drain(): Promise<number> {
    const boss = this.queue;
    let runs = 0;
    for (let round = 0; round < DRAIN_MAX_ROUNDS; round++) {
      let ranThisRound = 0;
      for (const job of this.registry.all()) {
        const fetched = await boss.fetch<unknown>(job.name, {
          batchSize: DRAIN_BATCH,
          includeMetadata: true,
        });
        for (const item of fetched) {
          ranThisRound++;
          try {
            const output = await this.execute(job, item);
            await boss.complete(job.name, item, toOutput(output));
          } catch (error) {
            await boss.fail(job.name, item, failureOutput(error));
          }
        }
      }
      if (ranThisRound === 0) return runs;
      runs += ranThisRound;
    }
    throw new Error(`Jobs were still arriving after ${DRAIN_MAX_ROUNDS} rounds of draining`);
  }

  // The payload is never logged: it can carry links with tokens, and personal data.
  private async execute(job: RegisteredJob, fetched: JobWithMetadata<unknown>): Promise<unknown> {
    const context: JobContext = { id: fetched.id, name: job.name, retryCount: fetched.retryCount };
    try {
      return await job.run(fetched.data, context);
    } catch (error) {
      this.logger.warn(
        { job: job.name, jobId: fetched.id, retryCount: fetched.retryCount, err: error },
        'Job failed',
      );
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const boss = this.boss;
    this.boss = undefined;
    this.starting = undefined;
    await boss?.stop({ graceful: true, timeout: 5_000 });
  }
}

// pg-boss 12's own defaults, spelled out so that removing an option from a handler resets it.
const QUEUE_DEFAULTS = {
  retryLimit: 2,
  retryDelay: 0,
  retryBackoff: false,
  expireInSeconds: 15 * 60,
  deleteAfterSeconds: 7 * 24 * 3600,
  retentionSeconds: 14 * 24 * 3600,
};

function queueSettings(job: RegisteredJob) {
  const { concurrency: _concurrency, cron: _cron, ...settings } = job.options;
  return { ...QUEUE_DEFAULTS, ...settings };
}

function toOutput(value: unknown): object | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'object' ? value : { value };
}

function failureOutput(error: unknown): object {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { message: String(error) };
}
