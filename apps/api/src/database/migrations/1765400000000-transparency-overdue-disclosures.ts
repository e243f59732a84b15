import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Overdue disclosures (decision 022): one row per model and cited grant whose required
 * disclosure was found missing past its deadline. The row is written once — the unique key is
 * the model and the grant — and the notices go out in the same transaction, so a second run of
 * the detection finds the row and tells no one again. Whether the disclosure was published late
 * afterwards is read from the disclosures themselves, not stored here.
 */
export class TransparencyOverdueDisclosures1765400000000 implements MigrationInterface {
  name = 'TransparencyOverdueDisclosures1765400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE overdue_disclosures (
        model_id uuid NOT NULL,
        grant_id uuid NOT NULL,
        org_id uuid NOT NULL,
        deadline timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL,
        notified integer NOT NULL CHECK (notified >= 0),
        PRIMARY KEY (model_id, grant_id),
        FOREIGN KEY (model_id, org_id) REFERENCES models (id, org_id) ON DELETE RESTRICT,
        FOREIGN KEY (grant_id, org_id) REFERENCES license_grants (id, org_id) ON DELETE RESTRICT
      )`);
    await db.query(`CREATE INDEX overdue_disclosures_org_idx ON overdue_disclosures (org_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE overdue_disclosures`);
  }
}
