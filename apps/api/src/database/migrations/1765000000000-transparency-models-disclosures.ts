import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transparency: a lab's models, the grants it declares per training stage, and the signed
 * disclosures built from them. Declarations (and the grants each cites) and disclosures are
 * append-only records in the database itself — UPDATE, DELETE and TRUNCATE raise — so a
 * correction is always a new entry and a published disclosure never changes under its
 * signature. A cited grant must be the declaring lab's: the foreign key from a citation to
 * license_grants carries the lab's id, so no code path can cite another lab's grant. Who
 * declared or published is in the audit log, not in these rows: a person's account may be
 * deleted, and an append-only row cannot forget them.
 */
export class TransparencyModelsDisclosures1765000000000 implements MigrationInterface {
  name = 'TransparencyModelsDisclosures1765000000000';

  async up(db: QueryRunner): Promise<void> {
    // A grant is identified with its lab so citations can reference both at once.
    await db.query(
      `ALTER TABLE license_grants ADD CONSTRAINT license_grants_id_org_key UNIQUE (id, org_id)`,
    );

    await db.query(`
      CREATE TABLE models (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
        name text NOT NULL,
        version text NOT NULL,
        release_date date NULL,
        output_modalities text[] NOT NULL CHECK (cardinality(output_modalities) > 0),
        visibility text NOT NULL CHECK (visibility IN ('public', 'not_yet_public')),
        created_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        created_by_api_key uuid NULL REFERENCES api_keys(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT models_name_version_key UNIQUE (org_id, name, version),
        CONSTRAINT models_id_org_key UNIQUE (id, org_id)
      )`);
    await db.query(`CREATE INDEX models_org_created_idx ON models (org_id, created_at DESC)`);

    await db.query(`
      CREATE TABLE model_declarations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_id uuid NOT NULL,
        org_id uuid NOT NULL,
        stage text NOT NULL CHECK (stage IN ('pre-training', 'fine-tuning', 'evaluation')),
        used_at timestamptz NOT NULL,
        note text NULL,
        declared_at timestamptz NOT NULL,
        -- Orders entries of one stage when two share a timestamp.
        seq bigint GENERATED ALWAYS AS IDENTITY,
        FOREIGN KEY (model_id, org_id) REFERENCES models (id, org_id) ON DELETE RESTRICT,
        CONSTRAINT model_declarations_id_org_key UNIQUE (id, org_id)
      )`);
    await db.query(
      `CREATE INDEX model_declarations_model_idx ON model_declarations (model_id, stage, declared_at DESC, seq DESC)`,
    );
    await db.query(`
      CREATE TABLE model_declaration_grants (
        declaration_id uuid NOT NULL,
        org_id uuid NOT NULL,
        grant_id uuid NOT NULL,
        position integer NOT NULL CHECK (position >= 0),
        PRIMARY KEY (declaration_id, grant_id),
        FOREIGN KEY (declaration_id, org_id) REFERENCES model_declarations (id, org_id) ON DELETE RESTRICT,
        FOREIGN KEY (grant_id, org_id) REFERENCES license_grants (id, org_id) ON DELETE RESTRICT
      )`);
    await db.query(
      `CREATE INDEX model_declaration_grants_grant_idx ON model_declaration_grants (grant_id)`,
    );

    await db.query(`
      CREATE TABLE disclosures (
        id uuid PRIMARY KEY,
        model_id uuid NOT NULL,
        org_id uuid NOT NULL,
        content jsonb NOT NULL,
        key_id text NOT NULL,
        jws text NOT NULL,
        published_at timestamptz NOT NULL,
        FOREIGN KEY (model_id, org_id) REFERENCES models (id, org_id) ON DELETE RESTRICT
      )`);
    await db.query(
      `CREATE INDEX disclosures_model_idx ON disclosures (model_id, published_at DESC)`,
    );
    await db.query(`
      CREATE TABLE disclosure_certificates (
        disclosure_id uuid NOT NULL REFERENCES disclosures(id) ON DELETE RESTRICT,
        grant_id uuid NOT NULL REFERENCES license_grants(id) ON DELETE RESTRICT,
        PRIMARY KEY (disclosure_id, grant_id)
      )`);
    await db.query(
      `CREATE INDEX disclosure_certificates_grant_idx ON disclosure_certificates (grant_id)`,
    );

    await db.query(`
      CREATE FUNCTION transparency_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'declarations and disclosures are append-only: % on % is refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'restrict_violation';
      END $$`);
    for (const table of [
      'model_declarations',
      'model_declaration_grants',
      'disclosures',
      'disclosure_certificates',
    ]) {
      await db.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION transparency_refuse_change()`);
      await db.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION transparency_refuse_change()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE disclosure_certificates`);
    await db.query(`DROP TABLE disclosures`);
    await db.query(`DROP TABLE model_declaration_grants`);
    await db.query(`DROP TABLE model_declarations`);
    await db.query(`DROP FUNCTION transparency_refuse_change()`);
    await db.query(`DROP TABLE models`);
    await db.query(`ALTER TABLE license_grants DROP CONSTRAINT license_grants_id_org_key`);
  }
}
