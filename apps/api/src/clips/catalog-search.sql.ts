import {
  CATALOG_FACETS,
  CATALOG_SEARCH_BOUND,
  type CatalogFacetName,
  type CatalogQueryType,
  type CatalogSortType,
} from '@clearframe/contracts/supply';
import type { CatalogSearchKey } from './catalog-cursor.js';

/**
 * The catalog search as one parameterised statement (DESIGN §9 "Catalog search at 1M clips"):
 * the first CATALOG_SEARCH_BOUND + 1 matching clips are read once (text and facets intersect in
 * one GIN index), and the page, the facet counts and the total all come from them. Built as text
 * with only the predicates a request needs, sent unnamed so PostgreSQL plans it with the actual
 * values (a generic plan keeps catch-alls and misestimates every word). Parameter types are the
 * columns' types (smallint facets stay in the GIN index).
 *
 * The benchmark runs these same statements straight on `pg` to measure what the API adds.
 */

/** Facet filters as the database stores them (codes are list positions plus one). */
export interface CatalogFilterCodes {
  category?: number;
  resolution?: number;
  vertical?: boolean;
  fps?: number;
  duration?: number;
  motion?: number;
  use?: number;
  exclusive?: boolean;
}

/** Where the previous page ended, in the order of the sort. */
export type CatalogPosition =
  | { sort: 'newest'; listedAt: Date; id: string }
  | { sort: 'relevance'; rank: string; listedAt: Date; id: string };

export interface CatalogSearchPlan {
  /** The websearch text, or null to browse. */
  q: string | null;
  sort: CatalogSortType;
  filters: CatalogFilterCodes;
  limit: number;
  after: CatalogPosition | null;
  /** Lower-cased words of `q` to look up in the lexicon (first pages only). */
  words: string[];
}

/** The one row the statement answers. */
export interface CatalogSearchRow {
  /** Nodes of the parsed query; 0 when it has no searchable word (stop words, punctuation). */
  nodes: number | null;
  /** Matches read, up to the bound + 1; null on pages reached by cursor. */
  matched: number | null;
  items: CatalogItemRow[] | null;
  /** [facet, code, count] triples; null on pages reached by cursor. */
  facets: [string, number, number][] | null;
  /** Words of the query the lexicon does not have. */
  unknown: string[] | null;
}

/** A page row with what the public card needs (JSON from the statement, so snake_case). */
export interface CatalogItemRow {
  id: string;
  title: string;
  org_id: string;
  org_name: string;
  category: string | null;
  tags: string[];
  duration_ms: number;
  width: number;
  height: number;
  fps: string | number;
  has_audio: boolean | null;
  thumbnail_key: string | null;
  preview_key: string | null;
  listed_at: string;
  policy: unknown;
  preview_allowed: boolean;
  /** ts_rank as PostgreSQL prints a real (exact round trip); null when sorting by newest. */
  rank: string | null;
}

/** How many of the newest rows a newest-first search with text walks before it sorts matches. */
export const NEWEST_WINDOW = 10_000;

/** The column of each facet filter (the bench's exact-ranking statement uses them too). */
export const FACET_COLUMNS: Record<keyof CatalogFilterCodes, string> = {
  category: 'facet_category',
  resolution: 'facet_resolution',
  vertical: 'facet_vertical',
  fps: 'facet_fps',
  duration: 'facet_duration',
  motion: 'facet_motion',
  use: 'facet_uses',
  exclusive: 'facet_exclusive',
};

/**
 * What the catalog lists, as SQL over the clips table under `alias`: the state, and what listing
 * needs beside it (the supply catalog's rule); rows lacking it stay out. Bundles use the same rule.
 */
export function listedCondition(alias: string): string {
  return `${alias}.state = 'listed' AND ${alias}.current_policy_version_id IS NOT NULL
  AND ${alias}.duration_ms IS NOT NULL AND ${alias}.width IS NOT NULL AND ${alias}.height IS NOT NULL
  AND ${alias}.fps IS NOT NULL`;
}

const LISTED = listedCondition('c');

/** A search without its page: words, facets and sort. */
export type CatalogSearchQuery = Omit<CatalogQueryType, 'cursor' | 'limit'>;

/** The search a query asks for: relevance needs words, so without them it is newest first. */
export function searchKeyOf(query: CatalogSearchQuery): CatalogSearchKey {
  const q = query.q ? query.q : null;
  return {
    q,
    sort: q === null ? 'newest' : (query.sort ?? 'relevance'),
    filters: filterCodes(query),
  };
}

/** A request's facet values as codes. */
export function filterCodes(query: CatalogSearchQuery): CatalogFilterCodes {
  const code = <F extends CatalogFacetName>(facet: F, value: unknown) =>
    (CATALOG_FACETS[facet] as readonly unknown[]).indexOf(value) + 1;
  const filters: CatalogFilterCodes = {};
  if (query.category) filters.category = code('category', query.category);
  if (query.resolution) filters.resolution = code('resolution', query.resolution);
  if (query.orientation) filters.vertical = query.orientation === 'vertical';
  if (query.fps !== undefined) filters.fps = query.fps;
  if (query.duration) filters.duration = code('duration', query.duration);
  if (query.motion) filters.motion = code('motion', query.motion);
  if (query.use) filters.use = code('use', query.use);
  if (query.exclusivity) filters.exclusive = query.exclusivity === 'offered';
  return filters;
}

class Params {
  readonly values: unknown[] = [];
  add(value: unknown, type: string): string {
    this.values.push(value instanceof Date ? value.toISOString() : value);
    return `$${this.values.length}::${type}`;
  }
}

function filterSql(filters: CatalogFilterCodes, p: Params, alias = 'c'): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(filters) as [keyof CatalogFilterCodes, unknown][]) {
    if (value === undefined) continue;
    const column = `${alias}.${FACET_COLUMNS[name]}`;
    if (name === 'use') parts.push(`${column} @> ARRAY[${p.add(value, 'smallint')}]`);
    else if (typeof value === 'boolean') parts.push(`${column} = ${p.add(value, 'boolean')}`);
    else parts.push(`${column} = ${p.add(value, 'smallint')}`);
  }
  return parts.map((part) => ` AND ${part}`).join('');
}

const FACET_COUNTS = `
  SELECT 'category' AS f, facet_category AS v, count(*) AS n FROM candidates WHERE facet_category IS NOT NULL GROUP BY 2
  UNION ALL SELECT 'resolution', facet_resolution, count(*) FROM candidates GROUP BY 2
  UNION ALL SELECT 'orientation', CASE WHEN facet_vertical THEN 2 ELSE 1 END, count(*) FROM candidates GROUP BY 2
  UNION ALL SELECT 'fps', facet_fps, count(*) FROM candidates GROUP BY 2
  UNION ALL SELECT 'duration', facet_duration, count(*) FROM candidates GROUP BY 2
  UNION ALL SELECT 'motion', facet_motion, count(*) FROM candidates WHERE facet_motion IS NOT NULL GROUP BY 2
  UNION ALL SELECT 'use', u, count(*) FROM candidates, unnest(facet_uses) AS u GROUP BY 2
  UNION ALL SELECT 'exclusivity', CASE WHEN facet_exclusive THEN 1 ELSE 2 END, count(*) FROM candidates GROUP BY 2`;

const CANDIDATE_COLUMNS = `c.id, c.listed_at, c.facet_category, c.facet_resolution, c.facet_vertical,
  c.facet_fps, c.facet_duration, c.facet_motion, c.facet_uses, c.facet_exclusive`;

const PREVIEW_ALLOWED = `NOT EXISTS (
    SELECT 1 FROM clip_people cp LEFT JOIN releases r ON r.id = cp.release_id
     WHERE cp.clip_id = c.id
       AND (r.id IS NULL OR r.state <> 'confirmed'
            OR COALESCE((r.consent->>'publicPreview')::boolean, false) = false))`;

// The page's cards: the clip, its organization's name, its current policy, and whether everyone
// on it consented to a public preview (a person without a confirmed release that says so hides
// the pictures).
function itemsSql(rankColumn: string): string {
  return `(SELECT json_agg(json_build_object(
      'id', c.id, 'title', c.title, 'org_id', c.org_id, 'org_name', o.name, 'category', c.category,
      'tags', c.tags, 'duration_ms', c.duration_ms, 'width', c.width, 'height', c.height,
      'fps', c.fps, 'has_audio', c.has_audio, 'thumbnail_key', c.thumbnail_key,
      'preview_key', c.preview_key, 'listed_at', c.listed_at, 'policy', v.policy,
      'rank', ${rankColumn}, 'preview_allowed', ${PREVIEW_ALLOWED}
    ) ORDER BY page.ord)
    FROM page
    JOIN clips c ON c.id = page.id
    JOIN organizations o ON o.id = c.org_id
    JOIN clip_policy_versions v ON v.id = c.current_policy_version_id)`;
}

/** The statement for one search request. */
export function catalogSearchStatement(plan: CatalogSearchPlan): {
  text: string;
  values: unknown[];
} {
  const p = new Params();
  const bound = CATALOG_SEARCH_BOUND + 1;
  const first = plan.after === null;
  const take = plan.limit + 1;
  const filters = filterSql(plan.filters, p);
  const unknown =
    first && plan.words.length > 0
      ? `(SELECT array_agg(w) FROM unnest(${p.add(plan.words, 'text[]')}) AS w
           WHERE NOT EXISTS (SELECT 1 FROM catalog_lexicon l WHERE l.word = w))`
      : 'NULL::text[]';
  const facets = first
    ? `(SELECT json_agg(json_build_array(f, v, n)) FROM (${FACET_COUNTS}) AS counts)`
    : 'NULL::json';
  const matched = first ? '(SELECT count(*) FROM candidates)::int' : 'NULL::int';
  const after = plan.after;
  const newestAfter = (alias: string) =>
    after
      ? ` AND (${alias}.listed_at, ${alias}.id) < (${p.add(after.listedAt, 'timestamptz')}, ${p.add(after.id, 'uuid')})`
      : '';

  if (plan.q === null) {
    // Browse: the page is the newest-first index walk. The first page also counts facets over
    // the first CATALOG_SEARCH_BOUND + 1 rows that pass the filters in whatever order is cheapest
    // (a rare facet combination is a GIN bitmap, a common one a short scan), not the newest
    // ones: those would walk the newest-first index far for a rare combination.
    const cursor = newestAfter('c');
    const page = `page AS (
           SELECT id, row_number() OVER (ORDER BY listed_at DESC, id DESC) AS ord FROM (
             SELECT c.id, c.listed_at FROM clips c
              WHERE ${LISTED}${filters}${cursor}
              ORDER BY c.listed_at DESC, c.id DESC LIMIT ${take}) AS top)`;
    const text = first
      ? `WITH candidates AS MATERIALIZED (
           SELECT ${CANDIDATE_COLUMNS} FROM clips c WHERE ${LISTED}${filters} LIMIT ${bound}),
         ${page}
         SELECT NULL::int AS nodes, ${matched} AS matched, ${itemsSql('NULL')} AS items,
                ${facets} AS facets, NULL::text[] AS unknown`
      : `WITH ${page}
         SELECT NULL::int AS nodes, NULL::int AS matched, ${itemsSql('NULL')} AS items,
                NULL::json AS facets, NULL::text[] AS unknown`;
    return { text, values: p.values };
  }

  const tsq = p.add(plan.q, 'text');
  const query = `websearch_to_tsquery('english', ${tsq})`;
  const nodes = `numnode(${query})`;
  // Bitmap order, not rank order: the bound caps the work, and the page is ranked within it
  // (0.945 of the exact top-24 rank mass kept on the anchor data, DESIGN §9).
  const candidates = (withRank: boolean) =>
    `candidates AS MATERIALIZED (
       SELECT ${CANDIDATE_COLUMNS}${withRank ? `, ts_rank(c.search, ${query}) AS rank` : ''}
         FROM clips c
        WHERE c.search @@ ${query} AND ${LISTED}${filters}
        LIMIT ${bound})`;

  if (plan.sort === 'relevance') {
    const cursor =
      after && after.sort === 'relevance'
        ? ` WHERE (rank, id) < (${p.add(after.rank, 'real')}, ${p.add(after.id, 'uuid')})`
        : '';
    const text = `WITH ${candidates(true)},
       page AS (
         SELECT id, rank, row_number() OVER (ORDER BY rank DESC, id DESC) AS ord FROM (
           SELECT id, rank FROM candidates${cursor} ORDER BY rank DESC, id DESC LIMIT ${take}) AS top)
       SELECT ${nodes} AS nodes, ${matched} AS matched, ${itemsSql('page.rank::text')} AS items,
              ${facets} AS facets, ${unknown} AS unknown`;
    return { text, values: p.values };
  }

  // Newest first with text. Under the bound, every match is a candidate and the page is theirs,
  // newest first. Over it, the newest rows are walked (a window of NEWEST_WINDOW) and the matches
  // among them taken; when the window holds too few, the matches are sorted in full (few are
  // recent, so the index walk would not end soon: the planner's correlation cliff, DESIGN §9).
  const windowPage = `
       recent AS (
         SELECT w.id, w.listed_at FROM (
           SELECT ${CANDIDATE_COLUMNS}, c.search FROM clips c
            WHERE ${LISTED}${newestAfter('c')}
            ORDER BY c.listed_at DESC, c.id DESC LIMIT ${NEWEST_WINDOW}) AS w
          WHERE %OVER% w.search @@ ${query}${filterSql(plan.filters, p, 'w')}
          ORDER BY w.listed_at DESC, w.id DESC LIMIT ${take}),
       sorted AS (
         SELECT c.id, c.listed_at FROM clips c
          WHERE %OVER% (SELECT count(*) FROM recent) <= ${plan.limit}
            AND c.search @@ ${query} AND ${LISTED}${filters}${newestAfter('c')}
          ORDER BY c.listed_at + interval '0' DESC, c.id DESC LIMIT ${take})`;
  const pageOf = (sources: string) => `
       page AS (
         SELECT id, row_number() OVER (ORDER BY listed_at DESC, id DESC) AS ord FROM (
           SELECT id, listed_at FROM (${sources}) AS s ORDER BY listed_at DESC, id DESC LIMIT ${take}) AS top)`;
  if (first) {
    const over = `(SELECT count(*) FROM candidates) > ${CATALOG_SEARCH_BOUND} AND`;
    const text = `WITH ${candidates(false)},
       exact AS (
         SELECT id, listed_at FROM candidates
          WHERE (SELECT count(*) FROM candidates) <= ${CATALOG_SEARCH_BOUND}
          ORDER BY listed_at DESC, id DESC LIMIT ${take}),
       ${windowPage.replaceAll('%OVER%', over)},
       ${pageOf(`SELECT * FROM exact UNION ALL SELECT * FROM recent WHERE (SELECT count(*) FROM recent) > ${plan.limit} UNION ALL SELECT * FROM sorted`)}
       SELECT ${nodes} AS nodes, ${matched} AS matched, ${itemsSql('NULL')} AS items,
              ${facets} AS facets, ${unknown} AS unknown`;
    return { text, values: p.values };
  }
  const text = `WITH ${windowPage.replaceAll('%OVER%', '')},
     ${pageOf(`SELECT * FROM recent WHERE (SELECT count(*) FROM recent) > ${plan.limit} UNION ALL SELECT * FROM sorted`)}
     SELECT ${nodes} AS nodes, NULL::int AS matched, ${itemsSql('NULL')} AS items,
            NULL::json AS facets, NULL::text[] AS unknown`;
  return { text, values: p.values };
}

/** A listed clip's card and details with its current policy version: one statement. */
export interface CatalogDetailRow extends CatalogItemRow {
  description: string | null;
  captions: string | null;
  camera_motion: string | null;
  setting: string | null;
  time_of_day: string | null;
  country: string | null;
  codec: string | null;
  policy_version: number;
  policy_hash: string;
}

export function catalogDetailStatement(clipId: string): { text: string; values: unknown[] } {
  return {
    text: `SELECT c.id, c.title, c.org_id, o.name AS org_name, c.category, c.tags, c.duration_ms,
                  c.width, c.height, c.fps::float8 AS fps, c.has_audio, c.thumbnail_key,
                  c.preview_key, c.listed_at, v.policy, NULL::text AS rank,
                  ${PREVIEW_ALLOWED} AS preview_allowed,
                  c.description, c.captions, c.camera_motion, c.setting, c.time_of_day, c.country,
                  c.codec, v.version AS policy_version, v.policy_hash
             FROM clips c
             JOIN organizations o ON o.id = c.org_id
             JOIN clip_policy_versions v ON v.id = c.current_policy_version_id
            WHERE c.id = $1::uuid AND ${LISTED}`,
    values: [clipId],
  };
}

/** The closest lexicon word to each of `words` (trigram distance, then frequency). */
export function suggestionStatement(words: string[]): { text: string; values: unknown[] } {
  return {
    text: `SELECT u.w AS "from", s.word AS "to"
             FROM unnest($1::text[]) AS u(w)
             CROSS JOIN LATERAL (
               SELECT word FROM catalog_lexicon ORDER BY word <-> u.w, ndoc DESC LIMIT 1) AS s
            WHERE similarity(s.word, u.w) >= 0.2`,
    values: [words],
  };
}
