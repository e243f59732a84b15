import { Injectable } from '@nestjs/common';
import { CATALOG_SEARCH_BOUND } from '@clearframe/contracts/supply';
import { DomainError } from '../common/domain-error.js';
import { sqlRows } from '../database/sql.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { CatalogSearchPool } from './catalog-search.pool.js';
import {
  type CatalogDetailRow,
  catalogDetailStatement,
  catalogSearchStatement,
  type CatalogSearchPlan,
  type CatalogSearchQuery,
  type CatalogSearchRow,
  searchKeyOf,
  suggestionStatement,
} from './catalog-search.sql.js';

/**
 * The catalog search's reads, on the search pool (its own settings and timeout), and the
 * lexicon's rebuild, on the app's connection like any other write.
 */
@Injectable()
export class CatalogSearchRepository {
  constructor(
    private readonly pool: CatalogSearchPool,
    private readonly uow: UnitOfWork,
  ) {}

  async search(plan: CatalogSearchPlan): Promise<CatalogSearchRow> {
    const { text, values } = catalogSearchStatement(plan);
    const [row] = await this.pool.query<CatalogSearchRow>(text, values);
    return row!;
  }

  /**
   * The ids of the first `cap` clips a search matches, in its order (what walking its pages from
   * the first would show), with the match count as `GET /v1/catalog` states it and whether more
   * than `cap` matched: the same statement as a page of `cap`, so there is one search. A bundle's
   * "add all results" takes this snapshot.
   */
  async matchingIds(query: CatalogSearchQuery, cap: number): Promise<CatalogSnapshot> {
    const key = searchKeyOf(query);
    const row = await this.search({ ...key, limit: cap, after: null, words: [] });
    if (key.q !== null && row.nodes === 0) throw noSearchTerms();
    const rows = row.items ?? [];
    return {
      ids: rows.slice(0, cap).map((item) => item.id),
      matched: {
        count: Math.min(row.matched ?? 0, CATALOG_SEARCH_BOUND),
        approximate: (row.matched ?? 0) > CATALOG_SEARCH_BOUND,
      },
      truncated: rows.length > cap,
    };
  }

  /** A listed clip with its current policy version, or null for any other state or id. */
  async detail(clipId: string): Promise<CatalogDetailRow | null> {
    const { text, values } = catalogDetailStatement(clipId);
    const [row] = await this.pool.query<CatalogDetailRow>(text, values);
    return row ?? null;
  }

  /** The closest catalog word to each of `words`, when one is close enough. */
  closestWords(words: string[]): Promise<{ from: string; to: string }[]> {
    const { text, values } = suggestionStatement(words);
    return this.pool.query(text, values);
  }

  /**
   * Rebuilds the lexicon from the words of listed clips (unstemmed: suggestions are words people
   * type), letters only, at least three of them. Runs in the caller's transaction, so readers
   * see the old lexicon or the new one, never an empty one.
   */
  async rebuildLexicon(): Promise<number> {
    const manager = this.uow.manager();
    await manager.query(`DELETE FROM catalog_lexicon`);
    const rows = await sqlRows<{ n: number }>(
      manager,
      `WITH inserted AS (
         INSERT INTO catalog_lexicon (word, ndoc)
         SELECT word, ndoc FROM ts_stat($$
           SELECT to_tsvector('simple'::regconfig, title || ' ' || catalog_tags_text(tags) || ' ' ||
                  coalesce(captions, '') || ' ' || coalesce(description, ''))
             FROM clips WHERE state = 'listed' $$)
          WHERE word ~ '^[[:alpha:]]{3,}$'
         RETURNING 1)
       SELECT count(*)::int AS n FROM inserted`,
    );
    return rows[0]?.n ?? 0;
  }
}

/** The ids a search matched, up to a cap, in the search's order. */
export interface CatalogSnapshot {
  ids: string[];
  /** Counted up to CATALOG_SEARCH_BOUND; `approximate` when more matched. */
  matched: { count: number; approximate: boolean };
  /** More clips matched than the cap let in. */
  truncated: boolean;
}

/** A query of stop words and punctuation only: nothing to search for. */
export function noSearchTerms(): DomainError {
  return new DomainError('validation_failed', 'The search has no words to look for.', {
    errors: [
      {
        path: 'q',
        message: 'Use at least one word that is not a stop word like “the” or “and”.',
        code: 'no_search_terms',
      },
    ],
  });
}
