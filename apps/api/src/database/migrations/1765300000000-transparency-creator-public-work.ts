import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A creator studio's opt-in to a public page of its licensed work, by model (ADR 021). Off by
 * default; only a creator organization can have it on, which the database holds too. The time
 * of the last change is kept for the settings page; who changed it is in the audit log.
 */
export class TransparencyCreatorPublicWork1765300000000 implements MigrationInterface {
  name = 'TransparencyCreatorPublicWork1765300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE organizations
        ADD COLUMN public_work_enabled boolean NOT NULL DEFAULT false,
        ADD COLUMN public_work_changed_at timestamptz NULL,
        ADD CONSTRAINT organizations_public_work_creators_only
          CHECK (NOT public_work_enabled OR kind = 'creator')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE organizations
        DROP CONSTRAINT organizations_public_work_creators_only,
        DROP COLUMN public_work_changed_at,
        DROP COLUMN public_work_enabled`);
  }
}
