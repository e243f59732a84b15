import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BUNDLE_CLIPS_MAX, DEFAULT_INTENDED_USE } from '@clearframe/contracts/demand';
import { PUBLIC_RATE_CARD } from '@clearframe/contracts/pricing';
import {
  createClip,
  createListedClip,
  createPolicyVersion,
  defaultPolicy,
} from '../../test/factories/index.js';
import { bootModule, type ModuleTest } from '../../test/support/module-test.js';
import type { OrgContext } from '../access/principal.js';
import { AccountOrganizations } from '../accounts/account-organizations.port.js';
import { OperatorStatus } from '../accounts/operator-status.port.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { BundlesModule } from './bundles.module.js';
import { BundlesService } from './bundles.service.js';
import { RateCardsService } from './rate-cards.service.js';

describe('BundlesService', () => {
  let t: ModuleTest;
  let bundles: BundlesService;
  let rateCards: RateCardsService;
  let lab: OrgContext;
  let otherLab: OrgContext;
  let studioId: string;
  let creatorId: string;

  beforeAll(async () => {
    t = await bootModule({
      imports: [BundlesModule],
      global: {
        imports: [OrganizationsModule],
        providers: [
          { provide: OperatorStatus, useExisting: OrganizationsService },
          { provide: AccountOrganizations, useExisting: OrganizationsService },
        ],
      },
    });
    bundles = t.get(BundlesService);
    rateCards = t.get(RateCardsService);
    const orgs = t.get(OrganizationsService);
    const buyer = await t.insertUser();
    lab = {
      org: (await orgs.findById((await t.insertOrg({ kind: 'lab', ownerId: buyer.id })).id))!,
      role: 'member',
    };
    const rival = await t.insertUser();
    otherLab = {
      org: (await orgs.findById((await t.insertOrg({ kind: 'lab', ownerId: rival.id })).id))!,
      role: 'owner',
    };
    creatorId = (await t.insertUser()).id;
    studioId = (await t.insertOrg({ kind: 'creator', ownerId: creatorId, name: 'Harbour Films' }))
      .id;
  });
  afterAll(() => t?.close());

  const listed = (options: Parameters<typeof createListedClip>[3] = {}) =>
    createListedClip(t, studioId, { id: creatorId }, options);

  it('adds listed clips once each and says what happened to the rest', async () => {
    const bundle = await bundles.create(lab, { name: 'Harbours' }, { userId: null });
    expect(bundle).toMatchObject({
      name: 'Harbours',
      clipCount: 0,
      intendedUse: DEFAULT_INTENDED_USE,
    });
    const [a, b] = [await listed(), await listed()];
    const draft = await createClip(t, studioId, { state: 'draft' });
    const missing = '00000000-0000-4000-8000-000000000001';

    const first = await bundles.addClips(lab, bundle.id, [
      a.id,
      a.id.toUpperCase(),
      draft.id,
      missing,
    ]);
    expect(first).toEqual({
      added: 1,
      alreadyInBundle: 0,
      notListed: [draft.id, missing],
      cap: 500,
      clipCount: 1,
    });
    t.clock.advance(1_000);
    const second = await bundles.addClips(lab, bundle.id, [b.id, a.id]);
    expect(second).toMatchObject({ added: 1, alreadyInBundle: 1, notListed: [], clipCount: 2 });

    const detail = await bundles.detail(lab, bundle.id);
    expect(detail.clips.map((clip) => [clip.clipId, clip.listed, clip.creator.name])).toEqual([
      [a.id, true, 'Harbour Films'],
      [b.id, true, 'Harbour Films'],
    ]);
    await bundles.removeClip(lab, bundle.id, a.id);
    expect((await bundles.detail(lab, bundle.id)).clips.map((clip) => clip.clipId)).toEqual([b.id]);
    await expect(bundles.removeClip(lab, bundle.id, a.id)).rejects.toMatchObject({
      code: 'bundle_clip_not_found',
    });
  });

  it("treats another lab's bundle as not found, and changes nothing of it", async () => {
    const theirs = await bundles.create(otherLab, { name: 'Theirs' }, { userId: null });
    const clip = await listed();
    await bundles.addClips(otherLab, theirs.id, [clip.id]);
    const before = await t.sql(
      'SELECT * FROM bundles, bundle_clips WHERE bundles.id = bundle_clips.bundle_id',
    );
    for (const attempt of [
      () => bundles.detail(lab, theirs.id),
      () => bundles.quote(lab, theirs.id),
      () => bundles.update(lab, theirs.id, { name: 'Mine now' }),
      () => bundles.addClips(lab, theirs.id, [clip.id]),
      () => bundles.removeClip(lab, theirs.id, clip.id),
      () => bundles.delete(lab, theirs.id),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: 'bundle_not_found' });
    }
    expect(
      await t.sql('SELECT * FROM bundles, bundle_clips WHERE bundles.id = bundle_clips.bundle_id'),
    ).toEqual(before);
    expect(new Set((await bundles.list(lab)).map((b) => b.id)).has(theirs.id)).toBe(false);
  });

  it('quotes with volume discount, and names refused and delisted clips with their reasons', async () => {
    const bundle = await bundles.create(lab, { name: 'Long takes' }, { userId: null });
    // Two hours of HD at $1.00/min under the default use (24 months ×1.25, commercial ×1, non-exclusive ×1):
    //   base 120 × 100 = 12 000 cents; amount 12 000 × 1.25 = 15 000.
    //   Volume: minutes 60–120 fall in the 5 % tier: 60 min × 125 c/min × 5 % = 375 off.
    //   Net 14 625; platform fee 20 % = 2 925; creator 11 700.
    const long = await listed({ durationMs: 7_200_000, policy: defaultPolicy(100) });
    const nonCommercial = await listed({
      policy: { ...defaultPolicy(), commercialUseAllowed: false },
    });
    const soonDelisted = await listed();
    await bundles.addClips(lab, bundle.id, [long.id, nonCommercial.id, soonDelisted.id]);
    await t.sql(`UPDATE clips SET state = 'delisted' WHERE id = $1`, [soonDelisted.id]);

    const result = await bundles.quote(lab, bundle.id);
    expect(result.quote.rateCardId).toBe(PUBLIC_RATE_CARD.id);
    expect(
      result.quote.lines.map((line) => [
        line.clipId,
        line.base.amountMinor,
        line.amount.amountMinor,
        line.volumeDiscount.amountMinor,
        line.platformFee.amountMinor,
        line.creatorShare.amountMinor,
      ]),
    ).toEqual([[long.id, 12_000, 15_000, 375, 2_925, 11_700]]);
    expect(result.quote.lines[0]!.multipliersBps).toEqual({
      exclusivity: 10_000,
      term: 12_500,
      resolution: 10_000,
      use: 10_000,
    });
    expect(result.quote.volumeTier).toEqual({ fromMinutes: 60, discountBps: 500 });
    expect([result.quote.total.amountMinor, result.quote.platformFee.amountMinor]).toEqual([
      14_625, 2_925,
    ]);
    expect(result.excluded.map((clip) => [clip.clipId, clip.reasons.map((r) => r.code)])).toEqual([
      [nonCommercial.id, ['commercial_not_allowed']],
      [soonDelisted.id, ['not_listed']],
    ]);
    expect(result.excluded[0]!.reasons[0]!.message).toMatch(/commercial/i);

    // A new policy version of a clip prices from then on.
    await createPolicyVersion(t, long.id, defaultPolicy(200));
    expect((await bundles.quote(lab, bundle.id)).quote.lines[0]!.amount.amountMinor).toBe(30_000);
  });

  it('quotes with the latest published rate card, and never publishes one id twice', async () => {
    expect(await rateCards.current()).toEqual({ rateCard: PUBLIC_RATE_CARD, publishedAt: null });
    const bundle = await bundles.create(lab, { name: 'Fee change' }, { userId: null });
    const clip = await listed({ durationMs: 90_000, policy: defaultPolicy(500) });
    await bundles.addClips(lab, bundle.id, [clip.id]);
    const operator = await t.insertUser();
    const published = await rateCards.publish(
      { ...structuredClone(PUBLIC_RATE_CARD), id: 'public-usd-2027-01', platformFeeBps: 1_500 },
      { userId: operator.id },
    );
    expect(published.publishedAt).toBe(t.clock.now().toISOString());
    t.clock.advance(1_000);
    // 90 s HD at $5.00/min: 750 × 1.25 = 937.5 → 938; fee 15 % = 140.7 → 140; creator 798.
    const result = await bundles.quote(lab, bundle.id);
    expect(result.quote.rateCardId).toBe('public-usd-2027-01');
    expect([
      result.quote.total.amountMinor,
      result.quote.platformFee.amountMinor,
      result.quote.creatorShare.amountMinor,
    ]).toEqual([938, 140, 798]);

    for (const id of ['public-usd-2027-01', PUBLIC_RATE_CARD.id]) {
      await expect(
        rateCards.publish({ ...structuredClone(PUBLIC_RATE_CARD), id }, { userId: operator.id }),
      ).rejects.toMatchObject({ code: 'rate_card_version_taken' });
    }
    expect((await rateCards.current()).rateCard.id).toBe('public-usd-2027-01');
    const audit = (await t.auditRows()).filter((row) => row.action === 'rate_card.published');
    expect(audit).toEqual([
      expect.objectContaining({ actor_user_id: operator.id, target_id: 'public-usd-2027-01' }),
    ]);
  });

  it('refuses an add that would pass the bundle limit, adding nothing', async () => {
    const bundle = await bundles.create(lab, { name: 'Full' }, { userId: null });
    const clip = await listed();
    // BUNDLE_CLIPS_MAX − 1 rows put in with one statement each (the service would take minutes):
    // draft clips are enough, the limit counts rows whatever their clips' state.
    await t.sql(
      `INSERT INTO clips (org_id, state, file_name, title, tags, size_bytes, original_key, created_at, updated_at)
       SELECT $1, 'draft', 'f.mp4', 'filler ' || n, '{}', 1, 'filler/' || n, now(), now()
         FROM generate_series(1, $2::int) AS n`,
      [studioId, BUNDLE_CLIPS_MAX - 1],
    );
    await t.sql(
      `INSERT INTO bundle_clips (bundle_id, clip_id, org_id, added_at)
       SELECT $1, id, $2, now() FROM clips WHERE title LIKE 'filler %'`,
      [bundle.id, lab.org.id],
    );
    const other = await listed();
    await expect(bundles.addClips(lab, bundle.id, [clip.id, other.id])).rejects.toMatchObject({
      code: 'bundle_full',
      message: `This bundle has ${BUNDLE_CLIPS_MAX - 1} clips; adding 2 more would pass the limit of ${BUNDLE_CLIPS_MAX}. Start another bundle for the rest.`,
    });
    const count = async () =>
      (
        await t.sql<{ n: number }>(
          'SELECT count(*)::int AS n FROM bundle_clips WHERE bundle_id = $1',
          [bundle.id],
        )
      )[0]!.n;
    expect(await count()).toBe(BUNDLE_CLIPS_MAX - 1);
    // Exactly up to the limit goes in.
    expect((await bundles.addClips(lab, bundle.id, [clip.id])).clipCount).toBe(BUNDLE_CLIPS_MAX);
    expect(await count()).toBe(BUNDLE_CLIPS_MAX);
  });
});
