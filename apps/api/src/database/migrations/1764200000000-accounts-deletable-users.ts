import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People can delete their account. Rows that outlive them in organizations they leave behind
 * (invitations they sent or accepted, API keys they created) keep their place with the person's
 * reference cleared rather than blocking the deletion; the audit log has no foreign keys and keeps
 * the user id, so its history stays whole.
 */
export class AccountsDeletableUsers1764200000000 implements MigrationInterface {
  name = 'AccountsDeletableUsers1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE invitations ALTER COLUMN invited_by DROP NOT NULL`);
    await db.query(`ALTER TABLE api_keys ALTER COLUMN created_by DROP NOT NULL`);
    for (const [table, column] of REFERENCES) {
      await db.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_${column}_fkey`);
      await db.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_${column}_fkey
         FOREIGN KEY (${column}) REFERENCES users(id) ON DELETE SET NULL`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [table, column] of REFERENCES) {
      await db.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_${column}_fkey`);
      await db.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_${column}_fkey
         FOREIGN KEY (${column}) REFERENCES users(id)`,
      );
    }
    // Rows whose person is gone cannot get the NOT NULL back; they belong to no one.
    await db.query(`DELETE FROM invitations WHERE invited_by IS NULL`);
    await db.query(`DELETE FROM api_keys WHERE created_by IS NULL`);
    await db.query(`ALTER TABLE invitations ALTER COLUMN invited_by SET NOT NULL`);
    await db.query(`ALTER TABLE api_keys ALTER COLUMN created_by SET NOT NULL`);
  }
}

const REFERENCES = [
  ['invitations', 'invited_by'],
  ['invitations', 'accepted_by'],
  ['api_keys', 'created_by'],
] as const;
