import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createFreshDatabase, type FreshDatabase } from '../../test/support/test-environment.js';
import { AppConfig } from '../config/app-config.js';
import { Runtime } from '../infra/runtime.js';
import { dataSourceOptions } from './database.options.js';
import { runMigrationsExclusively } from './migration.lock.js';
import { MIGRATIONS } from './migrations/index.js';

describe('migrations on a fresh database (PGlite, or PostgreSQL with DATABASE_URL)', () => {
  let database: FreshDatabase;
  let dataSource: DataSource;
  beforeAll(async () => {
    database = await createFreshDatabase();
    const config = AppConfig.fromEnv({ DATABASE_URL: database.url, DATABASE_POOL_SIZE: '2' });
    const runtime = new Runtime(
      database.url,
      'postgres',
      { endpoint: undefined, region: 'x', credentials: undefined, forcePathStyle: true },
      [],
    );
    dataSource = await new DataSource(dataSourceOptions(config, runtime)).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.stop();
  });

  const tables = async () =>
    (
      await dataSource.query<{ name: string }[]>(
        "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1",
      )
    ).map((row) => row.name);

  it('apply every migration, undo each in reverse order to an empty schema, and apply again', async () => {
    const applied = await runMigrationsExclusively(dataSource);
    expect(applied.map((migration) => migration.name)).toEqual(
      MIGRATIONS.map((Migration) => new Migration().name),
    );
    const full = await tables();
    expect(full).toEqual(
      expect.arrayContaining(['clips', 'uploads', 'clip_fingerprints', 'clip_duplicate_matches']),
    );

    for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration();
    expect(await tables()).toEqual([]);

    await runMigrationsExclusively(dataSource);
    expect(await tables()).toEqual(full);
  });

  it('keep clip and upload states to their lists, and a failed clip to a reason', async () => {
    const [org] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO organizations (name, slug, kind) VALUES ('Studio', 'studio-m', 'creator') RETURNING id`,
    );
    const insertClip = (state: string, rejectionCode: string | null = null) =>
      dataSource.query<{ id: string }[]>(
        `INSERT INTO clips (org_id, state, file_name, title, size_bytes, original_key, rejection_code)
         VALUES ($1, $2, 'a.mp4', 'a', 1, 'k', $3) RETURNING id`,
        [org!.id, state, rejectionCode],
      );
    const [clip] = await insertClip('uploading');
    await expect(insertClip('draftish')).rejects.toThrow(/check constraint/);
    await expect(insertClip('failed')).rejects.toThrow(/clips_failed_has_reason/);
    await expect(insertClip('failed', 'not_video')).resolves.toHaveLength(1);
    const insertUpload = (state: string) =>
      dataSource.query(
        `INSERT INTO uploads (id, org_id, clip_id, bucket_key, storage_upload_id, file_name,
           content_type, size_bytes, part_size_bytes, part_count, state, expires_at)
         VALUES (gen_random_uuid(), $1, $2, 'k', 'u', 'a.mp4', 'video/mp4', 1, 8388608, 1, $3, now()) RETURNING id`,
        [org!.id, clip!.id, state],
      );
    await expect(insertUpload('paused')).rejects.toThrow(/check constraint/);
    await expect(insertUpload('uploading')).resolves.toHaveLength(1);
    // One upload per clip.
    await expect(insertUpload('uploading')).rejects.toThrow(/uploads_clip_key/);
  });
});
