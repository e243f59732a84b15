import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders, the exclusive holds that guard them, payment events, the double-entry ledger and
 * license grants. Raw SQL, because the guarantees live in the database:
 * - an exclusion constraint (btree_gist) refuses two live exclusive holds of one clip whose
 *   time ranges overlap, however many orders race for it;
 * - the ledger is append-only (UPDATE, DELETE and TRUNCATE raise) and every entry balances
 *   per currency, checked by deferred constraint triggers at commit, so an unbalanced or
 *   line-less entry can never be committed by any code path;
 * - each journal entry and each payment event is unique by the key of what caused it.
 */
export class DemandOrdersLedger1764800000000 implements MigrationInterface {
  name = 'DemandOrdersLedger1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await db.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
        bundle_id uuid NULL REFERENCES bundles(id) ON DELETE SET NULL,
        name text NOT NULL,
        status text NOT NULL CHECK (status IN
          ('pending_payment', 'paid', 'fulfilled', 'refunded', 'disputed', 'cancelled')),
        idempotency_key text NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 255),
        request_fingerprint text NOT NULL,
        intended_use jsonb NOT NULL,
        rate_card_id text NOT NULL,
        currency char(3) NOT NULL,
        total_minor bigint NOT NULL CHECK (total_minor > 0),
        platform_fee_minor bigint NOT NULL CHECK (platform_fee_minor >= 0),
        creator_share_minor bigint NOT NULL CHECK (creator_share_minor >= 0),
        clip_count integer NOT NULL CHECK (clip_count > 0),
        total_duration_ms bigint NOT NULL CHECK (total_duration_ms >= 0),
        quote jsonb NOT NULL,
        checkout_session_id text NULL,
        checkout_url text NULL,
        checkout_expires_at timestamptz NULL,
        payment_id text NULL,
        placed_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        placed_by_api_key uuid NULL REFERENCES api_keys(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL,
        paid_at timestamptz NULL,
        fulfilled_at timestamptz NULL,
        refunded_at timestamptz NULL,
        cancelled_at timestamptz NULL,
        CONSTRAINT orders_amounts_add_up CHECK (platform_fee_minor + creator_share_minor = total_minor),
        CONSTRAINT orders_idempotency_key UNIQUE (org_id, idempotency_key),
        CONSTRAINT orders_id_org_key UNIQUE (id, org_id)
      )`);
    await db.query(
      `CREATE INDEX orders_org_created_idx ON orders (org_id, created_at DESC, id DESC)`,
    );
    await db.query(
      `CREATE UNIQUE INDEX orders_payment_idx ON orders (payment_id) WHERE payment_id IS NOT NULL`,
    );
    await db.query(
      `CREATE UNIQUE INDEX orders_checkout_idx ON orders (checkout_session_id) WHERE checkout_session_id IS NOT NULL`,
    );

    await db.query(`
      CREATE TABLE order_terms (
        order_id uuid NOT NULL,
        org_id uuid NOT NULL,
        terms_hash text NOT NULL CHECK (terms_hash ~ '^sha256:[0-9a-f]{64}$'),
        terms jsonb NOT NULL,
        clip_count integer NOT NULL CHECK (clip_count > 0),
        PRIMARY KEY (order_id, terms_hash),
        FOREIGN KEY (order_id, org_id) REFERENCES orders (id, org_id) ON DELETE CASCADE
      )`);

    await db.query(`
      CREATE TABLE order_lines (
        order_id uuid NOT NULL,
        org_id uuid NOT NULL,
        clip_id uuid NOT NULL REFERENCES clips(id) ON DELETE RESTRICT,
        creator_org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
        policy_version_id uuid NOT NULL,
        terms_hash text NOT NULL,
        -- The clip's place in its terms' Merkle tree (manifest order).
        position integer NOT NULL CHECK (position >= 0),
        title text NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size_bytes bigint NOT NULL,
        duration_ms integer NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
        platform_fee_minor bigint NOT NULL CHECK (platform_fee_minor >= 0),
        creator_share_minor bigint NOT NULL CHECK (creator_share_minor >= 0),
        PRIMARY KEY (order_id, clip_id),
        UNIQUE (order_id, terms_hash, position),
        FOREIGN KEY (order_id, terms_hash) REFERENCES order_terms (order_id, terms_hash) ON DELETE CASCADE,
        FOREIGN KEY (order_id, org_id) REFERENCES orders (id, org_id) ON DELETE CASCADE
      )`);
    await db.query(
      `CREATE INDEX order_lines_creator_idx ON order_lines (creator_org_id, order_id)`,
    );
    await db.query(`CREATE INDEX order_lines_clip_idx ON order_lines (clip_id)`);

    await db.query(`
      CREATE TABLE exclusive_holds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clip_id uuid NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
        order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        lab_org_id uuid NOT NULL,
        during tstzrange NOT NULL CHECK (NOT isempty(during)),
        state text NOT NULL CHECK (state IN ('pending', 'licensed', 'released')),
        UNIQUE (order_id, clip_id),
        CONSTRAINT exclusive_holds_no_overlap
          EXCLUDE USING gist (clip_id WITH =, during WITH &&) WHERE (state <> 'released')
      )`);

    await db.query(`
      CREATE TABLE payment_events (
        id text PRIMARY KEY CHECK (char_length(id) BETWEEN 1 AND 255),
        provider text NOT NULL,
        type text NOT NULL,
        order_id uuid NULL,
        payment_id text NULL,
        event jsonb NOT NULL,
        received_at timestamptz NOT NULL,
        applied_at timestamptz NULL,
        outcome text NULL
      )`);
    await db.query(
      `CREATE INDEX payment_events_waiting_order_idx ON payment_events (order_id) WHERE applied_at IS NULL`,
    );
    await db.query(
      `CREATE INDEX payment_events_waiting_payment_idx ON payment_events (payment_id) WHERE applied_at IS NULL`,
    );

    await db.query(`
      CREATE TABLE ledger_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('asset', 'liability', 'revenue', 'expense')),
        org_id uuid NULL REFERENCES organizations(id) ON DELETE RESTRICT,
        currency char(3) NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE journal_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        idempotency_key text NOT NULL UNIQUE,
        kind text NOT NULL,
        order_id uuid NULL REFERENCES orders(id) ON DELETE RESTRICT,
        description text NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX journal_entries_order_idx ON journal_entries (order_id)`);
    await db.query(`
      CREATE TABLE journal_lines (
        entry_id uuid NOT NULL REFERENCES journal_entries(id) ON DELETE RESTRICT,
        line_no integer NOT NULL,
        account_id uuid NOT NULL REFERENCES ledger_accounts(id) ON DELETE RESTRICT,
        -- Debits positive, credits negative; an entry's lines sum to zero per currency.
        amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
        currency char(3) NOT NULL,
        PRIMARY KEY (entry_id, line_no)
      )`);
    await db.query(`CREATE INDEX journal_lines_account_idx ON journal_lines (account_id)`);

    await db.query(`
      CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the ledger is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'restrict_violation';
      END $$`);
    for (const table of ['journal_entries', 'journal_lines']) {
      await db.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`);
      await db.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`);
    }
    await db.query(`
      CREATE FUNCTION ledger_check_entry(entry uuid) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT count(*) FROM journal_lines WHERE entry_id = entry) < 2 THEN
          RAISE EXCEPTION 'journal entry % needs at least two lines', entry
            USING ERRCODE = 'check_violation';
        END IF;
        IF EXISTS (SELECT 1 FROM journal_lines WHERE entry_id = entry
                   GROUP BY currency HAVING sum(amount_minor) <> 0) THEN
          RAISE EXCEPTION 'journal entry % does not balance', entry
            USING ERRCODE = 'check_violation';
        END IF;
        IF EXISTS (SELECT 1 FROM journal_lines l JOIN ledger_accounts a ON a.id = l.account_id
                   WHERE l.entry_id = entry AND a.currency <> l.currency) THEN
          RAISE EXCEPTION 'journal entry % posts to an account in another currency', entry
            USING ERRCODE = 'check_violation';
        END IF;
      END $$`);
    await db.query(`
      CREATE FUNCTION ledger_entry_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM ledger_check_entry(NEW.id); RETURN NULL; END $$`);
    await db.query(`
      CREATE FUNCTION ledger_line_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM ledger_check_entry(NEW.entry_id); RETURN NULL; END $$`);
    await db.query(`
      CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entry_inserted()`);
    await db.query(`
      CREATE CONSTRAINT TRIGGER journal_lines_balanced AFTER INSERT ON journal_lines
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_line_inserted()`);

    await db.query(`
      CREATE TABLE license_grants (
        id uuid PRIMARY KEY,
        order_id uuid NOT NULL,
        org_id uuid NOT NULL,
        terms_hash text NOT NULL,
        clips_root text NOT NULL CHECK (clips_root ~ '^[0-9a-f]{64}$'),
        clip_count integer NOT NULL CHECK (clip_count > 0),
        total_seconds numeric(14, 3) NOT NULL,
        issued_at timestamptz NOT NULL,
        valid_from timestamptz NOT NULL,
        valid_until timestamptz NULL,
        key_id text NOT NULL,
        jws text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'revoked')),
        revoked_at timestamptz NULL,
        revocation_reason text NULL,
        UNIQUE (order_id, terms_hash),
        FOREIGN KEY (order_id, terms_hash) REFERENCES order_terms (order_id, terms_hash) ON DELETE RESTRICT,
        FOREIGN KEY (order_id, org_id) REFERENCES orders (id, org_id) ON DELETE RESTRICT,
        CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE license_grants`);
    // The append-only triggers would refuse the drop's implicit row removal only for TRUNCATE;
    // DROP TABLE is allowed, which is what undoing the migration needs.
    await db.query(`DROP TABLE journal_lines`);
    await db.query(`DROP TABLE journal_entries`);
    await db.query(`DROP TABLE ledger_accounts`);
    await db.query(`DROP FUNCTION ledger_line_inserted()`);
    await db.query(`DROP FUNCTION ledger_entry_inserted()`);
    await db.query(`DROP FUNCTION ledger_check_entry(uuid)`);
    await db.query(`DROP FUNCTION ledger_refuse_change()`);
    await db.query(`DROP TABLE payment_events`);
    await db.query(`DROP TABLE exclusive_holds`);
    await db.query(`DROP TABLE order_lines`);
    await db.query(`DROP TABLE order_terms`);
    await db.query(`DROP TABLE orders`);
    await db.query(`DROP EXTENSION IF EXISTS btree_gist`);
  }
}
