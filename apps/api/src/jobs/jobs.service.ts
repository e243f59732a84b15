import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { PgBoss } from 'pg-boss';
import { AppConfig } from '../config/app-config.js';
import { JOBS_POOL_SIZE, Runtime } from '../infra/runtime.js';

export const NOOP_QUEUE = 'system.noop';

/**
 * pg-boss on the application's own database: jobs commit with the data that caused them, and cron
 * schedules are cluster-safe because pg-boss coordinates through PostgreSQL, not process memory.
 */
@Injectable()
export class JobsService implements OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private boss: PgBoss | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly runtime: Runtime,
  ) {}

  get started(): boolean {
    return this.boss !== undefined;
  }

  async start(): Promise<void> {
    if (!this.config.jobs.enabled || this.boss) return;
    const boss = new PgBoss({
      connectionString: this.runtime.databaseUrl,
      max: JOBS_POOL_SIZE,
      backend: this.runtime.databaseBackend,
      application_name: 'clearframe-jobs',
    });
    boss.on('error', (error) => this.logger.error({ err: error }, 'pg-boss error'));
    await boss.start();
    await boss.createQueue(NOOP_QUEUE);
    // The no-op job proves the queue round-trips on this database (used by tests and readiness drills).
    await boss.work<{ echo?: string }>(
      NOOP_QUEUE,
      { pollingIntervalSeconds: 0.5 },
      async ([job]) => ({
        echo: job?.data?.echo ?? null,
      }),
    );
    this.boss = boss;
    this.logger.log({ backend: this.runtime.databaseBackend }, 'Job queue started');
  }

  private get queue(): PgBoss {
    if (!this.boss) throw new Error('The job queue is not running (JOBS_ENABLED=false?)');
    return this.boss;
  }

  send(
    name: string,
    data: object,
    options?: Parameters<PgBoss['send']>[2],
  ): Promise<string | null> {
    return this.queue.send(name, data, options);
  }

  getJob(name: string, id: string) {
    return this.queue.getJobById<object>(name, id);
  }

  async onApplicationShutdown(): Promise<void> {
    const boss = this.boss;
    this.boss = undefined;
    await boss?.stop({ graceful: true, timeout: 5_000 });
  }
}
