import { Injectable, Logger } from '@nestjs/common';
import type { CurrencyCodeType } from '@clearframe/contracts/money';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { LedgerAccounts, LedgerService } from '../ledger/ledger.service.js';
import { PaymentProvider } from '../payments/payment-provider.js';
import { PayoutDestinations } from './payout-destinations.js';
import { PayoutFaults } from './payout-faults.js';
import {
  PayoutRunRepository,
  type PayoutRow,
  type UnpaidStatement,
} from './payout-run.repository.js';
import { PayoutsErrors } from './payouts.errors.js';

/** How long a run holds a payout it is asking the provider about; a crashed run's hold runs out. */
const LEASE_MS = 5 * 60_000;
/** Failures whose outcome is unknown (the provider may have transferred): ask again, same key. */
const UNKNOWN_OUTCOME = new Set(['service_unavailable', 'internal_error']);

/** What a run did with one statement or payout. */
export interface PayoutOutcome {
  statementId: string;
  orgId: string;
  currency: CurrencyCodeType;
  amountMinor: number;
  /**
   * `paid`: transferred (now or by a run before); `manual`: to pay by hand; `failed`: the provider
   * refused; `pending`: asked, outcome unknown (a later run asks again); `busy`: another run holds
   * it; `carried`: below the threshold or negative, carried into the next statement;
   * `no_payout_account`: nowhere to pay yet, carried; `waiting`: an earlier payout of the studio
   * is still open.
   */
  outcome:
    'paid' | 'manual' | 'failed' | 'pending' | 'busy' | 'carried' | 'no_payout_account' | 'waiting';
  payoutId: string | null;
  reason: string | null;
}

export interface PayoutRunResult {
  thresholdMinor: number;
  payouts: PayoutOutcome[];
}

/**
 * Pays creator studios their final statements. A run first finishes every payout left requested
 * (a crash, an unknown answer), then pays each payable's newest final statement whose amount
 * reaches the threshold. The payout is recorded before the provider is asked, and asked with the
 * statement's key (`payout:<statementId>`), which the provider dedupes; the transfer, the `payout`
 * journal entry (creator payable debit, cash credit) and the statement's `paid` are recorded in
 * one transaction. So a run killed between any two steps and run again pays each statement once,
 * and any number of concurrent runs make one transfer per statement.
 */
@Injectable()
export class PayoutRunService {
  private readonly logger = new Logger('Payouts');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly payouts: PayoutRunRepository,
    private readonly ledger: LedgerService,
    private readonly payments: PaymentProvider,
    private readonly destinations: PayoutDestinations,
    private readonly faults: PayoutFaults,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  get thresholdMinor(): number {
    return this.config.payouts.thresholdMinor;
  }

  async run(): Promise<PayoutRunResult> {
    const results: PayoutOutcome[] = [];
    for (const id of await this.payouts.requestedIds()) {
      results.push(await this.pay(id));
    }
    for (const statement of await this.payouts.unpaidStatements()) {
      const started = await this.start(statement);
      results.push(
        started.outcome === 'requested' ? await this.pay(started.payoutId) : started.result,
      );
    }
    this.logger.log(
      {
        paid: results.filter((r) => r.outcome === 'paid').length,
        failed: results.filter((r) => r.outcome === 'failed').length,
        carried: results.filter((r) => r.outcome === 'carried').length,
      },
      'payouts run',
    );
    return { thresholdMinor: this.thresholdMinor, payouts: results };
  }

  /** What the next run would pay: each payable's newest unpaid final statement, and its amount. */
  async upcoming(): Promise<Array<UnpaidStatement & { amountMinor: number; payable: boolean }>> {
    const statements = await this.payouts.unpaidStatements();
    return Promise.all(
      statements.map(async (statement) => {
        const amountMinor = await this.amountOf(statement);
        return { ...statement, amountMinor, payable: amountMinor >= this.thresholdMinor };
      }),
    );
  }

  list(): Promise<PayoutRow[]> {
    return this.payouts.list();
  }

  /** Asks again for a payout the provider refused, once its cause is fixed (same key). */
  async retry(id: string): Promise<PayoutOutcome> {
    const payout = await this.payouts.byId(id);
    if (!payout) throw PayoutsErrors.payoutNotFound();
    if (payout.state !== 'failed') throw PayoutsErrors.notRetryable(payout.state);
    await this.uow.run(async () => {
      await this.payouts.lock(payout.orgId, payout.currency);
      if (!(await this.payouts.isLatest(payout.statementId))) throw PayoutsErrors.carriedForward();
      const destination = await this.destinations.destinationOf(payout.orgId);
      if (destination?.kind !== 'provider') throw PayoutsErrors.noDestination();
      await this.payouts.requeue(id, destination.accountId, this.clock.now());
    });
    return this.pay(id);
  }

  /** The operator paid a `manual` payout by hand: post it to the ledger, the statement is paid. */
  async markManualPaid(id: string): Promise<PayoutRow> {
    await this.uow.run(async () => {
      const payout = await this.payouts.byId(id);
      if (!payout) throw PayoutsErrors.payoutNotFound();
      if (payout.state !== 'manual') throw PayoutsErrors.notManual();
      await this.payouts.lock(payout.orgId, payout.currency);
      if (payout.paidAt) return;
      await this.record(payout, null, 'manual');
    });
    return (await this.payouts.byId(id))!;
  }

  /**
   * Records the payout of a statement, or says why there is none. Under the payable's lock, so
   * concurrent runs record one payout for it and never two open payouts for one studio.
   */
  private start(
    statement: UnpaidStatement,
  ): Promise<
    { outcome: 'requested'; payoutId: string } | { outcome: 'done'; result: PayoutOutcome }
  > {
    return this.uow.run(async () => {
      await this.payouts.lock(statement.orgId, statement.currency);
      const fresh = await this.payouts.unpaidStatement(statement.statementId);
      const done = (
        outcome: PayoutOutcome['outcome'],
        amountMinor: number,
        reason: string | null = null,
        payoutId: string | null = null,
      ) => ({
        outcome: 'done' as const,
        result: {
          statementId: statement.statementId,
          orgId: statement.orgId,
          currency: statement.currency,
          amountMinor,
          outcome,
          payoutId,
          reason,
        },
      });
      if (!fresh) return done('busy', 0, 'another run recorded it');
      if (await this.payouts.hasOpen(statement.orgId, statement.currency)) {
        return done('waiting', 0, 'an earlier payout of the studio is still open');
      }
      const amountMinor = await this.amountOf(fresh);
      if (amountMinor < this.thresholdMinor) {
        return done(
          'carried',
          amountMinor,
          amountMinor < 0 ? 'negative balance' : 'below the threshold',
        );
      }
      const destination = await this.destinations.destinationOf(statement.orgId);
      if (!destination) return done('no_payout_account', amountMinor, 'no payout account');
      const source = await this.payouts.singleSourceOrder(statement.statementId);
      const id = await this.payouts.insert({
        statement: fresh,
        amountMinor,
        state: destination.kind === 'manual' ? 'manual' : 'requested',
        destinationAccountId: destination.kind === 'provider' ? destination.accountId : null,
        transferGroup: source ? `order:${source.orderId}` : `statement:${statement.statementId}`,
        sourcePaymentId: source?.paymentId ?? null,
        provider: this.payments.name,
        now: this.clock.now(),
      });
      if (!id) return done('busy', amountMinor, 'another run recorded it');
      if (destination.kind === 'manual') return done('manual', amountMinor, 'to pay by hand', id);
      return { outcome: 'requested' as const, payoutId: id };
    });
  }

  /**
   * Takes the payout (a lease, so concurrent runs do not ask together), asks the provider with
   * the statement's key, and records the answer. A crash anywhere leaves it requested: the next
   * run asks again with the same key and gets the same transfer.
   */
  private async pay(id: string): Promise<PayoutOutcome> {
    const claimed = await this.uow.run(async () => {
      const payout = await this.payouts.byId(id);
      if (!payout) throw PayoutsErrors.payoutNotFound();
      await this.payouts.lock(payout.orgId, payout.currency);
      const current = (await this.payouts.byId(id))!;
      const now = this.clock.now();
      if (current.state !== 'requested') return { payout: current, take: false };
      if (current.leaseUntil && current.leaseUntil > now) return { payout: current, take: false };
      await this.payouts.claim(id, now, new Date(now.getTime() + LEASE_MS));
      return { payout: current, take: true };
    });
    const { payout } = claimed;
    if (!claimed.take) {
      return outcomeOf(payout, payout.state === 'requested' ? 'busy' : undefined);
    }
    this.faults.reached('after-request-recorded');
    let transferId: string;
    try {
      const transfer = await this.payments.createTransfer({
        destinationAccountId: payout.destinationAccountId!,
        amount: { amountMinor: payout.amountMinor, currency: payout.currency },
        idempotencyKey: payout.idempotencyKey,
        ...(payout.transferGroup ? { transferGroup: payout.transferGroup } : {}),
        ...(payout.sourcePaymentId ? { sourcePaymentId: payout.sourcePaymentId } : {}),
        description: `Clearframe royalties ${payout.period} (${payout.currency})`,
      });
      transferId = transfer.transferId;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const unknown = UNKNOWN_OUTCOME.has(error.code);
      const reason = `${error.code}: ${error.message}`;
      await this.uow.run(async () => {
        await this.payouts.lock(payout.orgId, payout.currency);
        await this.payouts.markAttemptEnded(
          id,
          unknown ? 'requested' : 'failed',
          reason,
          this.clock.now(),
        );
      });
      this.logger.warn({ payoutId: id, code: error.code }, 'payout transfer not made');
      return { ...outcomeOf(payout, unknown ? 'pending' : 'failed'), reason };
    }
    this.faults.reached('after-transfer');
    const recorded = await this.uow.run(async () => {
      await this.payouts.lock(payout.orgId, payout.currency);
      const current = (await this.payouts.byId(id))!;
      if (current.state === 'paid') return current;
      await this.record(current, transferId, 'paid');
      return (await this.payouts.byId(id))!;
    });
    return outcomeOf(recorded);
  }

  /** The transfer (or the hand payment), its journal entry and the statement's `paid`, together. */
  private async record(
    payout: PayoutRow,
    transferId: string | null,
    via: 'paid' | 'manual',
  ): Promise<void> {
    const now = this.clock.now();
    await this.payouts.markPaid(payout.id, transferId, now);
    this.faults.reached('while-recording');
    await this.ledger.post({
      idempotencyKey: payout.idempotencyKey,
      kind: 'payout',
      orderId: null,
      description: `Payout of the ${payout.period} royalty statement${via === 'manual' ? ' (by hand)' : ''}`,
      lines: [
        {
          account: LedgerAccounts.creatorPayable(payout.orgId, payout.currency),
          amountMinor: payout.amountMinor,
        },
        {
          account: LedgerAccounts.providerCash(payout.provider, payout.currency),
          amountMinor: -payout.amountMinor,
        },
      ],
    });
    await this.payouts.markStatementPaid(payout.statementId, now);
  }

  /** The statement's closing balance less what was paid since that it does not state yet. */
  private async amountOf(statement: UnpaidStatement): Promise<number> {
    return (
      statement.closingMinor -
      (await this.payouts.paidNotStated(statement.orgId, statement.currency))
    );
  }
}

function outcomeOf(payout: PayoutRow, outcome?: PayoutOutcome['outcome']): PayoutOutcome {
  return {
    statementId: payout.statementId,
    orgId: payout.orgId,
    currency: payout.currency,
    amountMinor: payout.amountMinor,
    outcome:
      outcome ??
      (payout.state === 'requested'
        ? 'pending'
        : payout.state === 'manual'
          ? 'manual'
          : payout.state),
    payoutId: payout.id,
    reason: payout.failureReason,
  };
}
