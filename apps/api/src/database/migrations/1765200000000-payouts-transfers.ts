import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payouts of final royalty statements to creator studios. One row per statement (unique), written
 * before the provider is asked, so a crash between asking and recording is found and finished by
 * the next run with the same idempotency key (`payout:<statementId>`). What the database
 * guarantees: one payout per statement however many runs race; a paid payout names its transfer
 * (or, paid by hand, nothing); amounts are positive.
 */
export class PayoutsTransfers1765200000000 implements MigrationInterface {
  name = 'PayoutsTransfers1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE payouts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        statement_id uuid NOT NULL UNIQUE REFERENCES royalty_statements(id) ON DELETE RESTRICT,
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency char(3) NOT NULL,
        idempotency_key text NOT NULL UNIQUE,
        -- requested: recorded, the provider may or may not have been asked yet;
        -- paid: the provider transferred it; failed: the provider refused (reason says why);
        -- manual: to be paid by hand (no provider account); paid_at set once the operator did.
        state text NOT NULL CHECK (state IN ('requested', 'paid', 'failed', 'manual')),
        destination_account_id text NULL,
        transfer_group text NULL,
        source_payment_id text NULL,
        provider text NOT NULL,
        provider_transfer_id text NULL UNIQUE,
        failure_reason text NULL,
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        -- A run working on the payout holds it until then; a crashed run's lease runs out.
        lease_until timestamptz NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_attempt_at timestamptz NULL,
        paid_at timestamptz NULL,
        CONSTRAINT payouts_key_names_statement CHECK (idempotency_key = 'payout:' || statement_id),
        CONSTRAINT payouts_paid_has_transfer CHECK (state <> 'paid' OR
          (provider_transfer_id IS NOT NULL AND paid_at IS NOT NULL)),
        CONSTRAINT payouts_provider_has_destination CHECK (state = 'manual' OR
          destination_account_id IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX payouts_org_idx ON payouts (org_id, currency, state)`);
    await db.query(`CREATE INDEX payouts_state_idx ON payouts (state, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE payouts`);
  }
}
