import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work.js';
import { JobHandler } from '../jobs/job-handler.decorator.js';
import type { JobPayloads } from '../jobs/job-payloads.js';
import { CatalogSearchRepository } from './catalog-search.repository.js';

declare module '../jobs/job-payloads.js' {
  interface JobPayloads {
    /** Rebuilds the catalog's lexicon, the words "did you mean" suggestions are drawn from. */
    'catalog.lexicon': Record<string, never>;
  }
}

/** The catalog's background work. */
@Injectable()
export class CatalogJobs {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly search: CatalogSearchRepository,
  ) {}

  // Hourly on every deployment (pg-boss sends each occurrence once); one at a time. New words
  // reach suggestions within the hour; the search itself never waits for the lexicon.
  @JobHandler('catalog.lexicon', {
    policy: 'short',
    retryLimit: 2,
    retryDelay: 300,
    expireInSeconds: 900,
    cron: { expression: '17 * * * *', data: {} },
  })
  async lexicon(_data: JobPayloads['catalog.lexicon']): Promise<{ words: number }> {
    return { words: await this.uow.run(() => this.search.rebuildLexicon()) };
  }
}
