import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { PaymentProvider } from '../payments/payment-provider.js';

/** Where a studio's payouts go: a provider account, by hand, or nowhere yet (null). */
export type PayoutDestination = { kind: 'provider'; accountId: string } | { kind: 'manual' };

/**
 * The creator payout accounts, as payouts need them. A port, so the payout accounts domain
 * (onboarding, bank details) can answer it without payouts knowing its tables.
 */
export abstract class PayoutDestinations {
  /** The studio's ready destination, or null when it has none (its balance carries forward). */
  abstract destinationOf(orgId: string): Promise<PayoutDestination | null>;
}

/**
 * The default answer until the payout accounts domain binds its own: a `payout_accounts` row of
 * the studio with `status = 'ready'` (its `provider_account_id`, or by hand when that is null);
 * without that table, offline mode pays every studio into the account the offline provider's
 * onboarding gives it (instant, payouts enabled), and Stripe pays nobody (no connected account).
 */
@Injectable()
export class TablePayoutDestinations extends PayoutDestinations {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly payments: PaymentProvider,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async destinationOf(orgId: string): Promise<PayoutDestination | null> {
    const db = this.uow.manager();
    const [table] = (await db.query(
      `SELECT to_regclass('payout_accounts') IS NOT NULL AS present`,
    )) as {
      present: boolean;
    }[];
    if (table?.present) {
      const [row] = (await db.query(
        `SELECT provider_account_id FROM payout_accounts WHERE org_id = $1 AND status = 'ready' LIMIT 1`,
        [orgId],
      )) as { provider_account_id: string | null }[];
      if (!row) return null;
      return row.provider_account_id
        ? { kind: 'provider', accountId: row.provider_account_id }
        : { kind: 'manual' };
    }
    if (this.payments.name !== 'offline') return null;
    const link = await this.payments.createOnboardingLink({
      orgId,
      returnUrl: `${this.config.server.webOrigin}/`,
      refreshUrl: `${this.config.server.webOrigin}/`,
    });
    return { kind: 'provider', accountId: link.accountId };
  }
}
