import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BundleQuote, CurrentRateCard } from '@clearframe/contracts/demand';
import { PUBLIC_RATE_CARD } from '@clearframe/contracts/pricing';
import {
  createApiKey,
  createClip,
  createListedClip,
  createOrg,
  createUser,
  defaultPolicy,
  type TestApiKey,
  type TestCuratedClip,
  type TestUser,
} from './factories/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Bundles through HTTP: a lab's people and its `bundles:write` keys build a bundle from listed
 * clips, state the intended use and read the live quote; operators publish the rate card.
 */
describe('bundles and the public rate card', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let olga: TestUser;
  let labA: string;
  let labB: string;
  let studio: string;
  let labKey: TestApiKey;
  let catalogOnlyKey: TestApiKey;
  let harbour: TestCuratedClip;
  let skyline: TestCuratedClip;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await createUser(t);
    bob = await createUser(t);
    carol = await createUser(t);
    olga = await createUser(t, { name: 'Olga Operator' });
    labA = (await createOrg(t, alice, 'lab', 'Lab A')).id;
    labB = (await createOrg(t, bob, 'lab', 'Lab B')).id;
    studio = (await createOrg(t, carol, 'creator', 'Harbour Films')).id;
    await createOrg(t, olga, 'operator', 'Operations');
    labKey = await createApiKey(t, labA, alice, 'pipeline', ['bundles:write']);
    catalogOnlyKey = await createApiKey(t, labA, alice, 'reader', ['catalog:read']);
    // 90 s of HD at $5.00/min and 30 s of UHD at $8.00/min, both under the standard template.
    harbour = await createListedClip(t, studio, carol, {
      title: 'Harbour at dawn',
      durationMs: 90_000,
      width: 1920,
      height: 1080,
      policy: defaultPolicy(500),
    });
    skyline = await createListedClip(t, studio, carol, {
      title: 'Skyline',
      durationMs: 30_000,
      width: 3840,
      height: 2160,
      policy: defaultPolicy(800),
    });
  });
  afterAll(() => t?.close());

  const create = async (orgId: string, token: string, name: string) => {
    const res = await t.request('POST', `/v1/orgs/${orgId}/bundles`, { token, body: { name } });
    expect(res.status).toBe(201);
    t.clock.advance(1_000);
    return res.body as { id: string; name: string; clipCount: number };
  };

  it('lists each lab its own bundles, newest first', async () => {
    const a1 = await create(labA, alice.token, 'A one');
    const b1 = await create(labB, bob.token, 'B one');
    const a2 = await create(labA, labKey.secret, 'A two (by key)');
    const ids = async (orgId: string, token: string) =>
      (await t.request('GET', `/v1/orgs/${orgId}/bundles`, { token })).body.items.map(
        (item: { id: string }) => item.id,
      ) as string[];
    expect(new Set(await ids(labA, alice.token))).toEqual(new Set([a1.id, a2.id]));
    expect(new Set(await ids(labB, bob.token))).toEqual(new Set([b1.id]));
    expect(await ids(labA, labKey.secret)).toEqual([a2.id, a1.id]);
    const stored = await t.sql('SELECT created_by, created_by_api_key FROM bundles WHERE id = $1', [
      a2.id,
    ]);
    expect(stored).toEqual([{ created_by: null, created_by_api_key: labKey.id }]);
  });

  it('adds clips by id, says how many went in, and prices them by hand-checked figures', async () => {
    const bundle = await create(labA, alice.token, 'Harbours');
    const draft = await createClip(t, studio, { state: 'draft' });
    const added = await t.request('POST', `/v1/orgs/${labA}/bundles/${bundle.id}/clips`, {
      token: labKey.secret,
      body: { clipIds: [harbour.id, skyline.id, harbour.id, draft.id] },
    });
    expect(added.status).toBe(200);
    expect(added.body).toEqual({
      added: 2,
      alreadyInBundle: 0,
      notListed: [draft.id],
      cap: 500,
      clipCount: 2,
    });
    const again = await t.request('POST', `/v1/orgs/${labA}/bundles/${bundle.id}/clips`, {
      token: alice.token,
      body: { clipIds: [skyline.id] },
    });
    expect(again.body).toMatchObject({ added: 0, alreadyInBundle: 1, clipCount: 2 });

    const res = await t.request('GET', `/v1/orgs/${labA}/bundles/${bundle.id}/quote`, {
      token: alice.token,
    });
    expect(res.status).toBe(200);
    const { quote, excluded } = BundleQuote.parse(res.body);
    // Public rate card, default intended use (commercial, non-exclusive, 24 months ×1.25):
    //   Harbour: 1.5 min × 500 = 750 base; HD ×1 → 750 × 1.25 = 937.5 → 938.
    //            Fee 20 % of 938 = 187.6 → 187; creator 938 − 187 = 751.
    //   Skyline: 0.5 min × 800 = 400 base; UHD ×1.5 → 400 × 1.25 × 1.5 = 750.
    //            Fee 150; creator 600.
    //   Two minutes is in the first volume tier: no discount. Total 1688 = 337 + 1351.
    expect(quote.rateCardId).toBe('public-usd-2026-12');
    expect(
      quote.lines.map((line) => [
        line.clipId,
        line.base.amountMinor,
        line.multipliersBps.term,
        line.multipliersBps.resolution,
        line.amount.amountMinor,
        line.volumeDiscount.amountMinor,
        line.platformFee.amountMinor,
        line.creatorShare.amountMinor,
      ]),
    ).toEqual([
      [harbour.id, 750, 12_500, 10_000, 938, 0, 187, 751],
      [skyline.id, 400, 12_500, 15_000, 750, 0, 150, 600],
    ]);
    expect([
      quote.total.amountMinor,
      quote.volumeDiscount.amountMinor,
      quote.platformFee.amountMinor,
      quote.creatorShare.amountMinor,
    ]).toEqual([1688, 0, 337, 1351]);
    expect(excluded).toEqual([]);

    // Non-commercial use (×0.4): Harbour 750 × 1.25 × 0.4 = 375 (fee 75, creator 300); Skyline
    // delisted since it was added, so it is excluded and not priced.
    const patched = await t.request('PATCH', `/v1/orgs/${labA}/bundles/${bundle.id}`, {
      token: alice.token,
      body: {
        name: 'Harbours, research',
        intendedUse: { ...res.body.intendedUse, commercial: false },
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Harbours, research', clipCount: 2 });
    await t.sql(`UPDATE clips SET state = 'delisted' WHERE id = $1`, [skyline.id]);
    const later = BundleQuote.parse(
      (
        await t.request('GET', `/v1/orgs/${labA}/bundles/${bundle.id}/quote`, {
          token: alice.token,
        })
      ).body,
    );
    expect(later.quote.lines.map((line) => [line.clipId, line.amount.amountMinor])).toEqual([
      [harbour.id, 375],
    ]);
    expect([later.quote.platformFee.amountMinor, later.quote.creatorShare.amountMinor]).toEqual([
      75, 300,
    ]);
    expect(later.excluded).toEqual([
      {
        clipId: skyline.id,
        title: 'Skyline',
        reasons: [{ code: 'not_listed', message: expect.stringContaining('no longer listed') }],
      },
    ]);
    const detail = await t.request('GET', `/v1/orgs/${labA}/bundles/${bundle.id}`, {
      token: alice.token,
    });
    expect(
      detail.body.clips.map((clip: { clipId: string; listed: boolean }) => [
        clip.clipId,
        clip.listed,
      ]),
    ).toEqual([
      [harbour.id, true],
      [skyline.id, false],
    ]);
    await t.sql(`UPDATE clips SET state = 'listed' WHERE id = $1`, [skyline.id]);

    const removed = await t.request(
      'DELETE',
      `/v1/orgs/${labA}/bundles/${bundle.id}/clips/${skyline.id}`,
      { token: alice.token },
    );
    expect(removed.status).toBe(204);
    const gone = await t.request(
      'DELETE',
      `/v1/orgs/${labA}/bundles/${bundle.id}/clips/${skyline.id}`,
      { token: alice.token },
    );
    expect([gone.status, gone.body.code]).toEqual([404, 'bundle_clip_not_found']);
  });

  it('refuses a bad body with field errors, and an add over the cap', async () => {
    const bundle = await create(labA, alice.token, 'Checks');
    const bad = await t.request('PATCH', `/v1/orgs/${labA}/bundles/${bundle.id}`, {
      token: alice.token,
      body: { intendedUse: { uses: [] } },
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.code).toBe('validation_failed');
    const tooMany = await t.request('POST', `/v1/orgs/${labA}/bundles/${bundle.id}/clips`, {
      token: alice.token,
      body: { clipIds: Array.from({ length: 501 }, () => harbour.id) },
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors[0].message).toBe(
      'Add at most 500 clips at once; send the rest in another add.',
    );
  });

  it('is for labs: a creator organization cannot make bundles, a key needs bundles:write', async () => {
    const creator = await t.request('POST', `/v1/orgs/${studio}/bundles`, {
      token: carol.token,
      body: { name: 'Not mine to make' },
    });
    expect([creator.status, creator.body.code]).toEqual([403, 'forbidden']);
    const keyed = await t.request('GET', `/v1/orgs/${labA}/bundles`, {
      token: catalogOnlyKey.secret,
    });
    expect([keyed.status, keyed.body.code]).toEqual([403, 'insufficient_scope']);
    const anonymous = await t.request('GET', `/v1/orgs/${labA}/bundles`);
    expect(anonymous.status).toBe(401);
    expect(await t.sql(`SELECT id FROM bundles WHERE org_id = $1`, [studio])).toEqual([]);
  });

  it('deletes a bundle and its clips', async () => {
    const bundle = await create(labA, alice.token, 'Short-lived');
    await t.request('POST', `/v1/orgs/${labA}/bundles/${bundle.id}/clips`, {
      token: alice.token,
      body: { clipIds: [harbour.id] },
    });
    const res = await t.request('DELETE', `/v1/orgs/${labA}/bundles/${bundle.id}`, {
      token: alice.token,
    });
    expect(res.status).toBe(204);
    expect(
      (await t.request('GET', `/v1/orgs/${labA}/bundles/${bundle.id}`, { token: alice.token })).body
        .code,
    ).toBe('bundle_not_found');
    expect(await t.sql('SELECT * FROM bundle_clips WHERE bundle_id = $1', [bundle.id])).toEqual([]);
  });

  describe('the public rate card', () => {
    it('is public, and the built-in card until an operator publishes one', async () => {
      const res = await t.request('GET', '/v1/rate-card');
      expect(res.status).toBe(200);
      expect(CurrentRateCard.parse(res.body)).toEqual({
        rateCard: PUBLIC_RATE_CARD,
        publishedAt: null,
      });
    });

    it('is published by operators only, each version once, audited; quotes then use it', async () => {
      const card = {
        ...structuredClone(PUBLIC_RATE_CARD),
        id: 'public-usd-2027-01',
        platformFeeBps: 1_000,
      };
      for (const token of [alice.token, carol.token, labKey.secret]) {
        const refused = await t.request('POST', '/v1/rate-cards', { token, body: card });
        expect(refused.status).toBe(403);
      }
      expect(await t.sql('SELECT id FROM rate_cards')).toEqual([]);

      const published = await t.request('POST', '/v1/rate-cards', {
        token: olga.token,
        body: card,
      });
      expect(published.status).toBe(201);
      expect(published.body).toEqual({ rateCard: card, publishedAt: t.clock.now().toISOString() });
      const again = await t.request('POST', '/v1/rate-cards', { token: olga.token, body: card });
      expect([again.status, again.body.code]).toEqual([409, 'rate_card_version_taken']);
      const invalid = await t.request('POST', '/v1/rate-cards', {
        token: olga.token,
        body: { ...card, id: 'broken', volumeTiers: [{ fromMinutes: 5, discountBps: 0 }] },
      });
      expect(invalid.status).toBe(422);
      expect((await t.request('GET', '/v1/rate-card')).body.rateCard.id).toBe('public-usd-2027-01');
      expect(
        await t.sql(
          `SELECT actor_user_id, target_id FROM audit_log WHERE action = 'rate_card.published'`,
        ),
      ).toEqual([{ actor_user_id: olga.id, target_id: 'public-usd-2027-01' }]);

      // Harbour under the default use with a 10 % fee: 938; fee 93.8 → 93; creator 845.
      const bundle = await create(labB, bob.token, 'After the change');
      await t.request('POST', `/v1/orgs/${labB}/bundles/${bundle.id}/clips`, {
        token: bob.token,
        body: { clipIds: [harbour.id] },
      });
      const quoted = BundleQuote.parse(
        (
          await t.request('GET', `/v1/orgs/${labB}/bundles/${bundle.id}/quote`, {
            token: bob.token,
          })
        ).body,
      );
      expect(quoted.quote.rateCardId).toBe('public-usd-2027-01');
      expect([quoted.quote.total.amountMinor, quoted.quote.platformFee.amountMinor]).toEqual([
        938, 93,
      ]);
    });
  });
});
