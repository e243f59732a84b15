import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A creator studio's payout account: the Stripe connected account it onboards (its id stored
 * before the onboarding link is handed out), how ready Stripe says it is and what Stripe still
 * needs; or, in embedded mode, the manual payout details the studio gave. Of an account number
 * only the last four characters are ever stored.
 */
export class PayoutsAccounts1764950000000 implements MigrationInterface {
  name = 'PayoutsAccounts1764950000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE payout_accounts (
        org_id uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
        provider text NOT NULL,
        provider_account_id text,
        status text NOT NULL DEFAULT 'pending',
        payouts_enabled boolean NOT NULL DEFAULT false,
        requirements jsonb NOT NULL
          DEFAULT '{"currentlyDue": [], "pastDue": [], "disabledReason": null}'::jsonb,
        manual_holder_name text,
        manual_account_last4 text,
        manual_country text,
        manual_bank_name text,
        link_requested_at timestamptz,
        provider_event_id text,
        provider_event_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT payout_accounts_provider_known CHECK (provider IN ('offline', 'stripe')),
        CONSTRAINT payout_accounts_status_known CHECK (status IN ('pending', 'ready', 'restricted')),
        CONSTRAINT payout_accounts_last4_only CHECK (manual_account_last4 ~ '^[0-9A-Z]{4}$'),
        CONSTRAINT payout_accounts_country CHECK (manual_country ~ '^[A-Z]{2}$'),
        CONSTRAINT payout_accounts_manual_whole CHECK (
          (manual_holder_name IS NULL) = (manual_account_last4 IS NULL)
          AND (manual_account_last4 IS NULL) = (manual_country IS NULL)
          AND (manual_country IS NULL) = (manual_bank_name IS NULL)),
        CONSTRAINT payout_accounts_requirements_shape CHECK (
          jsonb_typeof(requirements -> 'currentlyDue') = 'array'
          AND jsonb_typeof(requirements -> 'pastDue') = 'array')
      )`);
    await db.query(`
      CREATE UNIQUE INDEX payout_accounts_provider_account
        ON payout_accounts (provider, provider_account_id) WHERE provider_account_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE payout_accounts`);
  }
}
