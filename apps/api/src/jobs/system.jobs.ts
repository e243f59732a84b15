import { Injectable, Logger } from '@nestjs/common';
import { JobHandler } from './job-handler.decorator.js';
import type { JobPayloads } from './job-payloads.js';
import { JobsService } from './jobs.service.js';

/** The log message the deployment's metric filter reads (infra/lib/constructs/queue-age-metric.ts). */
export const QUEUE_AGE_LOG_MESSAGE = 'job queue age';

/** Jobs that belong to no domain. */
@Injectable()
export class SystemJobs {
  private readonly logger = new Logger('Jobs');

  constructor(private readonly jobs: JobsService) {}

  /** Proves a round trip through the queue on this database (platform test, readiness drills). */
  @JobHandler('system.noop', { retryLimit: 0 })
  async noop(data: JobPayloads['system.noop']): Promise<{ echo: string | null }> {
    return { echo: data.echo ?? null };
  }

  /**
   * Once a minute, wherever jobs are worked: logs how long the oldest ready job has waited, as
   * `{"msg":"job queue age","oldestQueuedSeconds":N}`. The deployment turns that line into a
   * CloudWatch metric and alarms on it; no line at all (no worker) alarms too.
   */
  @JobHandler('system.queue-age', {
    policy: 'short',
    retryLimit: 0,
    expireInSeconds: 60,
    cron: { expression: '* * * * *', data: {} },
  })
  async queueAge(): Promise<{ oldestQueuedSeconds: number }> {
    const oldestQueuedSeconds = Math.round(await this.jobs.oldestReadyJobSeconds());
    this.logger.log({ oldestQueuedSeconds }, QUEUE_AGE_LOG_MESSAGE);
    return { oldestQueuedSeconds };
  }
}
