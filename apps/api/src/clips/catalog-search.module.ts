import { Module } from '@nestjs/common';
import { CatalogSearchPool } from './catalog-search.pool.js';
import { CatalogSearchRepository } from './catalog-search.repository.js';

/**
 * The catalog search alone: its pool (one per process: its connections count against the
 * database's limit) and its statements. The public catalog builds its pages on it, and bundles
 * snapshot a search's matches with it without booting the catalog's storage and signing.
 */
@Module({
  providers: [CatalogSearchPool, CatalogSearchRepository],
  exports: [CatalogSearchRepository],
})
export class CatalogSearchModule {}
