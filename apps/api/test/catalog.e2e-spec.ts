import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LICENSE_TEMPLATE_IDS, LICENSE_TEMPLATES, termsHash } from '@clearframe/contracts/license';
import {
  CatalogClipDetail,
  CatalogPage,
  PolicyTemplateList,
  policyFromTemplate,
} from '@clearframe/contracts/supply';
import {
  addClipPerson,
  createApiKey,
  createClip,
  createInReviewClip,
  createListedClip,
  createOrg,
  createRelease,
  createUser,
  defaultPolicy,
  type TestUser,
} from './factories/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' as const });

/**
 * The public catalog lists listed clips only, newest first with a keyset cursor, with links to
 * previews and never to originals, and prices each minute from the public rate card.
 */
describe('public catalog', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let studioA: string;
  let studioB: string;
  let labKey: string;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await createUser(t);
    bob = await createUser(t);
    studioA = (await createOrg(t, alice, 'creator', 'Studio A')).id;
    studioB = (await createOrg(t, bob, 'creator', 'Studio B')).id;
    const labOwner = await createUser(t);
    const lab = await createOrg(t, labOwner, 'lab', 'Lab');
    labKey = (await createApiKey(t, lab.id, labOwner, 'catalog reader', ['catalog:read'])).secret;
  });
  afterAll(async () => {
    await t?.close();
  });

  async function walk(limit: number, token?: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await t.request(
        'GET',
        `/v1/catalog?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        token ? { token } : {},
      );
      expect(res.status).toBe(200);
      const page = CatalogPage.parse(res.body);
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    return ids;
  }

  it('lists both studios’ listed clips, newest listing first, across pages, and nothing else', async () => {
    const listed = [];
    for (let i = 0; i < 3; i++) {
      listed.push((await createListedClip(t, studioA, alice)).id);
      listed.push((await createListedClip(t, studioB, bob)).id);
    }
    const hidden = [
      (await createClip(t, studioA)).id,
      (await createInReviewClip(t, studioB, bob)).id,
      (await createClip(t, studioA, { state: 'delisted' })).id,
      (await createClip(t, studioB, { state: 'rejected' })).id,
      (await createClip(t, studioA, { state: 'failed' })).id,
      // Marked listed without a policy (no path does that): kept out rather than unpriced.
      (await createClip(t, studioB, { state: 'listed' })).id,
    ];
    const ids = await walk(2);
    expect(ids).toEqual([...listed].reverse());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of hidden) expect(ids).not.toContain(id);
    // Another page size cuts the same order differently, and the lab key sees the same.
    expect(await walk(4, labKey)).toEqual(ids);
  });

  it('places a clip listed later first, whenever it was uploaded', async () => {
    const old = await createListedClip(t, studioA, alice);
    t.clock.advance(3_600_000);
    await t.sql(`UPDATE clips SET listed_at = $1 WHERE id = $2`, [t.clock.now(), old.id]);
    const [first] = await walk(1).then((ids) => ids.slice(0, 1));
    expect(first).toBe(old.id);
  });

  it('links previews and thumbnails only, never the original', async () => {
    const clip = await createListedClip(t, studioA, alice);
    const list = await t.request('GET', '/v1/catalog?limit=100');
    const detail = await t.request('GET', `/v1/catalog/clips/${clip.id}`);
    for (const res of [list, detail]) {
      expect(res.text).not.toContain(clip.originalKey);
      expect(res.text).not.toContain(t.config.storage.buckets.originals);
      expect(res.text).not.toContain('originalKey');
    }
    const item = detail.body;
    expect(new URL(item.previewUrl).pathname).toContain(
      `/${t.config.storage.buckets.previews}/clips/${clip.id}/preview.mp4`,
    );
    expect(new URL(item.thumbnailUrl).pathname).toContain(
      `/${t.config.storage.buckets.previews}/clips/${clip.id}/thumbnail.jpg`,
    );
  });

  it('gives a clip’s metadata, policy and price per minute from the public rate card', async () => {
    // Public rate card, 12-month list term: hd ×1, uhd ×1.5, sd ×0.6; non-commercial ×0.4.
    const hd = await createListedClip(t, studioA, alice, {
      policy: defaultPolicy(500),
      width: 1920,
      height: 1080,
      title: 'Harbour at dawn',
      category: 'urban',
      tags: ['harbour'],
    });
    const uhd = await createListedClip(t, studioB, bob, {
      policy: defaultPolicy(500),
      width: 3840,
      height: 2160,
    });
    const research = await createListedClip(t, studioA, alice, {
      policy: policyFromTemplate('research-noncommercial', usd(333)),
      width: 640,
      height: 360,
    });
    const expected: Array<[string, number, boolean]> = [
      [hd.id, 500, true],
      [uhd.id, 750, true],
      [research.id, 80, false], // 333 × 0.6 × 0.4 = 79.92, rounded up
    ];
    for (const [id, perMinute, commercial] of expected) {
      const res = await t.request('GET', `/v1/catalog/clips/${id}`);
      expect(res.status).toBe(200);
      const detail = CatalogClipDetail.parse(res.body);
      expect(detail.listPrice).toEqual({
        perMinute: usd(perMinute),
        rateCardId: 'public-usd-2026-12',
        termMonths: 12,
        commercial,
      });
    }
    const detail = CatalogClipDetail.parse(
      (await t.request('GET', `/v1/catalog/clips/${hd.id}`, { token: labKey })).body,
    );
    expect(detail).toMatchObject({
      title: 'Harbour at dawn',
      category: 'urban',
      tags: ['harbour'],
      creator: { orgId: studioA, name: 'Studio A' },
      durationMs: 10_000,
      width: 1920,
      height: 1080,
      resolution: 'hd',
      policy: { version: 1, policy: defaultPolicy(500) },
    });
    expect(detail.policy.summary.text).toContain('$5.00/min');
    expect(detail.policy.rendered).toContain('Clearframe license terms');
    // The list shows the same price as the detail.
    const list = await t.request('GET', '/v1/catalog?limit=100');
    expect(
      list.body.items.find((item: { id: string }) => item.id === uhd.id).listPrice.perMinute,
    ).toEqual(usd(750));
  });

  it('answers 404 for a clip that is not listed, exists nowhere, or is malformed', async () => {
    for (const clip of [
      await createClip(t, studioA),
      await createInReviewClip(t, studioA, alice),
      await createClip(t, studioA, { state: 'delisted' }),
    ]) {
      const res = await t.request('GET', `/v1/catalog/clips/${clip.id}`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('clip_not_found');
    }
    expect(
      (await t.request('GET', '/v1/catalog/clips/00000000-0000-4000-8000-000000000000')).status,
    ).toBe(404);
    expect((await t.request('GET', '/v1/catalog/clips/nope')).status).toBe(404);
  });

  it('hides the pictures of a clip whose people did not consent to a public preview', async () => {
    const clip = await createListedClip(t, studioA, alice);
    const release = await createRelease(t, studioA, { consent: { publicPreview: false } });
    await addClipPerson(t, clip, release);
    const res = await t.request('GET', `/v1/catalog/clips/${clip.id}`);
    expect(res.body).toMatchObject({ id: clip.id, previewUrl: null, thumbnailUrl: null });
    const consenting = await createListedClip(t, studioA, alice);
    await addClipPerson(t, consenting, await createRelease(t, studioA));
    expect(
      (await t.request('GET', `/v1/catalog/clips/${consenting.id}`)).body.previewUrl,
    ).toContain(t.config.storage.buckets.previews);
  });

  it('refuses a cursor it did not make and a page size out of range (422)', async () => {
    for (const query of ['cursor=abc', 'limit=0', 'limit=101', 'limit=ten', 'sort=price']) {
      const res = await t.request('GET', `/v1/catalog?${query}`);
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('serves the license templates a policy starts from', async () => {
    const res = await t.request('GET', '/v1/policy-templates');
    const list = PolicyTemplateList.parse(res.body);
    expect(list.items.map((item) => item.id)).toEqual([...LICENSE_TEMPLATE_IDS]);
    expect(list.currency).toBe('USD');
    for (const item of list.items) {
      expect(item.terms).toEqual(LICENSE_TEMPLATES[item.id].terms);
      expect(item.rendered).toContain(termsHash(LICENSE_TEMPLATES[item.id].terms));
    }
  });
});
