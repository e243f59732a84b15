import { Injectable } from '@nestjs/common';
import type { CountryCodeType } from '@clearframe/contracts/license';
import type { PayoutRequirementsType } from '@clearframe/contracts/money';
import { UnitOfWork } from '../database/unit-of-work.js';

export type PayoutAccountStatusRow = 'pending' | 'ready' | 'restricted';

export interface PayoutAccountRow {
  orgId: string;
  provider: 'offline' | 'stripe';
  providerAccountId: string | null;
  status: PayoutAccountStatusRow;
  payoutsEnabled: boolean;
  requirements: PayoutRequirementsType;
  manual: {
    holderName: string;
    accountLast4: string;
    country: CountryCodeType;
    bankName: string;
  } | null;
  linkRequestedAt: Date | null;
  providerEventId: string | null;
  providerEventAt: Date | null;
  updatedAt: Date;
}

interface RawRow {
  org_id: string;
  provider: 'offline' | 'stripe';
  provider_account_id: string | null;
  status: PayoutAccountStatusRow;
  payouts_enabled: boolean;
  requirements: PayoutRequirementsType | string;
  manual_holder_name: string | null;
  manual_account_last4: string | null;
  manual_country: CountryCodeType | null;
  manual_bank_name: string | null;
  link_requested_at: Date | string | null;
  provider_event_id: string | null;
  provider_event_at: Date | string | null;
  updated_at: Date | string;
}

const date = (value: Date | string | null): Date | null =>
  value === null ? null : value instanceof Date ? value : new Date(value);

function toRow(raw: RawRow): PayoutAccountRow {
  return {
    orgId: raw.org_id,
    provider: raw.provider,
    providerAccountId: raw.provider_account_id,
    status: raw.status,
    payoutsEnabled: raw.payouts_enabled,
    requirements:
      typeof raw.requirements === 'string' ? JSON.parse(raw.requirements) : raw.requirements,
    manual:
      raw.manual_account_last4 === null
        ? null
        : {
            holderName: raw.manual_holder_name!,
            accountLast4: raw.manual_account_last4,
            country: raw.manual_country!,
            bankName: raw.manual_bank_name!,
          },
    linkRequestedAt: date(raw.link_requested_at),
    providerEventId: raw.provider_event_id,
    providerEventAt: date(raw.provider_event_at),
    updatedAt: date(raw.updated_at)!,
  };
}

/** Payout accounts, one per creator organization; every read takes the org (or account) id. */
@Injectable()
export class PayoutAccountsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async findByOrg(
    orgId: string,
    options: { lock?: boolean } = {},
  ): Promise<PayoutAccountRow | null> {
    const rows: RawRow[] = await this.uow
      .manager()
      .query(
        `SELECT * FROM payout_accounts WHERE org_id = $1${options.lock ? ' FOR UPDATE' : ''}`,
        [orgId],
      );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async lockByProviderAccount(
    provider: string,
    providerAccountId: string,
  ): Promise<PayoutAccountRow | null> {
    const rows: RawRow[] = await this.uow
      .manager()
      .query(
        `SELECT * FROM payout_accounts WHERE provider = $1 AND provider_account_id = $2 FOR UPDATE`,
        [provider, providerAccountId],
      );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /**
   * Records that an onboarding link is being asked for, before the provider is asked: the row
   * exists (locked) whatever happens next. A row of another provider (a deployment that moved
   * from embedded mode to Stripe) starts over as this provider's, keeping nothing of the other.
   */
  async recordLinkRequest(orgId: string, provider: string, at: Date): Promise<PayoutAccountRow> {
    const rows: RawRow[] = await this.uow.manager().query(
      `INSERT INTO payout_accounts (org_id, provider, link_requested_at, created_at, updated_at)
       VALUES ($1, $2, $3, $3, $3)
       ON CONFLICT (org_id) DO UPDATE SET
         link_requested_at = EXCLUDED.link_requested_at,
         provider_account_id = CASE WHEN payout_accounts.provider = EXCLUDED.provider
           THEN payout_accounts.provider_account_id END,
         status = CASE WHEN payout_accounts.provider = EXCLUDED.provider
           THEN payout_accounts.status ELSE 'pending' END,
         payouts_enabled = payout_accounts.payouts_enabled AND payout_accounts.provider = EXCLUDED.provider,
         manual_holder_name = NULL, manual_account_last4 = NULL, manual_country = NULL,
         manual_bank_name = NULL,
         provider = EXCLUDED.provider
       RETURNING *`,
      [orgId, provider, at],
    );
    return toRow(rows[0]!);
  }

  /** Stores the provider's account for the org; an account already stored is never replaced. */
  async setProviderAccount(orgId: string, providerAccountId: string, at: Date): Promise<boolean> {
    const rows: unknown[] = await this.uow.manager().query(
      // A CTE, so the driver answers rows (an UPDATE alone answers [rows, count]).
      `WITH updated AS (
         UPDATE payout_accounts SET provider_account_id = $2, updated_at = $3
         WHERE org_id = $1 AND (provider_account_id IS NULL OR provider_account_id = $2)
         RETURNING org_id)
       SELECT org_id FROM updated`,
      [orgId, providerAccountId, at],
    );
    return rows.length === 1;
  }

  async saveManual(
    orgId: string,
    provider: string,
    manual: NonNullable<PayoutAccountRow['manual']>,
    at: Date,
  ): Promise<PayoutAccountRow> {
    const rows: RawRow[] = await this.uow.manager().query(
      `INSERT INTO payout_accounts (org_id, provider, status, manual_holder_name,
         manual_account_last4, manual_country, manual_bank_name, created_at, updated_at)
       VALUES ($1, $2, 'ready', $3, $4, $5, $6, $7, $7)
       ON CONFLICT (org_id) DO UPDATE SET
         provider = EXCLUDED.provider, status = 'ready',
         manual_holder_name = EXCLUDED.manual_holder_name,
         manual_account_last4 = EXCLUDED.manual_account_last4,
         manual_country = EXCLUDED.manual_country,
         manual_bank_name = EXCLUDED.manual_bank_name,
         updated_at = EXCLUDED.updated_at
       RETURNING *`,
      [
        orgId,
        provider,
        manual.holderName,
        manual.accountLast4,
        manual.country,
        manual.bankName,
        at,
      ],
    );
    return toRow(rows[0]!);
  }

  async applyProviderState(
    orgId: string,
    state: {
      status: PayoutAccountStatusRow;
      payoutsEnabled: boolean;
      requirements: PayoutRequirementsType;
      eventId: string;
      eventAt: Date;
    },
    at: Date,
  ): Promise<void> {
    await this.uow.manager().query(
      `UPDATE payout_accounts SET status = $2, payouts_enabled = $3, requirements = $4::jsonb,
         provider_event_id = $5, provider_event_at = $6, updated_at = $7
       WHERE org_id = $1`,
      [
        orgId,
        state.status,
        state.payoutsEnabled,
        JSON.stringify(state.requirements),
        state.eventId,
        state.eventAt,
        at,
      ],
    );
  }
}
