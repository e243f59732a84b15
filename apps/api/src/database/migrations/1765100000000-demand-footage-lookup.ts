import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Was my footage used?" looks certificates up by a file's sha256 (`GET /v1/footage/:sha256`);
 * without this index that is a scan of every order line ever sold.
 */
export class DemandFootageLookup1765100000000 implements MigrationInterface {
  name = 'DemandFootageLookup1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX order_lines_sha256_idx ON order_lines (sha256)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX order_lines_sha256_idx`);
  }
}
