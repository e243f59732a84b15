import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PERMITTED_USES } from '@clearframe/contracts/license';
import { CAMERA_MOTIONS, CLIP_CATEGORIES } from '@clearframe/contracts/supply';
import { DataSource } from 'typeorm';
import { createFreshDatabase, type FreshDatabase } from '../../test/support/test-environment.js';
import { AppConfig } from '../config/app-config.js';
import { Runtime } from '../infra/runtime.js';
import { dataSourceOptions } from './database.options.js';
import { runMigrationsExclusively } from './migration.lock.js';

/**
 * The catalog search columns are derived by the database itself, on PGlite (contrib extensions
 * loaded by embedded-postgres) and PostgreSQL: the weighted vector, the facet codes, and the
 * policy facets that follow the clip's current policy version.
 */
describe('catalog search migration', () => {
  let database: FreshDatabase;
  let db: DataSource;
  let orgId: string;
  const hash = `sha256:${'a'.repeat(64)}`;

  beforeAll(async () => {
    database = await createFreshDatabase();
    const config = AppConfig.fromEnv({ DATABASE_URL: database.url, DATABASE_POOL_SIZE: '2' });
    const runtime = new Runtime(
      database.url,
      'postgres',
      { endpoint: undefined, region: 'x', credentials: undefined, forcePathStyle: true },
      [],
    );
    db = await new DataSource(dataSourceOptions(config, runtime)).initialize();
    await runMigrationsExclusively(db);
    [{ id: orgId }] = (await db.query(
      `INSERT INTO organizations (name, slug, kind) VALUES ('A', 'a', 'creator') RETURNING id`,
    )) as [{ id: string }];
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.stop();
  });

  const insertClip = async (fields: {
    width: number;
    height: number;
    fps: string;
    durationMs: number;
    category: string | null;
    motion: string | null;
  }) =>
    (
      (await db.query(
        `INSERT INTO clips (org_id, state, file_name, title, description, tags, captions, category,
           camera_motion, size_bytes, original_key, width, height, fps, duration_ms)
         VALUES ($1, 'listed', 'a.mp4', 'Aerial harbour at dawn', 'Boats leaving the quay',
                 '{drone,coast}', 'A slow pan over cranes', $2, $3, 1, 'k', $4, $5, $6, $7)
         RETURNING id`,
        [
          orgId,
          fields.category,
          fields.motion,
          fields.width,
          fields.height,
          fields.fps,
          fields.durationMs,
        ],
      )) as [{ id: string }]
    )[0].id;
  const facets = async (clipId: string) =>
    (
      (await db.query(
        `SELECT facet_category AS category, facet_motion AS motion, facet_resolution AS resolution,
                facet_vertical AS vertical, facet_fps AS fps, facet_duration AS duration,
                facet_uses AS uses, facet_exclusive AS exclusive
           FROM clips WHERE id = $1`,
        [clipId],
      )) as [Record<string, unknown>]
    )[0];

  it('loads btree_gin and pg_trgm', async () => {
    const rows = (await db.query(
      `SELECT extname FROM pg_extension WHERE extname IN ('btree_gin', 'pg_trgm') ORDER BY 1`,
    )) as { extname: string }[];
    expect(rows.map((row) => row.extname)).toEqual(['btree_gin', 'pg_trgm']);
    const [{ s }] = (await db.query(`SELECT similarity('aerial', 'aerail') AS s`)) as [
      { s: number },
    ];
    expect(s).toBeCloseTo(0.2727, 3); // 3 shared of 11 distinct trigrams
  });

  it('weights title A, tags B, captions C, description D, stemmed in English', async () => {
    const id = await insertClip({
      width: 1920,
      height: 1080,
      fps: '29.970',
      durationMs: 9_000,
      category: 'aerial',
      motion: 'drone',
    });
    const [{ search }] = (await db.query(`SELECT search::text AS search FROM clips WHERE id = $1`, [
      id,
    ])) as [{ search: string }];
    expect(search).toContain("'aerial':1A");
    expect(search).toContain("'drone':5B");
    expect(search).toContain("'crane':11C");
    expect(search).toContain("'boat':12");
    expect(search).toContain("'leav':13"); // D is the default weight, which ::text leaves out
    const [match] = (await db.query(
      `SELECT count(*)::int AS n FROM clips WHERE search @@ websearch_to_tsquery('english', '"slow pan" -harbor')`,
    )) as [{ n: number }];
    expect(match!.n).toBe(1);
    expect(await facets(id)).toEqual({
      category: 5,
      motion: 8,
      resolution: 3,
      vertical: false,
      fps: 30,
      duration: 2,
      uses: [],
      exclusive: false,
    });
  });

  it('codes categories and camera motions by their position in the contracts’ lists', async () => {
    for (const [i, category] of CLIP_CATEGORIES.entries()) {
      const motion = CAMERA_MOTIONS[i % CAMERA_MOTIONS.length]!;
      const id = await insertClip({
        width: 1280,
        height: 720,
        fps: '25',
        durationMs: 1_000,
        category,
        motion,
      });
      expect(await facets(id)).toMatchObject({
        category: i + 1,
        motion: CAMERA_MOTIONS.indexOf(motion) + 1,
      });
    }
  });

  it('classes resolution by the short side, vertical apart, and buckets durations', async () => {
    // width, height, duration ms → resolution class, vertical, duration bucket
    const cases = [
      [1280, 720, 4_999, 2, false, 1],
      [1080, 1920, 5_000, 3, true, 2],
      [3840, 2160, 29_999, 4, false, 3],
      [640, 480, 60_000, 1, false, 5],
      [2160, 3840, 600_000, 4, true, 6],
    ] as const;
    for (const [width, height, durationMs, resolution, vertical, bucket] of cases) {
      const id = await insertClip({
        width,
        height,
        fps: '24',
        durationMs,
        category: null,
        motion: null,
      });
      expect(await facets(id)).toMatchObject({
        resolution,
        vertical,
        duration: bucket,
        fps: 24,
        category: null,
        motion: null,
      });
    }
  });

  it('copies allowed uses and the exclusivity offer from the current policy version', async () => {
    const id = await insertClip({
      width: 1920,
      height: 1080,
      fps: '25',
      durationMs: 12_000,
      category: 'nature',
      motion: 'static',
    });
    const version = async (n: number, policy: object) =>
      (
        (await db.query(
          `INSERT INTO clip_policy_versions (clip_id, version, policy, policy_hash, created_at)
           VALUES ($1, $2, $3::jsonb, $4, now()) RETURNING id`,
          [id, n, JSON.stringify({ schema: 'clearframe.policy/1', ...policy }), hash],
        )) as [{ id: string }]
      )[0].id;
    const v1 = await version(1, {
      allowedUses: ['research', 'ai-train'],
      exclusivity: { offered: false },
    });
    await db.query(`UPDATE clips SET current_policy_version_id = $1 WHERE id = $2`, [v1, id]);
    expect(await facets(id)).toMatchObject({
      uses: ['ai-train', 'research'].map((use) => PERMITTED_USES.indexOf(use as never) + 1),
      exclusive: false,
    });
    const v2 = await version(2, {
      allowedUses: ['ai-eval'],
      exclusivity: { offered: true, multiplierBps: null },
    });
    await db.query(`UPDATE clips SET current_policy_version_id = $1 WHERE id = $2`, [v2, id]);
    expect(await facets(id)).toMatchObject({ uses: [3], exclusive: true });
    // Other edits leave the policy facets alone.
    await db.query(`UPDATE clips SET title = 'Forest' WHERE id = $1`, [id]);
    expect(await facets(id)).toMatchObject({ uses: [3], exclusive: true });
  });

  it('answers text and facets from one GIN index over listed clips', async () => {
    const [{ def }] = (await db.query(
      `SELECT pg_get_indexdef('clips_search_idx'::regclass) AS def`,
    )) as [{ def: string }];
    expect(def).toMatch(
      /USING gin \(search, facet_category, .*facet_uses\) WHERE \(state = 'listed'::text\)/,
    );
    const [{ target }] = (await db.query(
      `SELECT attstattarget AS target FROM pg_attribute
        WHERE attrelid = 'clips'::regclass AND attname = 'search'`,
    )) as [{ target: number }];
    expect(target).toBe(1000);
  });
});
