import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monthly royalty statements per creator studio, period and currency, with the journal entries
 * each one covered and its lines as stated. What the database guarantees:
 * - one statement per (org, period, currency), however many runs race for it;
 * - a journal entry is covered by at most one statement of an org (primary key), so no event is
 *   stated twice and one that arrives after its month was stated lands in the next statement;
 * - the amounts add up (closing = opening + net − refunds − payouts), checked on every row;
 * - once a statement leaves `draft` it never changes: only `final → paid` is allowed, and neither
 *   it nor its lines or covered entries can be updated or deleted.
 */
export class RoyaltiesStatements1764900000000 implements MigrationInterface {
  name = 'RoyaltiesStatements1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE royalty_statements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
        period char(7) NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        currency char(3) NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'final', 'paid')),
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL,
        previous_statement_id uuid NULL REFERENCES royalty_statements(id) ON DELETE RESTRICT,
        opening_minor bigint NOT NULL,
        gross_minor bigint NOT NULL,
        platform_fee_minor bigint NOT NULL,
        net_minor bigint NOT NULL,
        refunds_minor bigint NOT NULL,
        payouts_minor bigint NOT NULL,
        closing_minor bigint NOT NULL,
        line_count integer NOT NULL CHECK (line_count >= 0),
        csv_key text NULL,
        pdf_key text NULL,
        -- sha256 of the CSV, the statement's canonical content; the PDF's own hash beside it.
        content_sha256 text NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
        pdf_sha256 text NULL CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
        created_at timestamptz NOT NULL,
        finalized_at timestamptz NULL,
        paid_at timestamptz NULL,
        CONSTRAINT royalty_statements_one_per_period UNIQUE (org_id, period, currency),
        CONSTRAINT royalty_statements_adds_up
          CHECK (closing_minor = opening_minor + net_minor - refunds_minor - payouts_minor),
        CONSTRAINT royalty_statements_split_adds_up CHECK (gross_minor = platform_fee_minor + net_minor),
        CONSTRAINT royalty_statements_final_has_documents CHECK (status = 'draft' OR
          (csv_key IS NOT NULL AND pdf_key IS NOT NULL AND content_sha256 IS NOT NULL
           AND pdf_sha256 IS NOT NULL AND finalized_at IS NOT NULL))
      )`);
    await db.query(
      `CREATE INDEX royalty_statements_period_idx ON royalty_statements (period, org_id)`,
    );

    await db.query(`
      CREATE TABLE royalty_statement_entries (
        org_id uuid NOT NULL,
        entry_id uuid NOT NULL REFERENCES journal_entries(id) ON DELETE RESTRICT,
        statement_id uuid NOT NULL REFERENCES royalty_statements(id) ON DELETE CASCADE,
        PRIMARY KEY (org_id, entry_id)
      )`);
    await db.query(
      `CREATE INDEX royalty_statement_entries_statement_idx ON royalty_statement_entries (statement_id)`,
    );

    await db.query(`
      CREATE TABLE royalty_statement_lines (
        statement_id uuid NOT NULL REFERENCES royalty_statements(id) ON DELETE CASCADE,
        line_no integer NOT NULL CHECK (line_no > 0),
        kind text NOT NULL CHECK (kind IN
          ('sale', 'refund', 'dispute', 'dispute_won', 'adjustment', 'payout')),
        entry_id uuid NOT NULL REFERENCES journal_entries(id) ON DELETE RESTRICT,
        recorded_at timestamptz NOT NULL,
        lab_org_id uuid NULL,
        lab_name text NULL,
        order_id uuid NULL,
        clip_id uuid NULL,
        clip_title text NULL,
        duration_ms bigint NULL,
        terms_hash text NULL,
        gross_minor bigint NULL,
        platform_fee_minor bigint NULL,
        -- The line's effect on the creator's balance: + a sale's share, − a refund or payout.
        net_minor bigint NOT NULL,
        PRIMARY KEY (statement_id, line_no)
      )`);

    await db.query(`
      CREATE FUNCTION royalty_statement_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'royalty statement % is %: it never changes', OLD.id, OLD.status
              USING ERRCODE = 'restrict_violation';
          END IF;
          RETURN OLD;
        END IF;
        IF OLD.status = 'draft' THEN RETURN NEW; END IF;
        IF (to_jsonb(NEW) - 'status' - 'paid_at') IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'paid_at')
           OR NOT (NEW.status = OLD.status OR (OLD.status = 'final' AND NEW.status = 'paid')) THEN
          RAISE EXCEPTION 'royalty statement % is %: it never changes', OLD.id, OLD.status
            USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER royalty_statements_immutable BEFORE UPDATE OR DELETE ON royalty_statements
      FOR EACH ROW EXECUTE FUNCTION royalty_statement_guard()`);
    await db.query(`
      CREATE FUNCTION royalty_statement_part_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' OR EXISTS (SELECT 1 FROM royalty_statements
                                      WHERE id = OLD.statement_id AND status <> 'draft') THEN
          RAISE EXCEPTION 'the lines of a stated royalty statement never change'
            USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN OLD;
      END $$`);
    for (const table of ['royalty_statement_entries', 'royalty_statement_lines']) {
      await db.query(`
        CREATE TRIGGER ${table}_immutable BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION royalty_statement_part_guard()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE royalty_statement_lines`);
    await db.query(`DROP TABLE royalty_statement_entries`);
    await db.query(`DROP TABLE royalty_statements`);
    await db.query(`DROP FUNCTION royalty_statement_part_guard()`);
    await db.query(`DROP FUNCTION royalty_statement_guard()`);
  }
}
