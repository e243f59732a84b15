import { Controller, Get, Param, Post } from '@nestjs/common';
import { Operator } from '../access/access.decorator.js';
import { Clock } from '../common/clock.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { PaymentProvider } from '../payments/payment-provider.js';
import { PayoutReconciliationService } from './payout-reconciliation.service.js';
import type { PayoutRow } from './payout-run.repository.js';
import { PayoutRunService } from './payout-run.service.js';
import { PayoutRun, PayoutsOverview, PayoutView, ReconciliationReport } from './payouts.schemas.js';

/** The operators' payouts: the overview, run now, retry a failed one, and reconciliation. */
@Controller('v1/operator/payouts')
export class PayoutsController {
  constructor(
    private readonly payouts: PayoutRunService,
    private readonly reconciliation: PayoutReconciliationService,
    private readonly payments: PaymentProvider,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Operator()
  @Endpoint({
    summary: 'What the next run pays, what was paid, what failed and why',
    response: PayoutsOverview,
  })
  async overview() {
    return {
      thresholdMinor: this.payouts.thresholdMinor,
      provider: this.payments.name,
      upcoming: await this.payouts.upcoming(),
      payouts: (await this.payouts.list()).map(toView),
    };
  }

  @Post('runs')
  @Operator()
  @Endpoint({
    summary: 'Pay final statements now (the monthly job does this after statements): idempotent',
    response: PayoutRun,
  })
  run() {
    return this.payouts.run();
  }

  @Get('reconciliation')
  @Operator()
  @Endpoint({
    summary: "The ledger's payouts against the provider's transfers: every mismatch",
    response: ReconciliationReport,
  })
  async report() {
    const report = await this.reconciliation.report(this.clock.now());
    return { ...report, checkedAt: report.checkedAt.toISOString() };
  }

  @Post(':payoutId/retry')
  @Operator()
  @Endpoint({
    summary: 'Ask the provider again for a failed payout (same idempotency key)',
    response: PayoutRun.shape.payouts.element,
  })
  retry(@Param('payoutId', UuidParam) id: string) {
    return this.payouts.retry(id);
  }

  @Post(':payoutId/paid')
  @Operator()
  @Endpoint({ summary: 'Record a payout to pay by hand as paid', response: PayoutView })
  async markPaid(@Param('payoutId', UuidParam) id: string) {
    return toView(await this.payouts.markManualPaid(id));
  }
}

function toView(payout: PayoutRow) {
  return {
    id: payout.id,
    statementId: payout.statementId,
    orgId: payout.orgId,
    orgName: payout.orgName,
    period: payout.period,
    amountMinor: payout.amountMinor,
    currency: payout.currency,
    state: payout.state,
    providerTransferId: payout.providerTransferId,
    failureReason: payout.failureReason,
    attempts: payout.attempts,
    createdAt: payout.createdAt.toISOString(),
    lastAttemptAt: payout.lastAttemptAt?.toISOString() ?? null,
    paidAt: payout.paidAt?.toISOString() ?? null,
  };
}
