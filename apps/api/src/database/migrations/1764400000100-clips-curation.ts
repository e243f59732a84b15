import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Curation of clips (decision 011): immutable policy versions, the likeness ledger (people and
 * their releases), who appears in which clip, and operators' review decisions. Composite foreign
 * keys keep every row within the clip's organization.
 */
export class ClipsCuration1764400000100 implements MigrationInterface {
  name = 'ClipsCuration1764400000100';

  async up(db: QueryRunner): Promise<void> {
    // Lets other tables point at (clip, organization) pairs, so a clip's people cannot be
    // another organization's.
    await db.query(`ALTER TABLE clips ADD CONSTRAINT clips_id_org_key UNIQUE (id, org_id)`);
    await db.query(`
      ALTER TABLE clips
        ADD COLUMN identifiable_people boolean,
        ADD COLUMN submitted_by uuid REFERENCES users(id) ON DELETE SET NULL`);
    await db.query(
      `CREATE INDEX clips_review_queue_idx ON clips (submitted_at, id) WHERE state = 'in_review'`,
    );

    await db.query(`
      CREATE TABLE clip_policy_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clip_id uuid NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
        version integer NOT NULL CHECK (version >= 1),
        policy jsonb NOT NULL CHECK (policy->>'schema' = 'clearframe.policy/1'),
        policy_hash text NOT NULL CHECK (policy_hash ~ '^sha256:[0-9a-f]{64}$'),
        template_id text,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_by_api_key uuid REFERENCES api_keys(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT clip_policy_versions_clip_version_key UNIQUE (clip_id, version),
        CONSTRAINT clip_policy_versions_id_clip_key UNIQUE (id, clip_id)
      )`);
    // What was sold under a version must stay what it says: versions are append-only. Only the
    // creator columns may change (to NULL, when that account or key is deleted).
    await db.query(`
      CREATE FUNCTION clip_policy_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (NEW.id, NEW.clip_id, NEW.version, NEW.policy, NEW.policy_hash, NEW.template_id,
            NEW.created_at) IS DISTINCT FROM (OLD.id, OLD.clip_id, OLD.version, OLD.policy,
            OLD.policy_hash, OLD.template_id, OLD.created_at) THEN
          RAISE EXCEPTION 'clip policy versions are immutable';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER clip_policy_versions_no_update BEFORE UPDATE ON clip_policy_versions
      FOR EACH ROW EXECUTE FUNCTION clip_policy_versions_immutable()`);
    // The current version is one of the clip's own.
    await db.query(`
      ALTER TABLE clips ADD CONSTRAINT clips_current_policy_version_fk
        FOREIGN KEY (current_policy_version_id, id) REFERENCES clip_policy_versions (id, clip_id)`);

    await db.query(`
      CREATE TABLE people (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL,
        CONSTRAINT people_id_org_key UNIQUE (id, org_id)
      )`);
    await db.query(`CREATE INDEX people_org_idx ON people (org_id, created_at DESC, id DESC)`);

    await db.query(`
      CREATE TABLE releases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        person_id uuid NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'confirmed')),
        document_key text NOT NULL UNIQUE,
        file_name text NOT NULL,
        declared_content_type text NOT NULL,
        content_type text CHECK (content_type IN
          ('application/pdf', 'image/png', 'image/jpeg', 'image/webp')),
        size_bytes bigint CHECK (size_bytes > 0),
        signed_on date NOT NULL,
        -- A missing key would make the comparison NULL, which a CHECK lets through.
        consent jsonb NOT NULL CHECK (jsonb_typeof(consent->'aiTraining') IS NOT DISTINCT FROM 'boolean'),
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_by_api_key uuid REFERENCES api_keys(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL,
        confirmed_at timestamptz,
        CONSTRAINT releases_person_fk FOREIGN KEY (person_id, org_id)
          REFERENCES people (id, org_id) ON DELETE CASCADE,
        CONSTRAINT releases_confirmed_complete CHECK ((state = 'confirmed') =
          (content_type IS NOT NULL AND size_bytes IS NOT NULL AND confirmed_at IS NOT NULL)),
        CONSTRAINT releases_id_person_org_key UNIQUE (id, person_id, org_id)
      )`);
    await db.query(`CREATE INDEX releases_org_idx ON releases (org_id, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX releases_person_idx ON releases (person_id)`);

    await db.query(`
      CREATE TABLE clip_people (
        clip_id uuid NOT NULL,
        org_id uuid NOT NULL,
        person_id uuid NOT NULL,
        release_id uuid,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (clip_id, person_id),
        CONSTRAINT clip_people_clip_fk FOREIGN KEY (clip_id, org_id)
          REFERENCES clips (id, org_id) ON DELETE CASCADE,
        CONSTRAINT clip_people_person_fk FOREIGN KEY (person_id, org_id)
          REFERENCES people (id, org_id) ON DELETE CASCADE,
        -- The release, when there is one, is that person's, in that organization.
        CONSTRAINT clip_people_release_fk FOREIGN KEY (release_id, person_id, org_id)
          REFERENCES releases (id, person_id, org_id)
      )`);
    await db.query(`CREATE INDEX clip_people_release_idx ON clip_people (release_id)`);

    await db.query(`
      CREATE TABLE clip_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clip_id uuid NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
        reviewer uuid REFERENCES users(id) ON DELETE SET NULL,
        decision text NOT NULL CHECK (decision IN ('approve', 'reject')),
        reason text CHECK (reason IS NULL OR char_length(reason) BETWEEN 1 AND 2000),
        policy_version_id uuid REFERENCES clip_policy_versions(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT clip_reviews_reject_has_reason CHECK (decision <> 'reject' OR reason IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX clip_reviews_clip_idx ON clip_reviews (clip_id, created_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS clip_reviews`);
    await db.query(`DROP TABLE IF EXISTS clip_people`);
    await db.query(`DROP TABLE IF EXISTS releases`);
    await db.query(`DROP TABLE IF EXISTS people`);
    await db.query(`ALTER TABLE clips DROP CONSTRAINT IF EXISTS clips_current_policy_version_fk`);
    await db.query(`DROP TABLE IF EXISTS clip_policy_versions`);
    await db.query(`DROP FUNCTION IF EXISTS clip_policy_versions_immutable()`);
    await db.query(`DROP INDEX IF EXISTS clips_review_queue_idx`);
    await db.query(`ALTER TABLE clips DROP COLUMN IF EXISTS submitted_by`);
    await db.query(`ALTER TABLE clips DROP COLUMN IF EXISTS identifiable_people`);
    await db.query(`ALTER TABLE clips DROP CONSTRAINT IF EXISTS clips_id_org_key`);
  }
}
