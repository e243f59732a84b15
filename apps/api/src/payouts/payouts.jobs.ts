import { Injectable } from '@nestjs/common';
import { JobHandler } from '../jobs/job-handler.decorator.js';
import { PayoutRunService } from './payout-run.service.js';

declare module '../jobs/job-payloads.js' {
  interface JobPayloads {
    /** Pays every final statement at or above the threshold; sent after the statements run. */
    'payouts.run': Record<string, never>;
  }
}

/** The payouts' background work. */
@Injectable()
export class PayoutsJobs {
  constructor(private readonly payouts: PayoutRunService) {}

  // Sent by the monthly statements job when it ends; a retry after a crash finishes what the
  // crashed attempt left requested, with the same idempotency keys.
  @JobHandler('payouts.run', {
    policy: 'short',
    retryLimit: 5,
    retryDelay: 300,
    retryBackoff: true,
    expireInSeconds: 3_600,
  })
  async payoutsRun(): Promise<{ paid: number; failed: number; carried: number }> {
    const result = await this.payouts.run();
    const count = (outcome: string) => result.payouts.filter((p) => p.outcome === outcome).length;
    return { paid: count('paid'), failed: count('failed'), carried: count('carried') };
  }
}
