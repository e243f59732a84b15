import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createFreshDatabase, type FreshDatabase } from '../../test/support/test-environment.js';
import { DomainError } from '../common/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { Runtime } from '../infra/runtime.js';
import { CatalogSearchPool } from './catalog-search.pool.js';

describe('CatalogSearchPool (PGlite, or PostgreSQL with DATABASE_URL)', () => {
  let database: FreshDatabase;
  let pool: CatalogSearchPool;
  beforeAll(async () => {
    database = await createFreshDatabase();
    const config = AppConfig.fromEnv({
      DATABASE_URL: database.url,
      CATALOG_SEARCH_TIMEOUT_MS: '200',
      CATALOG_SEARCH_POOL_SIZE: '2',
    });
    const runtime = new Runtime(
      database.url,
      database.backend,
      { endpoint: undefined, region: 'x', credentials: undefined, forcePathStyle: true },
      [],
    );
    pool = new CatalogSearchPool(config, runtime);
  });
  afterAll(async () => {
    await pool?.onModuleDestroy();
    await database?.stop();
  });

  it('runs searches with their own settings (PostgreSQL applies them at connection start)', async () => {
    const [row] = await pool.query<{ jit: string; cost: string; mem: string; timeout: string }>(
      `SELECT current_setting('jit') AS jit, current_setting('random_page_cost') AS cost,
              current_setting('work_mem') AS mem, current_setting('statement_timeout') AS timeout`,
      [],
    );
    if (database.backend === 'postgres') {
      expect(row).toEqual({ jit: 'off', cost: '1.1', mem: '16MB', timeout: '200ms' });
    } else {
      // PGlite's socket ignores startup settings; its one session keeps the defaults.
      expect(row).toMatchObject({ mem: '4MB', timeout: '0' });
    }
  });

  // PostgreSQL only: PGlite runs in this process's thread, so a long statement blocks the event
  // loop and no timer can answer before it ends (embedded mode is for one developer).
  (process.env.DATABASE_URL ? it : it.skip)(
    'turns a statement that runs past the timeout into service_unavailable (503)',
    async () => {
      const started = Date.now();
      const error = await pool.query(`SELECT pg_sleep(3)`, []).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('service_unavailable');
      expect((error as Error).message).toMatch(/took too long/);
      expect(Date.now() - started).toBeLessThan(1_500);
      // The connection is usable again.
      await expect(pool.query(`SELECT 1 AS one`, [])).resolves.toEqual([{ one: 1 }]);
    },
  );

  it('passes other database errors through unchanged', async () => {
    await expect(pool.query(`SELECT * FROM no_such_table`, [])).rejects.toMatchObject({
      code: '42P01',
    });
  });
});
