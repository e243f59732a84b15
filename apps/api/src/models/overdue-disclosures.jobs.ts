import { Injectable } from '@nestjs/common';
import { JobHandler } from '../jobs/job-handler.decorator.js';
import { OverdueDisclosuresService } from './overdue-disclosures.service.js';

declare module '../jobs/job-payloads.js' {
  interface JobPayloads {
    /** Records and notifies every required disclosure that became overdue (decision 022). */
    'models.overdue-disclosures': Record<string, never>;
  }
}

/** The transparency module's background work. */
@Injectable()
export class OverdueDisclosuresJobs {
  constructor(private readonly overdue: OverdueDisclosuresService) {}

  // Hourly: deadlines fall at 00:00 UTC, so a notice goes out within the hour after one passes.
  // Each (model, grant) is recorded and notified once, so a retry or a second run sends nothing.
  @JobHandler('models.overdue-disclosures', {
    policy: 'short',
    retryLimit: 3,
    retryDelay: 300,
    expireInSeconds: 1_800,
    cron: { expression: '5 * * * *', data: {} },
  })
  async run(): Promise<{ recorded: number; mails: number }> {
    return this.overdue.detect();
  }
}
