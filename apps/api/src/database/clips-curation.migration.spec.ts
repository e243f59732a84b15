import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createFreshDatabase, type FreshDatabase } from '../../test/support/test-environment.js';
import { AppConfig } from '../config/app-config.js';
import { Runtime } from '../infra/runtime.js';
import { dataSourceOptions } from './database.options.js';
import { runMigrationsExclusively } from './migration.lock.js';

/**
 * The curation tables hold their rules themselves (decision 011), on PGlite and PostgreSQL:
 * policy versions cannot be rewritten, a clip's current version is its own, and a clip's people
 * and releases never cross organizations.
 */
describe('clips curation migration', () => {
  let database: FreshDatabase;
  let db: DataSource;
  let orgA: string;
  let orgB: string;
  let userId: string;
  const hash = `sha256:${'a'.repeat(64)}`;
  const policy = JSON.stringify({ schema: 'clearframe.policy/1' });

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
    [orgA, orgB] = (
      await db.query<{ id: string }[]>(
        `INSERT INTO organizations (name, slug, kind) VALUES ('A', 'a', 'creator'), ('B', 'b', 'creator') RETURNING id`,
      )
    ).map((row) => row.id) as [string, string];
    [{ id: userId }] = (await db.query(
      `INSERT INTO users (email, name, password_hash, created_at) VALUES ('u@example.com', 'U', 'x', now()) RETURNING id`,
    )) as [{ id: string }];
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.stop();
  });

  const clip = async (orgId: string) =>
    (
      (await db.query(
        `INSERT INTO clips (org_id, state, file_name, title, size_bytes, original_key)
         VALUES ($1, 'draft', 'a.mp4', 'a', 1, 'k') RETURNING id`,
        [orgId],
      )) as [{ id: string }]
    )[0].id;
  const version = async (clipId: string, createdBy: string | null = null) =>
    (
      (await db.query(
        `INSERT INTO clip_policy_versions (clip_id, version, policy, policy_hash, created_by, created_at)
         VALUES ($1, (SELECT COALESCE(MAX(version), 0) + 1 FROM clip_policy_versions WHERE clip_id = $1),
                 $2::jsonb, $3, $4, now()) RETURNING id`,
        [clipId, policy, hash, createdBy],
      )) as [{ id: string }]
    )[0].id;
  const person = async (orgId: string) =>
    (
      (await db.query(
        `INSERT INTO people (org_id, name, created_at) VALUES ($1, 'P', now()) RETURNING id`,
        [orgId],
      )) as [{ id: string }]
    )[0].id;
  const release = async (orgId: string, personId: string, consent = '{"aiTraining": true}') =>
    (
      (await db.query(
        `INSERT INTO releases (org_id, person_id, state, document_key, file_name,
           declared_content_type, signed_on, consent, created_at)
         VALUES ($1, $2, 'pending', gen_random_uuid()::text, 'r.pdf', 'application/pdf', '2026-01-01', $3::jsonb, now())
         RETURNING id`,
        [orgId, personId, consent],
      )) as [{ id: string }]
    )[0].id;

  it('refuses to rewrite a policy version, but lets its creator be forgotten', async () => {
    const clipId = await clip(orgA);
    const versionId = await version(clipId, userId);
    await expect(
      db.query(`UPDATE clip_policy_versions SET policy_hash = $1 WHERE id = $2`, [
        `sha256:${'b'.repeat(64)}`,
        versionId,
      ]),
    ).rejects.toThrow(/immutable/);
    await expect(
      db.query(`UPDATE clip_policy_versions SET version = 9 WHERE id = $1`, [versionId]),
    ).rejects.toThrow(/immutable/);
    // Deleting the account sets created_by to NULL (ON DELETE SET NULL) through the trigger.
    await db.query(`UPDATE clip_policy_versions SET created_by = NULL WHERE id = $1`, [versionId]);
    await expect(version(clipId)).resolves.toBeDefined();
    await expect(
      db.query(
        `INSERT INTO clip_policy_versions (clip_id, version, policy, policy_hash, created_at)
         VALUES ($1, 1, $2::jsonb, $3, now())`,
        [clipId, policy, hash],
      ),
    ).rejects.toThrow(/clip_policy_versions_clip_version_key/);
  });

  it('points a clip only at one of its own versions', async () => {
    const mine = await clip(orgA);
    const other = await clip(orgA);
    const otherVersion = await version(other);
    await expect(
      db.query(`UPDATE clips SET current_policy_version_id = $1 WHERE id = $2`, [
        otherVersion,
        mine,
      ]),
    ).rejects.toThrow(/clips_current_policy_version_fk/);
    const own = await version(mine);
    await db.query(`UPDATE clips SET current_policy_version_id = $1 WHERE id = $2`, [own, mine]);
    // Deleting the clip takes its versions with it.
    await db.query(`DELETE FROM clips WHERE id = $1`, [mine]);
    expect(await db.query(`SELECT 1 FROM clip_policy_versions WHERE id = $1`, [own])).toEqual([]);
  });

  it('keeps a clip’s people and releases inside its organization', async () => {
    const clipA = await clip(orgA);
    const personA = await person(orgA);
    const personB = await person(orgB);
    const releaseB = await release(orgB, personB);
    const releaseA = await release(orgA, personA);
    const add = (personId: string, releaseId: string | null) =>
      db.query(
        `INSERT INTO clip_people (clip_id, org_id, person_id, release_id, created_at)
         VALUES ($1, $2, $3, $4, now())`,
        [clipA, orgA, personId, releaseId],
      );
    await expect(add(personB, null)).rejects.toThrow(/clip_people_person_fk/);
    await expect(add(personA, releaseB)).rejects.toThrow(/clip_people_release_fk/);
    await expect(
      db.query(
        `INSERT INTO clip_people (clip_id, org_id, person_id, created_at) VALUES ($1, $2, $3, now())`,
        [clipA, orgB, personB],
      ),
    ).rejects.toThrow(/clip_people_clip_fk/);
    // A release of another person of the same organization does not cover this one either.
    const otherPersonA = await person(orgA);
    const otherRelease = await release(orgA, otherPersonA);
    await expect(add(personA, otherRelease)).rejects.toThrow(/clip_people_release_fk/);
    await expect(add(personA, releaseA)).resolves.toBeDefined();
    await expect(release(orgA, personB)).rejects.toThrow(/releases_person_fk/);
  });

  it('refuses a release whose consent does not say yes or no to AI training', async () => {
    const personA = await person(orgA);
    for (const consent of ['{}', '{"aiTraining": "yes"}', '{"aiTraining": null}']) {
      await expect(release(orgA, personA, consent)).rejects.toThrow(/check constraint/);
    }
    await expect(release(orgA, personA, '{"aiTraining": false}')).resolves.toBeDefined();
  });

  it('confirms a release only with its recognised type, size and time', async () => {
    const releaseId = await release(orgA, await person(orgA));
    await expect(
      db.query(`UPDATE releases SET state = 'confirmed' WHERE id = $1`, [releaseId]),
    ).rejects.toThrow(/releases_confirmed_complete/);
    await expect(
      db.query(
        `UPDATE releases SET state = 'confirmed', content_type = 'text/plain', size_bytes = 1, confirmed_at = now() WHERE id = $1`,
        [releaseId],
      ),
    ).rejects.toThrow(/check constraint/);
    await db.query(
      `UPDATE releases SET state = 'confirmed', content_type = 'application/pdf', size_bytes = 1, confirmed_at = now() WHERE id = $1`,
      [releaseId],
    );
  });

  it('requires a reason to reject', async () => {
    const clipId = await clip(orgA);
    await expect(
      db.query(
        `INSERT INTO clip_reviews (clip_id, decision, created_at) VALUES ($1, 'reject', now())`,
        [clipId],
      ),
    ).rejects.toThrow(/clip_reviews_reject_has_reason/);
    await db.query(
      `INSERT INTO clip_reviews (clip_id, decision, created_at) VALUES ($1, 'approve', now())`,
      [clipId],
    );
  });
});
