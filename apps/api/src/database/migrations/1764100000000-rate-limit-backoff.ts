import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Backoff waits for rate-limit keys (sign-in throttle): until when a key is refused. */
export class RateLimitBackoff1764100000000 implements MigrationInterface {
  name = 'RateLimitBackoff1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE rate_limit_buckets ADD COLUMN blocked_until timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE rate_limit_buckets DROP COLUMN blocked_until`);
  }
}
