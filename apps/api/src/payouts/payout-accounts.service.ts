import { Injectable, Logger } from '@nestjs/common';
import {
  describePayoutRequirements,
  normalizeAccountNumber,
  type PayoutAccountType,
  type PayoutOnboardingLinkType,
  type PayoutRequirementsType,
  type SetManualPayoutDetailsType,
} from '@clearframe/contracts/money';
import type { OrgContext } from '../access/principal.js';
import { AuditLog, type AuditActor } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import {
  PaymentProvider,
  type AccountRequirements,
  type PaymentEvent,
} from '../payments/payment-provider.js';
import {
  PayoutAccountsRepository,
  type PayoutAccountRow,
  type PayoutAccountStatusRow,
} from './payout-accounts.repository.js';
import { PayoutAccountsErrors } from './payout-accounts.errors.js';

const NOTHING_NEEDED: PayoutRequirementsType = {
  currentlyDue: [],
  pastDue: [],
  disabledReason: null,
};

/** What applying an account event did. */
export type AccountUpdateOutcome = 'account_updated' | 'unknown_account' | 'stale_account_event';

/**
 * Readiness from what the provider says: paid out when payouts are on; `restricted` when they
 * are off for a reason other than information still to give (a rejection, a review, a pause);
 * otherwise `pending`, which is every account still onboarding.
 */
export function readinessOf(
  payoutsEnabled: boolean,
  requirements: AccountRequirements,
): PayoutAccountStatusRow {
  if (payoutsEnabled) return 'ready';
  const reason = requirements.disabledReason;
  if (reason && !reason.startsWith('requirements.')) return 'restricted';
  return 'pending';
}

/**
 * A creator studio's payout account. With Stripe: one connected account per studio (v1,
 * controller properties; see docs/decisions/018), onboarded through Stripe-hosted account links,
 * its readiness and outstanding requirements kept current by `account.updated` events. In
 * embedded mode there is no Stripe: the studio records where it wants to be paid, and its payouts
 * are recorded as manual. Of an account number only the last four characters are kept.
 */
@Injectable()
export class PayoutAccountsService {
  private readonly logger = new Logger('PayoutAccounts');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly payments: PaymentProvider,
    private readonly accounts: PayoutAccountsRepository,
    private readonly audit: AuditLog,
  ) {}

  async get(ctx: OrgContext): Promise<PayoutAccountType> {
    return this.toDto(ctx.org.id, await this.accounts.findByOrg(ctx.org.id));
  }

  /**
   * A fresh Stripe onboarding link (links work once and expire within minutes). The ask is
   * recorded before Stripe is asked, and a new connected account's id is stored as soon as Stripe
   * makes it, before the link is even asked for: a link that fails then loses nothing, and the
   * next click reuses the account instead of making another. No transaction is held open while
   * Stripe answers.
   */
  async onboardingLink(
    ctx: OrgContext,
    owner: { email: string },
    actor: AuditActor,
  ): Promise<PayoutOnboardingLinkType> {
    if (this.payments.name !== 'stripe') throw PayoutAccountsErrors.onboardingNeedsStripe();
    const orgId = ctx.org.id;
    const recorded = await this.uow.run(() =>
      this.accounts.recordLinkRequest(orgId, this.payments.name, this.clock.now()),
    );
    const page = `${this.config.server.webOrigin}/studio/${orgId}/payouts`;
    const connect = async (accountId: string, at: Date) => {
      if (!(await this.accounts.setProviderAccount(orgId, accountId, at))) {
        // Another account is stored already: never swap it, and never hand out this link.
        throw new Error(`org ${orgId}: the provider answered another connected account`);
      }
      await this.audit.record({
        actor,
        action: 'payout_account.connected',
        orgId,
        target: { type: 'payout_account', id: orgId },
        data: { provider: this.payments.name, accountId },
      });
    };
    const link = await this.payments.createOnboardingLink({
      orgId,
      ...(recorded.providerAccountId ? { accountId: recorded.providerAccountId } : {}),
      email: owner.email,
      returnUrl: `${page}?onboarding=return`,
      refreshUrl: `${page}?onboarding=refresh`,
      // A new account is stored before its link is asked for (and so before it is returned).
      recordAccount: (accountId) => this.uow.run(() => connect(accountId, this.clock.now())),
    });
    const row = await this.uow.run(async () => {
      const current = await this.accounts.findByOrg(orgId, { lock: true });
      // An adapter that did not call the hook: store it now, still before returning.
      if (current?.providerAccountId !== link.accountId)
        await connect(link.accountId, this.clock.now());
      return this.accounts.findByOrg(orgId);
    });
    return {
      url: link.url,
      expiresAt: link.expiresAt.toISOString(),
      account: this.toDto(orgId, row),
    };
  }

  /** Embedded mode: where the studio wants to be paid by hand; its payouts are recorded as manual. */
  async setManual(
    ctx: OrgContext,
    input: SetManualPayoutDetailsType,
    actor: AuditActor,
  ): Promise<PayoutAccountType> {
    if (this.payments.name !== 'offline') throw PayoutAccountsErrors.manualDetailsNeedOfflineMode();
    const orgId = ctx.org.id;
    // The full number stops here: only its end is stored, audited or returned.
    const manual = {
      holderName: input.holderName,
      accountLast4: normalizeAccountNumber(input.accountNumber).slice(-4),
      country: input.country,
      bankName: input.bankName,
    };
    const row = await this.uow.run(async () => {
      const before = await this.accounts.findByOrg(orgId, { lock: true });
      const saved = await this.accounts.saveManual(
        orgId,
        this.payments.name,
        manual,
        this.clock.now(),
      );
      await this.audit.record({
        actor,
        action: 'payout_account.manual_details_set',
        orgId,
        target: { type: 'payout_account', id: orgId },
        data: {
          from: before?.manual
            ? { accountLast4: before.manual.accountLast4, country: before.manual.country }
            : null,
          to: { accountLast4: manual.accountLast4, country: manual.country },
        },
      });
      return saved;
    });
    return this.toDto(orgId, row);
  }

  /**
   * An `account.updated` event, inside the payment event's transaction: the account's
   * readiness and what the provider still needs. Events older than the one applied last are
   * skipped (Stripe retries deliveries for days); one for an account we do not hold is
   * acknowledged and left.
   */
  async applyAccountUpdate(
    event: Extract<PaymentEvent, { type: 'account.updated' }>,
  ): Promise<AccountUpdateOutcome> {
    return this.uow.run(async () => {
      const row = await this.accounts.lockByProviderAccount(this.payments.name, event.accountId);
      if (!row) {
        this.logger.warn(`account event ${event.eventId}: no studio holds ${event.accountId}`);
        return 'unknown_account';
      }
      const occurredAt = new Date(event.occurredAt);
      if (row.providerEventAt && row.providerEventAt > occurredAt) return 'stale_account_event';
      await this.accounts.applyProviderState(
        row.orgId,
        {
          status: readinessOf(event.payoutsEnabled, event.requirements),
          payoutsEnabled: event.payoutsEnabled,
          requirements: {
            currentlyDue: describePayoutRequirements(event.requirements.currentlyDue),
            pastDue: describePayoutRequirements(event.requirements.pastDue),
            disabledReason: event.requirements.disabledReason,
          },
          eventId: event.eventId,
          eventAt: occurredAt,
        },
        this.clock.now(),
      );
      return 'account_updated';
    });
  }

  private toDto(orgId: string, stored: PayoutAccountRow | null): PayoutAccountType {
    const provider = this.payments.name;
    // A row another provider wrote (a deployment that changed modes) is not this one's account.
    const row = stored?.provider === provider ? stored : null;
    return {
      orgId,
      provider,
      payouts: provider === 'stripe' ? 'stripe' : 'manual',
      status: row ? row.status : 'not_started',
      accountId: row?.providerAccountId ?? null,
      requirements: row?.requirements ?? NOTHING_NEEDED,
      manual: row?.manual ?? null,
      updatedAt: row ? row.updatedAt.toISOString() : null,
    };
  }
}
