import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys carry scopes: what a key may do, chosen when it is created. Keys made before scopes
 * existed were all lab keys with the run of every route that took a key, so they get the lab
 * scope set as it was when this migration was written (frozen here, not read from contracts),
 * and nothing changes for them. A key always holds at least one scope.
 */
export class ApiKeysScopes1764300000000 implements MigrationInterface {
  name = 'ApiKeysScopes1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE api_keys ADD COLUMN scopes text[] NOT NULL
        DEFAULT ARRAY['catalog:read', 'bundles:write', 'orders:read', 'orders:write', 'models:write']::text[]`);
    await db.query(`ALTER TABLE api_keys ALTER COLUMN scopes DROP DEFAULT`);
    await db.query(
      `ALTER TABLE api_keys ADD CONSTRAINT api_keys_scopes_not_empty CHECK (cardinality(scopes) > 0)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE api_keys DROP COLUMN scopes`);
  }
}
