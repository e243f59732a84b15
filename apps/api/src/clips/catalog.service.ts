import { Injectable } from '@nestjs/common';
import {
  LICENSE_TEMPLATE_IDS,
  LICENSE_TEMPLATES,
  renderTerms,
} from '@clearframe/contracts/license';
import { PUBLIC_RATE_CARD, resolutionTierFor } from '@clearframe/contracts/pricing';
import type { ClipPolicyType } from '@clearframe/contracts/license';
import {
  CATALOG_FACET_NAMES,
  CATALOG_FACETS,
  CATALOG_SEARCH_BOUND,
  type CatalogClipDetailType,
  type CatalogClipType,
  type CatalogFacetName,
  type CatalogFacetsType,
  type CatalogPageType,
  type CatalogQueryType,
  type ClipCategoryType,
  listPricePerMinute,
  listPriceRequest,
  type PolicyTemplateListType,
  policyTerms,
  summarizePolicy,
} from '@clearframe/contracts/supply';
import { CatalogCursors, type CatalogSearchKey } from './catalog-cursor.js';
import { CatalogSearchRepository, noSearchTerms } from './catalog-search.repository.js';
import { type CatalogItemRow, type CatalogPosition, searchKeyOf } from './catalog-search.sql.js';
import { ClipViews } from './clip-views.js';
import { ClipsErrors } from './clips.errors.js';

/** Query words looked up in the lexicon for suggestions, at most. */
const SUGGESTION_WORDS = 8;

/**
 * The public catalog: listed clips only, searched and faceted (docs/decisions/015), with links
 * to previews only (never to originals) and the list price from the public rate card.
 */
@Injectable()
export class CatalogService {
  constructor(
    private readonly search: CatalogSearchRepository,
    private readonly cursors: CatalogCursors,
    private readonly views: ClipViews,
  ) {}

  /** `GET /v1/catalog`: one search statement, then links and prices for the page. */
  async list(query: CatalogQueryType): Promise<CatalogPageType> {
    const key = searchKeyOf(query);
    const q = key.q;
    const after = query.cursor ? this.cursors.decode(query.cursor, key) : null;
    const words = q !== null && after === null ? queryWords(q) : [];
    const row = await this.search.search({ ...key, limit: query.limit, after, words });
    if (q !== null && row.nodes === 0) throw noSearchTerms();

    const rows = row.items ?? [];
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const first = after === null;
    return {
      items: await Promise.all(page.map((item) => this.card(item))),
      nextCursor:
        rows.length > query.limit && last ? this.cursors.encode(key, positionOf(key, last)) : null,
      sort: key.sort,
      total: first
        ? {
            count: Math.min(row.matched ?? 0, CATALOG_SEARCH_BOUND),
            approximate: (row.matched ?? 0) > CATALOG_SEARCH_BOUND,
          }
        : null,
      facets: first ? facetsOf(row.facets ?? []) : null,
      suggestion: q !== null && row.unknown?.length ? await this.suggest(q, row.unknown) : null,
    };
  }

  private async suggest(q: string, unknown: string[]): Promise<CatalogPageType['suggestion']> {
    const words = (await this.search.closestWords(unknown)).filter((pair) => pair.from !== pair.to);
    if (words.length === 0) return null;
    let suggested = q;
    for (const { from, to } of words) {
      suggested = suggested.replace(
        new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(from)}(?![\\p{L}\\p{N}])`, 'giu'),
        to,
      );
    }
    return { q: suggested, words };
  }

  /** A page row as a public card: links to previews (when consented) and the list price. */
  private async card(row: CatalogItemRow): Promise<CatalogClipType> {
    const resolution = resolutionTierFor(row.width, row.height);
    return {
      id: row.id,
      title: row.title,
      creator: { orgId: row.org_id, name: row.org_name },
      category: row.category as ClipCategoryType | null,
      tags: row.tags,
      durationMs: row.duration_ms,
      width: row.width,
      height: row.height,
      fps: Number(row.fps),
      resolution,
      hasAudio: row.has_audio ?? false,
      thumbnailUrl: row.preview_allowed ? await this.views.previewUrl(row.thumbnail_key) : null,
      previewUrl: row.preview_allowed ? await this.views.previewUrl(row.preview_key) : null,
      listPrice: listPrice(row.policy as ClipPolicyType, resolution),
      listedAt: new Date(row.listed_at).toISOString(),
    };
  }

  async detail(clipId: string): Promise<CatalogClipDetailType> {
    const row = await this.search.detail(clipId);
    if (!row) throw ClipsErrors.notFound();
    const policy = row.policy as ClipPolicyType;
    return {
      ...(await this.card(row)),
      description: row.description,
      captions: row.captions,
      cameraMotion: row.camera_motion as CatalogClipDetailType['cameraMotion'],
      setting: row.setting as CatalogClipDetailType['setting'],
      timeOfDay: row.time_of_day as CatalogClipDetailType['timeOfDay'],
      country: row.country,
      codec: row.codec,
      policy: {
        version: row.policy_version,
        policyHash: row.policy_hash,
        policy,
        summary: summarizePolicy(policy, row.policy_version),
        rendered: renderTerms(policyTerms(policy), { format: 'markdown' }),
      },
    };
  }

  /** The license templates a creator starts a policy from. */
  templates(): PolicyTemplateListType {
    return {
      items: LICENSE_TEMPLATE_IDS.map((id) => {
        const template = LICENSE_TEMPLATES[id];
        return {
          id,
          title: template.title,
          description: template.description,
          terms: structuredClone(template.terms),
          rendered: renderTerms(template.terms, { format: 'markdown' }),
        };
      }),
      currency: PUBLIC_RATE_CARD.currency,
    };
  }
}

function listPrice(
  policy: ClipPolicyType,
  resolution: ReturnType<typeof resolutionTierFor>,
): CatalogClipType['listPrice'] {
  if (policy.ratePerMinute.currency !== PUBLIC_RATE_CARD.currency) return null;
  const request = listPriceRequest(policy);
  return {
    perMinute: listPricePerMinute(policy, resolution, PUBLIC_RATE_CARD),
    rateCardId: PUBLIC_RATE_CARD.id,
    termMonths: request.term.kind === 'fixed' ? request.term.months : 0,
    commercial: request.commercial,
  };
}

function positionOf(key: CatalogSearchKey, row: CatalogItemRow): CatalogPosition {
  const listedAt = new Date(row.listed_at);
  return key.sort === 'relevance'
    ? { sort: 'relevance', rank: row.rank!, listedAt, id: row.id }
    : { sort: 'newest', listedAt, id: row.id };
}

/** Facet counts from the statement's (facet, code, count) triples, most frequent first. */
function facetsOf(triples: [string, number, number][]): CatalogFacetsType {
  const facets = Object.fromEntries(
    CATALOG_FACET_NAMES.map((name) => [name, [] as { value: string; count: number }[]]),
  ) as CatalogFacetsType;
  for (const [name, code, count] of triples) {
    const values = CATALOG_FACETS[name as CatalogFacetName] as readonly (string | number)[];
    // fps is stored as the rounded rate itself; the others as list positions plus one.
    const value = name === 'fps' ? (values.includes(code) ? code : undefined) : values[code - 1];
    if (value !== undefined) facets[name as CatalogFacetName].push({ value: String(value), count });
  }
  for (const name of CATALOG_FACET_NAMES) {
    const order = (CATALOG_FACETS[name] as readonly (string | number)[]).map(String);
    facets[name].sort(
      (a, b) => b.count - a.count || order.indexOf(a.value) - order.indexOf(b.value),
    );
  }
  return facets;
}

/** The words of a query to check against the lexicon: lower case, not excluded (`-word`). */
export function queryWords(q: string): string[] {
  const words = new Set<string>();
  for (const match of q.toLowerCase().matchAll(/(^|[^\p{L}\p{N}-])(-?)([\p{L}]{2,})/gu)) {
    if (match[2] !== '-') words.add(match[3]!);
  }
  return [...words].slice(0, SUGGESTION_WORDS);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
