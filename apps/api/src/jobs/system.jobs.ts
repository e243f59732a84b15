import { Injectable } from '@nestjs/common';
import { JobHandler } from './job-handler.decorator.js';
import type { JobPayloads } from './job-payloads.js';

/** Jobs that belong to no domain. */
@Injectable()
export class SystemJobs {
  /** Proves a round trip through the queue on this database (platform test, readiness drills). */
  @JobHandler('system.noop', { retryLimit: 0 })
  async noop(data: JobPayloads['system.noop']): Promise<{ echo: string | null }> {
    return { echo: data.echo ?? null };
  }
}
