import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createFreshDatabase, type FreshDatabase } from '../../test/support/test-environment.js';
import { AppConfig } from '../config/app-config.js';
import { Runtime } from '../infra/runtime.js';
import { dataSourceOptions } from './database.options.js';
import { openDataSource } from './migration.lock.js';
import { MIGRATIONS } from './migrations/index.js';

function optionsFor(url: string) {
  const config = AppConfig.fromEnv({ DATABASE_URL: url, DATABASE_POOL_SIZE: '2' });
  const runtime = new Runtime(
    url,
    'postgres',
    { endpoint: undefined, region: 'x', credentials: undefined, forcePathStyle: true },
    [],
  );
  return dataSourceOptions(config, runtime);
}

describe('migrations at boot', () => {
  let database: FreshDatabase;
  const opened: DataSource[] = [];
  beforeAll(async () => {
    database = await createFreshDatabase();
  });
  afterAll(async () => {
    for (const dataSource of opened) await dataSource.destroy();
    await database?.stop();
  });

  it('lets two instances migrate one fresh database at the same time, each migration once', async () => {
    const results = await Promise.allSettled([
      openDataSource(optionsFor(database.url)),
      openDataSource(optionsFor(database.url)),
    ]);
    for (const result of results) if (result.status === 'fulfilled') opened.push(result.value);
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual([
      'ok',
      'ok',
    ]);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; times: number }>(
        'SELECT name, count(*)::int AS times FROM migrations GROUP BY name ORDER BY name',
      );
      expect(rows).toEqual(
        MIGRATIONS.map((migration) => ({ name: migration.name, times: 1 })).sort((a, b) =>
          a.name.localeCompare(b.name),
        ),
      );
      // The schema the migrations create is there too.
      const { rows: tables } = await client.query<{ name: string }>(
        "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename = 'users'",
      );
      expect(tables).toEqual([{ name: 'users' }]);
    } finally {
      await client.end();
    }
  });
});
