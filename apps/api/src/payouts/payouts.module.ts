import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { PayoutDestinations, TablePayoutDestinations } from './payout-destinations.js';
import { PayoutFaults } from './payout-faults.js';
import { PayoutReconciliationService } from './payout-reconciliation.service.js';
import { PayoutRunRepository } from './payout-run.repository.js';
import { PayoutRunService } from './payout-run.service.js';
import { PayoutsController } from './payouts.controller.js';
import { PayoutsJobs } from './payouts.jobs.js';

/**
 * Payouts of final royalty statements to creator studios, exactly once each, and their
 * reconciliation against the provider. `PayoutDestinations` is the port the payout accounts
 * domain answers; until it does, `TablePayoutDestinations` reads its table if present.
 */
@Module({
  imports: [PaymentsModule, LedgerModule, JobsModule],
  controllers: [PayoutsController],
  providers: [
    PayoutRunRepository,
    PayoutRunService,
    PayoutReconciliationService,
    PayoutFaults,
    PayoutsJobs,
    { provide: PayoutDestinations, useClass: TablePayoutDestinations },
  ],
  exports: [PayoutRunService],
})
export class PayoutsModule {}
