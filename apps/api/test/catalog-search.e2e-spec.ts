import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { policyFromTemplate } from '@clearframe/contracts/supply';
import { CatalogPage, type CatalogPageType } from '@clearframe/contracts/supply';
import { JobsService } from '../src/jobs/jobs.service.js';
import {
  createApiKey,
  createInReviewClip,
  createListedClip,
  createOrg,
  createUser,
  type TestUser,
} from './factories/index.js';
import { DAY } from './support/fake-clock.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Catalog search over two studios' clips (issue 8): full text with weights, stemming and
 * websearch syntax, facet counts and filters, both sorts with keyset cursors bound to their
 * search, suggestions from the lexicon job, and bad input answered 4xx, never 5xx.
 */
describe('catalog search', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let labKey: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    alice = await createUser(t);
    bob = await createUser(t);
    const studioA = (await createOrg(t, alice, 'creator', 'Studio A')).id;
    const studioB = (await createOrg(t, bob, 'creator', 'Studio B')).id;
    const labOwner = await createUser(t);
    const lab = await createOrg(t, labOwner, 'lab', 'Lab');
    labKey = (await createApiKey(t, lab.id, labOwner, 'catalog reader', ['catalog:read'])).secret;

    // Listed in this order (each factory call moves the clock), so newest first is the reverse.
    ids.dawn = (
      await createListedClip(t, studioA, alice, {
        title: 'Aerial harbour at dawn',
        tags: ['drone', 'coast'],
        category: 'aerial',
        cameraMotion: 'drone',
        width: 3840,
        height: 2160,
        fps: 25,
        durationMs: 8_000,
      })
    ).id;
    ids.cranes = (
      await createListedClip(t, studioB, bob, {
        title: 'Harbour cranes at night',
        tags: ['industry', 'port'],
        captions: 'Cranes unloading containers from a ship',
        category: 'industry',
        cameraMotion: 'static',
        width: 1920,
        height: 1080,
        fps: 29.97,
        durationMs: 20_000,
      })
    ).id;
    ids.stream = (
      await createListedClip(t, studioA, alice, {
        title: 'Forest stream',
        description: 'Water over mossy rocks, far from the harbour',
        category: 'nature',
        cameraMotion: 'pan',
        width: 1080,
        height: 1920,
        fps: 24,
        durationMs: 4_000,
      })
    ).id;
    ids.traffic = (
      await createListedClip(t, studioB, bob, {
        title: 'City traffic timelapse',
        tags: ['urban', 'aerial'],
        category: 'urban',
        width: 1280,
        height: 720,
        fps: 60,
        durationMs: 90_000,
        policy: {
          ...policyFromTemplate('training-standard', { amountMinor: 500, currency: 'USD' }),
          exclusivity: { offered: true, multiplierBps: null },
        },
      })
    ).id;
    // Not listed: never found, whatever it says.
    ids.hidden = (
      await createInReviewClip(t, studioA, alice, { title: 'Harbour aerial drone secret' })
    ).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const name = (id: string) => Object.entries(ids).find(([, value]) => value === id)?.[0] ?? id;

  async function search(query: string, token?: string): Promise<CatalogPageType> {
    const res = await t.request('GET', `/v1/catalog?${query}`, token ? { token } : {});
    expect({ query, status: res.status }).toEqual({ query, status: 200 });
    return CatalogPage.parse(res.body);
  }
  const names = async (query: string) => (await search(query)).items.map((item) => name(item.id));

  async function walk(query: string, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const page = await search(
        `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      if (cursor) expect([page.total, page.facets]).toEqual([null, null]);
      seen.push(...page.items.map((item) => name(item.id)));
      cursor = page.nextCursor;
      if (!cursor) return seen;
    }
    throw new Error('more than 20 pages');
  }

  async function problem(query: string) {
    const res = await t.request('GET', `/v1/catalog?${query}`);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return {
      status: res.status,
      code: res.body.code as string,
      fields: ((res.body.errors ?? []) as { path: string; code: string }[]).map(
        (error) => `${error.path}:${error.code}`,
      ),
    };
  }

  it('finds words in title, tags, captions and description, titles ranked first', async () => {
    const found = await names('q=harbour');
    expect(new Set(found)).toEqual(new Set(['dawn', 'cranes', 'stream']));
    // Title hits (weight A) outrank the description hit (weight D).
    expect(found.at(-1)).toBe('stream');
    expect(await names('q=containers')).toEqual(['cranes']); // captions
    expect(await names('q=port')).toEqual(['cranes']); // tags
    expect(new Set(await names('q=aerial'))).toEqual(new Set(['dawn', 'traffic']));
  });

  it('stems English and reads quoted phrases and -exclusions', async () => {
    expect(new Set(await names('q=harbours'))).toEqual(new Set(['dawn', 'cranes', 'stream']));
    expect(await names('q=unloaded')).toEqual(['cranes']);
    expect(await names(`q=${encodeURIComponent('"harbour cranes"')}`)).toEqual(['cranes']);
    expect(await names(`q=${encodeURIComponent('"cranes harbour"')}`)).toEqual([]);
    expect(new Set(await names(`q=${encodeURIComponent('harbour -cranes')}`))).toEqual(
      new Set(['dawn', 'stream']),
    );
  });

  it('counts facets over the matches and says the count is exact under the bound', async () => {
    const page = await search('q=harbour');
    expect(page.total).toEqual({ count: 3, approximate: false });
    expect(page.sort).toBe('relevance');
    const facets = page.facets!;
    // Equal counts keep the vocabulary's order.
    expect(facets.category).toEqual([
      { value: 'nature', count: 1 },
      { value: 'aerial', count: 1 },
      { value: 'industry', count: 1 },
    ]);
    expect(facets.resolution).toEqual([
      { value: '1080p', count: 2 },
      { value: '4k', count: 1 },
    ]);
    expect(facets.orientation).toEqual([
      { value: 'landscape', count: 2 },
      { value: 'vertical', count: 1 },
    ]);
    expect(facets.fps).toEqual([
      { value: '24', count: 1 },
      { value: '25', count: 1 },
      { value: '30', count: 1 },
    ]);
    expect(facets.duration).toEqual([
      { value: '0-5s', count: 1 },
      { value: '5-10s', count: 1 },
      { value: '10-30s', count: 1 },
    ]);
    expect(facets.motion).toEqual([
      { value: 'static', count: 1 },
      { value: 'pan', count: 1 },
      { value: 'drone', count: 1 },
    ]);
    // training-standard allows these uses; no clip of the three offers exclusivity.
    expect(facets.use.map((use) => use.count)).toEqual(facets.use.map(() => 3));
    expect(facets.exclusivity).toEqual([{ value: 'not-offered', count: 3 }]);
  });

  it('filters on any facet combination, with or without words', async () => {
    expect(await names('q=harbour&category=industry')).toEqual(['cranes']);
    expect(await names('q=harbour&orientation=vertical')).toEqual(['stream']);
    expect(await names('orientation=vertical')).toEqual(['stream']);
    expect(await names('exclusivity=offered')).toEqual(['traffic']);
    expect(await names('resolution=1080p&fps=30&motion=static')).toEqual(['cranes']);
    expect(await names('q=harbour&resolution=720p')).toEqual([]);
    expect(await names('duration=1-3m&use=ai-train')).toEqual(['traffic']);
    const browse = await search('');
    expect(browse.items.map((item) => name(item.id))).toEqual([
      'traffic',
      'stream',
      'cranes',
      'dawn',
    ]);
    expect(browse.sort).toBe('newest');
    expect(browse.total).toEqual({ count: 4, approximate: false });
    expect(browse.facets!.category).toHaveLength(4);
  });

  it('sorts newest first on request and pages both sorts by cursor without repeats', async () => {
    expect(await names('q=harbour&sort=newest')).toEqual(['stream', 'cranes', 'dawn']);
    const relevance = await names('q=harbour');
    expect(await walk('q=harbour', 1)).toEqual(relevance);
    expect(await walk('q=harbour&sort=newest', 2)).toEqual(['stream', 'cranes', 'dawn']);
    expect(await walk('', 1)).toEqual(['traffic', 'stream', 'cranes', 'dawn']);
    expect(await walk('category=aerial', 1)).toEqual(['dawn']);
  });

  it('gives a lab’s catalog:read key the same answer', async () => {
    const anonymous = await search('q=harbour');
    const lab = await search('q=harbour', labKey);
    expect(lab.items.map((item) => item.id)).toEqual(anonymous.items.map((item) => item.id));
  });

  it('refuses a cursor that was altered, belongs to another search or sort, or is stale', async () => {
    const first = await search('q=harbour&limit=1');
    const cursor = first.nextCursor!;
    const [body, mac] = cursor.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as { i: string };
    const forgedBody = Buffer.from(
      JSON.stringify({ ...payload, i: '00000000-0000-4000-8000-000000000000' }),
    ).toString('base64url');
    const bad = async (query: string) => problem(`${query}&cursor=${encodeURIComponent(cursor)}`);
    expect(await problem(`q=harbour&cursor=${forgedBody}.${mac}`)).toEqual({
      status: 422,
      code: 'validation_failed',
      fields: ['cursor:invalid_cursor'],
    });
    expect(await problem('q=harbour&cursor=not-a-cursor')).toMatchObject({
      fields: ['cursor:invalid_cursor'],
    });
    expect(await bad('q=harbour&sort=newest')).toMatchObject({
      status: 422,
      fields: ['cursor:cursor_sort_mismatch'],
    });
    expect(await bad('q=forest')).toMatchObject({ fields: ['cursor:cursor_search_mismatch'] });
    expect(await bad('q=harbour&category=nature')).toMatchObject({
      fields: ['cursor:cursor_search_mismatch'],
    });
    // Still good now; a day later, stale.
    expect(
      (await search(`q=harbour&limit=1&cursor=${encodeURIComponent(cursor)}`)).items,
    ).toHaveLength(1);
    t.clock.advance(DAY + 1_000);
    expect(await bad('q=harbour')).toMatchObject({ fields: ['cursor:cursor_expired'] });
  });

  it('answers bad input with a 4xx problem, never a 5xx', async () => {
    expect(await problem(`q=${'a'.repeat(10_000)}`)).toMatchObject({
      status: 422,
      fields: ['q:too_big'],
    });
    for (const q of ['the and of', '!!! ??? ...', '&|!:*()']) {
      expect(await problem(`q=${encodeURIComponent(q)}`)).toEqual({
        status: 422,
        code: 'validation_failed',
        fields: ['q:no_search_terms'],
      });
    }
    expect(await problem('category=spaceships')).toMatchObject({
      status: 422,
      fields: ['category:invalid_value'],
    });
    expect(await problem('fps=23')).toMatchObject({ status: 422 });
    expect(await problem('limit=0')).toMatchObject({ status: 422, fields: ['limit:too_small'] });
    expect(await problem('limit=10000')).toMatchObject({ status: 422, fields: ['limit:too_big'] });
    expect(await problem('sort=price')).toMatchObject({ status: 422 });
    // A NUL reached PostgreSQL once (500: invalid byte sequence); control characters are refused.
    for (const q of ['\u0000', 'harbour\u0000', 'harbour\u001b[31m']) {
      expect(await problem(`q=${encodeURIComponent(q)}`)).toEqual({
        status: 422,
        code: 'validation_failed',
        fields: ['q:custom'],
      });
    }
    // Operators and unbalanced quotes a person typed are read as words, not as tsquery syntax.
    expect(await names(`q=${encodeURIComponent('"harbour cranes')}`)).toEqual(['cranes']);
    expect(new Set(await names(`q=${encodeURIComponent('harbour & !cranes | (:*)')}`))).toEqual(
      new Set(['cranes']),
    );
    expect(await names(`q=${encodeURIComponent("harbour' <-> cranes:*")}`)).toEqual(['cranes']);
  });

  it('suggests the closest catalog word for a misspelt one, once the lexicon job ran', async () => {
    expect((await search('q=harbuor')).suggestion).toBeNull(); // empty lexicon
    await t.app.get(JobsService).send('catalog.lexicon', {});
    expect(await t.drainJobs()).toBeGreaterThanOrEqual(1);
    const page = await search('q=harbuor');
    expect(page.items).toEqual([]);
    expect(page.suggestion).toEqual({
      q: 'harbour',
      words: [{ from: 'harbuor', to: 'harbour' }],
    });
    expect((await search(`q=${encodeURIComponent('Aeriel harbour')}`)).suggestion).toEqual({
      q: 'aerial harbour',
      words: [{ from: 'aeriel', to: 'aerial' }],
    });
    // Known words need no suggestion; the unlisted clip's words are not in the lexicon.
    expect((await search('q=harbour')).suggestion).toBeNull();
    const rows = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM catalog_lexicon WHERE word = 'secret'`,
    );
    expect(rows).toEqual([{ n: 0 }]);
  });
});
