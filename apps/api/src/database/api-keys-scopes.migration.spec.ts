import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { QueryRunner } from 'typeorm';
import { createFreshDatabase, type FreshDatabase } from '../../test/support/test-environment.js';
import { ApiKeysScopes1764300000000 } from './migrations/1764300000000-api-keys-scopes.js';
import { MIGRATIONS } from './migrations/index.js';

describe('ApiKeysScopes1764300000000', () => {
  let database: FreshDatabase;
  let client: pg.Client;
  let db: QueryRunner;
  beforeAll(async () => {
    database = await createFreshDatabase(2);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    db = { query: async (sql: string) => (await client.query(sql)).rows } as unknown as QueryRunner;
    // The schema as it was before scopes.
    const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(ApiKeysScopes1764300000000));
    for (const Migration of before) await new Migration().up(db);
  });
  afterAll(async () => {
    await client?.end();
    await database?.stop();
  });

  it('gives keys that existed the lab scope set, then requires scopes of every new key', async () => {
    const { rows: orgs } = await client.query<{ id: string }>(
      `INSERT INTO organizations (name, slug, kind) VALUES ('Lab', 'lab', 'lab') RETURNING id`,
    );
    const orgId = orgs[0]!.id;
    await client.query(
      `INSERT INTO api_keys (org_id, name, prefix, secret_hash) VALUES ($1, 'old', 'cf_live_AAAAAAAA', 'h')`,
      [orgId],
    );

    await new ApiKeysScopes1764300000000().up(db);

    const { rows } = await client.query('SELECT name, scopes FROM api_keys');
    expect(rows).toEqual([
      {
        name: 'old',
        scopes: ['catalog:read', 'bundles:write', 'orders:read', 'orders:write', 'models:write'],
      },
    ]);
    const insert = (scopes: string[] | null) =>
      client.query(
        `INSERT INTO api_keys (org_id, name, prefix, secret_hash, scopes)
         VALUES ($1, 'new', 'cf_live_' || md5(random()::text), 'h', $2)`,
        [orgId, scopes],
      );
    await expect(insert(null)).rejects.toThrow(/null value in column "scopes"/);
    await expect(insert([])).rejects.toThrow(/api_keys_scopes_not_empty/);
    await expect(
      client.query(
        `INSERT INTO api_keys (org_id, name, prefix, secret_hash) VALUES ($1, 'n', 'cf_live_BBBBBBBB', 'h')`,
        [orgId],
      ),
    ).rejects.toThrow(/null value in column "scopes"/);
    await insert(['uploads:write']);
    expect((await client.query('SELECT count(*)::int AS n FROM api_keys')).rows).toEqual([
      { n: 2 },
    ]);

    await new ApiKeysScopes1764300000000().down(db);
    const { rows: columns } = await client.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'api_keys' AND column_name = 'scopes'`,
    );
    expect(columns).toEqual([]);
  });
});
