import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users, sessions, one-time tokens, organizations, memberships, invitations, API keys, audit log,
 * rate-limit buckets: the schema from before each domain had its own migrations.
 */
export class Accounts1764000000000 implements MigrationInterface {
  // TypeORM records applied migrations by this name (not the file name): databases migrated
  // before the file was renamed know it as this, so it must never change.
  name = 'Accounts1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        name text NOT NULL,
        password_hash text NOT NULL,
        email_verified_at timestamptz,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_lowercase CHECK (email = lower(email))
      )`);
    await db.query(`CREATE UNIQUE INDEX users_email_key ON users (email)`);

    await db.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        rotate_after timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text,
        user_agent text,
        ip text
      )`);
    await db.query(`CREATE UNIQUE INDEX sessions_token_hash_key ON sessions (token_hash)`);
    await db.query(
      `CREATE INDEX sessions_user_id_idx ON sessions (user_id) WHERE revoked_at IS NULL`,
    );

    await db.query(`
      CREATE TABLE one_time_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('verify_email', 'password_reset')),
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE UNIQUE INDEX one_time_tokens_token_hash_key ON one_time_tokens (token_hash)`,
    );
    await db.query(`CREATE INDEX one_time_tokens_user_idx ON one_time_tokens (user_id, purpose)`);

    await db.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        slug text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('creator', 'lab', 'operator')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX organizations_slug_key ON organizations (slug)`);

    await db.query(`
      CREATE TABLE memberships (
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('owner', 'member')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, user_id)
      )`);
    await db.query(`CREATE INDEX memberships_user_idx ON memberships (user_id)`);

    await db.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        email text NOT NULL CHECK (email = lower(email)),
        role text NOT NULL CHECK (role IN ('owner', 'member')),
        token_hash text NOT NULL,
        invited_by uuid NOT NULL REFERENCES users(id),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_by uuid REFERENCES users(id),
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX invitations_token_hash_key ON invitations (token_hash)`);
    await db.query(`CREATE INDEX invitations_org_idx ON invitations (org_id, created_at DESC)`);

    await db.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL,
        prefix text NOT NULL,
        secret_hash text NOT NULL,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX api_keys_prefix_key ON api_keys (prefix)`);
    await db.query(`CREATE INDEX api_keys_org_idx ON api_keys (org_id, created_at DESC)`);

    await db.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        actor_api_key_id uuid,
        org_id uuid,
        action text NOT NULL,
        target_type text,
        target_id text,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        request_id text
      )`);
    await db.query(`CREATE INDEX audit_log_org_idx ON audit_log (org_id, at DESC)`);

    await db.query(`
      CREATE TABLE rate_limit_buckets (
        key text PRIMARY KEY,
        window_start timestamptz NOT NULL,
        hits integer NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'rate_limit_buckets',
      'audit_log',
      'api_keys',
      'invitations',
      'memberships',
      'organizations',
      'one_time_tokens',
      'sessions',
      'users',
    ]) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
