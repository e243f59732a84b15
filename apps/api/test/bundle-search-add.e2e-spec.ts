import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  BUNDLE_ADD_MAX,
  BUNDLE_CLIPS_MAX,
  BundleSearchResultsAdded,
} from '@clearframe/contracts/demand';
import {
  createApiKey,
  createBundle,
  createInReviewClip,
  createListedClip,
  createOrg,
  createUser,
  type TestApiKey,
  type TestUser,
} from './factories/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * "Add all results" of a catalog search to a bundle (issue: bundles from a search): the API runs
 * the catalog's own search, snapshots up to BUNDLE_ADD_MAX matching listed clips in the search's
 * order and adds them like ids; the answer says how many matched and whether the cap cut it.
 */
describe('adding a search’s results to a bundle', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let labA: string;
  let labB: string;
  let studio: string;
  let labKey: TestApiKey;
  let readerKey: TestApiKey;

  /** The harbour clips as created, to compute the expected matches without the search. */
  const harbourClips: {
    id: string;
    title: string;
    category: string;
    width: number;
    height: number;
    listed: boolean;
  }[] = [];
  /** The kelp clips in the order they were listed (oldest first). */
  const kelp: string[] = [];
  const KELP_CLIPS = BUNDLE_ADD_MAX + 7;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await createUser(t);
    bob = await createUser(t);
    carol = await createUser(t);
    labA = (await createOrg(t, alice, 'lab', 'Lab A')).id;
    labB = (await createOrg(t, bob, 'lab', 'Lab B')).id;
    studio = (await createOrg(t, carol, 'creator', 'Harbour Films')).id;
    labKey = await createApiKey(t, labA, alice, 'pipeline', ['bundles:write']);
    readerKey = await createApiKey(t, labA, alice, 'reader', ['catalog:read']);

    const harbours = [
      { title: 'Harbour at dawn', category: 'aerial', width: 3840, height: 2160, listed: true },
      { title: 'Harbour cranes', category: 'industry', width: 3840, height: 2160, listed: true },
      { title: 'Harbour in fog', category: 'aerial', width: 1920, height: 1080, listed: true },
      { title: 'Harbour lights', category: 'aerial', width: 4096, height: 2160, listed: true },
      { title: 'Harbour flyover', category: 'aerial', width: 3840, height: 2160, listed: false },
      { title: 'Mountain lake', category: 'aerial', width: 3840, height: 2160, listed: true },
      { title: 'Harbour seals', category: 'nature', width: 1280, height: 720, listed: true },
    ];
    for (const clip of harbours) {
      const { listed, ...options } = clip;
      const make = listed ? createListedClip : createInReviewClip;
      const created = await make(t, studio, carol, options);
      harbourClips.push({ id: created.id, ...clip });
    }
    for (let i = 0; i < KELP_CLIPS; i++) {
      kelp.push(
        (
          await createListedClip(t, studio, carol, {
            title: `Kelp forest ${i}`,
            category: 'nature',
          })
        ).id,
      );
    }
  }, 180_000);
  afterAll(() => t?.close());

  const fromSearch = (orgId: string, bundleId: string, token: string, body: unknown) =>
    t.request('POST', `/v1/orgs/${orgId}/bundles/${bundleId}/clips/from-search`, { token, body });
  const bundleClips = async (bundleId: string) =>
    new Set(
      (
        await t.sql<{ clip_id: string }>(`SELECT clip_id FROM bundle_clips WHERE bundle_id = $1`, [
          bundleId,
        ])
      ).map((row) => row.clip_id),
    );
  const everything = async () =>
    JSON.stringify([
      await t.sql('SELECT * FROM bundles ORDER BY id'),
      await t.sql('SELECT * FROM bundle_clips ORDER BY bundle_id, clip_id'),
    ]);

  it('adds exactly the clips a search with facets matches, counting those already in', async () => {
    // Listed, "harbour" in the title, aerial, 4K (short side ≥ 2160) — worked out from the rows.
    const expected = harbourClips
      .filter(
        (clip) =>
          clip.listed &&
          /harbour/i.test(clip.title) &&
          clip.category === 'aerial' &&
          Math.min(clip.width, clip.height) >= 2160,
      )
      .map((clip) => clip.id);
    expect(expected).toHaveLength(2);
    const already = expected[0]!;
    const bundle = await createBundle(t, labA, { name: 'Aerial harbours', clipIds: [already] });

    const res = await fromSearch(labA, bundle.id, labKey.secret, {
      q: 'harbour',
      category: 'aerial',
      resolution: '4k',
    });
    expect(res.status).toBe(200);
    expect(BundleSearchResultsAdded.parse(res.body)).toEqual({
      added: 1,
      alreadyInBundle: 1,
      notListed: [],
      cap: BUNDLE_ADD_MAX,
      clipCount: 2,
      matched: { count: 2, approximate: false },
      truncated: false,
    });
    expect(await bundleClips(bundle.id)).toEqual(new Set(expected));

    // The same search, from a form that sends every field (empty ones unset), adds nothing more.
    const again = await fromSearch(labA, bundle.id, alice.token, {
      q: 'harbour',
      category: 'aerial',
      resolution: '4k',
      orientation: '',
      sort: '',
    });
    expect(again.body).toMatchObject({ added: 0, alreadyInBundle: 2, clipCount: 2 });
    expect(await bundleClips(bundle.id)).toEqual(new Set(expected));
  });

  it('takes the first cap matches in the search’s order and says the cap cut it', async () => {
    expect(kelp.length).toBeGreaterThan(BUNDLE_ADD_MAX);
    const bundle = await createBundle(t, labA, { name: 'Kelp' });
    const res = await fromSearch(labA, bundle.id, alice.token, { q: 'kelp', sort: 'newest' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      added: BUNDLE_ADD_MAX,
      alreadyInBundle: 0,
      notListed: [],
      cap: BUNDLE_ADD_MAX,
      clipCount: BUNDLE_ADD_MAX,
      matched: { count: KELP_CLIPS, approximate: false },
      truncated: true,
    });
    // Newest first: the last BUNDLE_ADD_MAX listed, in that order; the oldest seven left out.
    const newest = kelp.slice(-BUNDLE_ADD_MAX).reverse();
    const stored = await t.sql<{ clip_id: string }>(
      `SELECT clip_id FROM bundle_clips WHERE bundle_id = $1 ORDER BY position`,
      [bundle.id],
    );
    expect(stored.map((row) => row.clip_id)).toEqual(newest);
    for (const left of kelp.slice(0, KELP_CLIPS - BUNDLE_ADD_MAX)) {
      expect(newest).not.toContain(left);
    }

    // Browsing without words matches every listed clip; relevance without words is newest too.
    const all = await createBundle(t, labA, { name: 'Everything' });
    const browse = await fromSearch(labA, all.id, alice.token, { sort: 'relevance' });
    const listed = harbourClips.filter((clip) => clip.listed).length + KELP_CLIPS;
    expect(browse.body).toMatchObject({
      added: BUNDLE_ADD_MAX,
      matched: { count: listed, approximate: false },
      truncated: true,
    });
    expect(await bundleClips(all.id)).toEqual(new Set(newest));
  });

  it('still keeps a bundle under its limit, and adds nothing then', async () => {
    // A bundle BUNDLE_CLIPS_MAX − 3 clips full (placeholder draft clips), then 4 matches.
    const filler = await createBundle(t, labA, { name: 'Nearly full' });
    await t.sql(
      `INSERT INTO clips (id, org_id, state, file_name, title, tags, size_bytes, original_key,
         created_at, updated_at)
       SELECT gen_random_uuid(), org_id, 'draft', file_name, title, tags, size_bytes,
              original_key || '-' || g, created_at, updated_at
         FROM clips, generate_series(1, $2::int) AS g WHERE id = $1`,
      [kelp[0], BUNDLE_CLIPS_MAX - 3],
    );
    await t.sql(
      `INSERT INTO bundle_clips (bundle_id, clip_id, org_id, added_at)
       SELECT $1, id, $2, now() FROM clips WHERE state = 'draft' AND org_id = $3`,
      [filler.id, labA, studio],
    );
    expect((await bundleClips(filler.id)).size).toBe(BUNDLE_CLIPS_MAX - 3);
    const before = await everything();
    const res = await fromSearch(labA, filler.id, alice.token, { q: 'harbour' });
    expect([res.status, res.body.code]).toEqual([409, 'bundle_full']);
    expect(await everything()).toBe(before);
  });

  it('answers another lab’s bundle 404 and changes nothing', async () => {
    const own = await createBundle(t, labA, { name: 'Mine' });
    const before = await everything();
    for (const [orgId, token] of [
      [labB, bob.token],
      [labA, bob.token],
    ] as const) {
      const res = await fromSearch(orgId, own.id, token, { q: 'harbour' });
      expect(res.status).toBe(404);
      expect(['not_found', 'bundle_not_found']).toContain(res.body.code);
    }
    expect(await everything()).toBe(before);
    expect(await bundleClips(own.id)).toEqual(new Set());
  });

  it('refuses a search it cannot run, a page field, and a key without bundles:write', async () => {
    const bundle = await createBundle(t, labA, { name: 'Checks' });
    const before = await everything();
    const stopWords = await fromSearch(labA, bundle.id, alice.token, { q: 'the and' });
    expect([stopWords.status, stopWords.body.errors?.[0]?.code]).toEqual([422, 'no_search_terms']);
    for (const body of [{ cursor: 'abc' }, { limit: 10 }, { category: 'space' }]) {
      const res = await fromSearch(labA, bundle.id, alice.token, body);
      expect([res.status, res.body.code]).toEqual([422, 'validation_failed']);
    }
    const keyed = await fromSearch(labA, bundle.id, readerKey.secret, { q: 'harbour' });
    expect([keyed.status, keyed.body.code]).toEqual([403, 'insufficient_scope']);
    expect(await everything()).toBe(before);
  });
});
