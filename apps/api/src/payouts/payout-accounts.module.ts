import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { PayoutAccountsController } from './payout-accounts.controller.js';
import { PayoutAccountsRepository } from './payout-accounts.repository.js';
import { PayoutAccountsService } from './payout-accounts.service.js';

/**
 * The studio's payout account (Stripe onboarding, or manual details in embedded mode), and the
 * `account.updated` events that keep it current. Transfers are the payout runs' (`payouts.module`).
 */
@Module({
  imports: [PaymentsModule, AuditModule],
  controllers: [PayoutAccountsController],
  providers: [PayoutAccountsService, PayoutAccountsRepository],
  exports: [PayoutAccountsService],
})
export class PayoutAccountsModule {}
