import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { JobHandler } from '../jobs/job-handler.decorator.js';
import { JobsService } from '../jobs/jobs.service.js';
import type { JobPayloads } from '../jobs/job-payloads.js';
import { previousPeriod } from './royalty-period.js';
import { RoyaltyStatementsService } from './royalty-statements.service.js';

declare module '../jobs/job-payloads.js' {
  interface JobPayloads {
    /** States the month before (or `period`, when given) for every creator studio. */
    'royalties.statements': { period?: string };
  }
}

/** The royalties' background work. */
@Injectable()
export class RoyaltiesJobs {
  constructor(
    private readonly statements: RoyaltyStatementsService,
    private readonly clock: Clock,
    private readonly jobs: JobsService,
  ) {}

  // 02:00 UTC on the 1st: pg-boss sends the occurrence once across all processes, and the run
  // itself is idempotent per (studio, month), so a retry or an operator's run-now changes nothing.
  @JobHandler('royalties.statements', {
    policy: 'short',
    retryLimit: 5,
    retryDelay: 300,
    retryBackoff: true,
    expireInSeconds: 3_600,
    cron: { expression: '0 2 1 * *', data: {} },
  })
  async statementsRun(
    data: JobPayloads['royalties.statements'],
  ): Promise<{ period: string; created: number; statements: number }> {
    const period = data.period ?? previousPeriod(this.clock.now()).id;
    const result = await this.statements.run(period);
    // Payouts follow the statements; a crash before this send is healed by the retry (the run
    // is idempotent), and the payouts run pays only final statements, each once.
    await this.jobs.send('payouts.run', {});
    return {
      period,
      created: result.statements.filter((s) => s.outcome === 'created').length,
      statements: result.statements.length,
    };
  }
}
