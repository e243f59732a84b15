import { Injectable } from '@nestjs/common';
import {
  BUNDLE_ADD_MAX,
  BUNDLE_CLIPS_MAX,
  type BundleClipsAddedType,
  type BundleDetailType,
  type BundleExcludedClipType,
  type BundleQuoteType,
  type BundleSearchResultsAddedType,
  type BundleTermsGroupType,
  type BundleType,
  type CreateBundleType,
  DEFAULT_INTENDED_USE,
  type UpdateBundleType,
} from '@clearframe/contracts/demand';
import {
  type ClipPolicyType,
  type LicenseRequestType,
  termsFor,
  termsHash,
} from '@clearframe/contracts/license';
import {
  type QuoteLineType,
  type QuoteType,
  quote,
  resolutionTierFor,
} from '@clearframe/contracts/pricing';
import type { OrgContext } from '../access/principal.js';
import type { AuditActor } from '../audit/audit.service.js';
import { CatalogSearchRepository } from '../clips/catalog-search.repository.js';
import type { CatalogSearchQuery } from '../clips/catalog-search.sql.js';
import type { ClipEntity } from '../clips/clip.entity.js';
import { ClipsRepository } from '../clips/clips.repository.js';
import { PolicyVersionsRepository } from '../clips/policy-versions.repository.js';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import type { BundleClipEntity, BundleEntity } from './bundle.entity.js';
import { BundlesErrors } from './bundles.errors.js';
import { BundlesRepository } from './bundles.repository.js';
import { ExclusiveHoldsRepository } from './exclusive-holds.repository.js';
import { quoteFingerprint, QuoteTokens } from './quote-tokens.js';
import { RateCardsService } from './rate-cards.service.js';

const HELD =
  'Another lab holds this clip exclusively (licensed, or in an order awaiting payment), so it cannot be licensed now.';

const NOT_LISTED =
  'This clip is no longer listed (its creator withdrew it, or it is back in review), so it cannot be licensed now.';

/**
 * Labs' bundles: a name, an intended use (a contracts `LicenseRequest`) and clips added from the
 * catalog. Only listed clips go in; a clip delisted later stays in the bundle and its quote
 * names it as excluded. Quotes are computed live with contracts `quote` and the current rate
 * card, never stored: an order will recompute its own.
 */
@Injectable()
export class BundlesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly bundles: BundlesRepository,
    private readonly clips: ClipsRepository,
    private readonly versions: PolicyVersionsRepository,
    private readonly organizations: OrganizationsService,
    private readonly rateCards: RateCardsService,
    private readonly holds: ExclusiveHoldsRepository,
    private readonly tokens: QuoteTokens,
    private readonly config: AppConfig,
    private readonly catalog: CatalogSearchRepository,
  ) {}

  async create(ctx: OrgContext, input: CreateBundleType, actor: AuditActor): Promise<BundleType> {
    const now = this.clock.now();
    const bundle = await this.bundles.create({
      orgId: ctx.org.id,
      name: input.name,
      intendedUse: input.intendedUse ?? structuredClone(DEFAULT_INTENDED_USE),
      createdBy: actor.userId ?? null,
      createdByApiKey: actor.apiKeyId ?? null,
      createdAt: now,
      updatedAt: now,
    });
    return toBundleDto(bundle, 0);
  }

  async list(ctx: OrgContext): Promise<BundleType[]> {
    const bundles = await this.bundles.listForOrg(ctx.org.id);
    const counts = await this.bundles.clipCounts(
      ctx.org.id,
      bundles.map((bundle) => bundle.id),
    );
    return bundles.map((bundle) => toBundleDto(bundle, counts.get(bundle.id) ?? 0));
  }

  async detail(ctx: OrgContext, bundleId: string): Promise<BundleDetailType> {
    const bundle = await this.find(ctx, bundleId);
    const items = await this.bundles.clipsOf(ctx.org.id, bundle.id);
    const clips = await this.clipsById(items);
    const names = await this.creatorNames([...clips.values()].map(({ clip }) => clip.orgId));
    return {
      ...toBundleDto(bundle, items.length),
      clips: items.flatMap((item) => {
        const found = clips.get(item.clipId);
        if (!found) return [];
        const { clip, listed } = found;
        return [
          {
            clipId: clip.id,
            title: clip.title,
            creator: { orgId: clip.orgId, name: names.get(clip.orgId) ?? '' },
            durationMs: clip.durationMs,
            resolution:
              clip.width !== null && clip.height !== null
                ? resolutionTierFor(clip.width, clip.height)
                : null,
            listed,
            addedAt: item.addedAt.toISOString(),
          },
        ];
      }),
    };
  }

  async update(
    ctx: OrgContext,
    bundleId: string,
    patch: UpdateBundleType,
  ): Promise<BundleDetailType> {
    await this.uow.run(async () => {
      await this.find(ctx, bundleId);
      await this.bundles.update(ctx.org.id, bundleId, {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.intendedUse !== undefined ? { intendedUse: patch.intendedUse } : {}),
        updatedAt: this.clock.now(),
      });
    });
    return this.detail(ctx, bundleId);
  }

  async delete(ctx: OrgContext, bundleId: string): Promise<void> {
    await this.uow.run(async () => {
      await this.find(ctx, bundleId);
      await this.bundles.delete(ctx.org.id, bundleId);
    });
  }

  /**
   * Adds the listed clips among `clipIds` (each once); ids already in the bundle, and ids that
   * are no listed clip, are counted and named in the answer rather than refused.
   */
  async addClips(
    ctx: OrgContext,
    bundleId: string,
    clipIds: readonly string[],
  ): Promise<BundleClipsAddedType> {
    const wanted = [...new Set(clipIds.map((id) => id.toLowerCase()))];
    return this.uow.run(async () => {
      const bundle = await this.bundles.lockInOrg(ctx.org.id, bundleId);
      if (!bundle) throw BundlesErrors.notFound();
      const found = await this.clips.withListing(wanted);
      const listed = new Set(found.filter((row) => row.listed).map((row) => row.clip.id));
      const already = await this.bundles.clipsAlreadyIn(ctx.org.id, bundle.id, wanted);
      const adding = wanted.filter((id) => listed.has(id) && !already.has(id));
      const before = (await this.bundles.clipCounts(ctx.org.id, [bundle.id])).get(bundle.id) ?? 0;
      if (before + adding.length > BUNDLE_CLIPS_MAX) {
        throw BundlesErrors.full(before, adding.length);
      }
      const now = this.clock.now();
      await this.bundles.addClips(
        adding.map((clipId) => ({ bundleId: bundle.id, orgId: ctx.org.id, clipId, addedAt: now })),
      );
      if (adding.length > 0) await this.bundles.update(ctx.org.id, bundle.id, { updatedAt: now });
      return {
        added: adding.length,
        alreadyInBundle: wanted.filter((id) => already.has(id)).length,
        notListed: wanted.filter((id) => !listed.has(id)),
        cap: BUNDLE_ADD_MAX,
        clipCount: before + adding.length,
      };
    });
  }

  /**
   * Adds a catalog search's results: a snapshot of the first `BUNDLE_ADD_MAX` matching clips in
   * the search's order, taken by the catalog's own search, then added as `addClips` adds ids.
   * The search runs before the add's transaction (it reads on the search pool; on PGlite a query
   * on another connection inside a transaction would wait for it). Clips that match later are
   * not added; one delisted between the search and the add is counted in `notListed`.
   */
  async addSearchResults(
    ctx: OrgContext,
    bundleId: string,
    search: CatalogSearchQuery,
  ): Promise<BundleSearchResultsAddedType> {
    await this.find(ctx, bundleId);
    const snapshot = await this.catalog.matchingIds(search, BUNDLE_ADD_MAX);
    const added = await this.addClips(ctx, bundleId, snapshot.ids);
    return { ...added, matched: snapshot.matched, truncated: snapshot.truncated };
  }

  async removeClip(ctx: OrgContext, bundleId: string, clipId: string): Promise<void> {
    await this.uow.run(async () => {
      const bundle = await this.bundles.lockInOrg(ctx.org.id, bundleId);
      if (!bundle) throw BundlesErrors.notFound();
      if (!(await this.bundles.removeClip(ctx.org.id, bundle.id, clipId))) {
        throw BundlesErrors.clipNotInBundle();
      }
      await this.bundles.update(ctx.org.id, bundle.id, { updatedAt: this.clock.now() });
    });
  }

  /**
   * The bundle's live quote: its listed clips under its intended use and the current rate card,
   * each clip's current policy version; every clip left out is named with its reasons.
   */
  async quote(ctx: OrgContext, bundleId: string): Promise<BundleQuoteType> {
    return (await this.price(ctx, bundleId)).quote;
  }

  /**
   * The quote with what an order freezes besides it: each priced clip's entity and policy
   * version. Orders call this to recompute the quote they are placed from.
   */
  async price(ctx: OrgContext, bundleId: string): Promise<PricedBundle> {
    const bundle = await this.find(ctx, bundleId);
    const items = await this.bundles.clipsOf(ctx.org.id, bundle.id);
    const clips = await this.clipsById(items);
    const { rateCard } = await this.rateCards.current();
    const versions = await this.versions.byIds(
      [...clips.values()].map(({ clip }) => clip.currentPolicyVersionId),
    );
    const now = this.clock.now();
    const held = await this.holds.heldByOthers(
      ctx.org.id,
      items.map((item) => item.clipId),
      now,
    );
    const lines: QuoteLineType[] = [];
    const sources = new Map<string, PricedClip>();
    const unavailable = new Map<string, BundleExcludedClipType['reasons']>();
    for (const item of items) {
      const found = clips.get(item.clipId);
      if (!found) continue;
      const { clip, listed } = found;
      const version = clip.currentPolicyVersionId
        ? versions.get(clip.currentPolicyVersionId)
        : undefined;
      if (!listed || !version) {
        unavailable.set(clip.id, [{ code: 'not_listed', message: NOT_LISTED }]);
        continue;
      }
      if (held.has(clip.id)) {
        unavailable.set(clip.id, [{ code: 'exclusively_licensed', message: HELD }]);
        continue;
      }
      const currency = version.policy.ratePerMinute.currency;
      if (currency !== rateCard.currency) {
        unavailable.set(clip.id, [
          {
            code: 'currency_not_on_rate_card',
            message: `This clip is priced in ${currency}; the rate card ${rateCard.id} quotes in ${rateCard.currency}.`,
          },
        ]);
        continue;
      }
      lines.push({
        clipId: clip.id,
        durationMs: clip.durationMs!,
        resolution: resolutionTierFor(clip.width!, clip.height!),
        policy: version.policy,
      });
      sources.set(clip.id, { clip, policyVersionId: version.id, policy: version.policy });
    }
    const priced = quote({ lines, request: bundle.intendedUse, rateCard });
    const refused = new Map(priced.excluded.map((line) => [line.clipId, line.reasons]));
    const excluded: BundleExcludedClipType[] = items.flatMap((item) => {
      const clip = clips.get(item.clipId)?.clip;
      const reasons =
        unavailable.get(item.clipId) ??
        refused.get(item.clipId)?.map(({ code, message }) => ({ code, message }));
      return clip && reasons ? [{ clipId: clip.id, title: clip.title, reasons }] : [];
    });
    const terms = termsGroups(priced, sources, bundle.intendedUse);
    const expiresAt = new Date(now.getTime() + this.config.orders.quoteTtlMinutes * 60_000);
    return {
      quote: {
        bundleId: bundle.id,
        intendedUse: bundle.intendedUse,
        quote: priced,
        excluded,
        terms,
        quotedAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
        quoteToken: this.tokens.issue({
          bundleId: bundle.id,
          orgId: ctx.org.id,
          quotedAtMs: now.getTime(),
          fingerprint: quoteFingerprint(priced, terms),
        }),
      },
      bundle,
      clips: sources,
    };
  }

  private async find(ctx: OrgContext, bundleId: string): Promise<BundleEntity> {
    const bundle = await this.bundles.findInOrg(ctx.org.id, bundleId);
    if (!bundle) throw BundlesErrors.notFound();
    return bundle;
  }

  private async clipsById(
    items: readonly BundleClipEntity[],
  ): Promise<Map<string, { clip: ClipEntity; listed: boolean }>> {
    const rows = await this.clips.withListing(items.map((item) => item.clipId));
    return new Map(rows.map((row) => [row.clip.id, row]));
  }

  private async creatorNames(orgIds: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const orgId of new Set(orgIds)) {
      names.set(orgId, (await this.organizations.findById(orgId))?.name ?? '');
    }
    return names;
  }
}

function toBundleDto(bundle: BundleEntity, clipCount: number): BundleType {
  return {
    id: bundle.id,
    orgId: bundle.orgId,
    name: bundle.name,
    intendedUse: bundle.intendedUse,
    clipCount,
    createdAt: bundle.createdAt.toISOString(),
    updatedAt: bundle.updatedAt.toISOString(),
  };
}

/** A clip the quote priced, with what an order records about it. */
export interface PricedClip {
  clip: ClipEntity;
  policyVersionId: string;
  policy: ClipPolicyType;
}

export interface PricedBundle {
  quote: BundleQuoteType;
  bundle: BundleEntity;
  /** The priced clips by id. */
  clips: Map<string, PricedClip>;
}

/**
 * The distinct terms the priced clips resolve to, each with its clips in quote order (the order
 * a grant's Merkle tree and manifest use), groups in order of their first clip.
 */
function termsGroups(
  priced: QuoteType,
  sources: ReadonlyMap<string, PricedClip>,
  request: LicenseRequestType,
): BundleTermsGroupType[] {
  const groups = new Map<string, BundleTermsGroupType>();
  for (const line of priced.lines) {
    const terms = termsFor(sources.get(line.clipId)!.policy, request);
    const hash = termsHash(terms);
    const group = groups.get(hash);
    if (group) group.clipIds.push(line.clipId);
    else groups.set(hash, { termsHash: hash, terms, clipIds: [line.clipId] });
  }
  return [...groups.values()];
}
