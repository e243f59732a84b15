import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  CatalogClipDetail,
  CatalogPage,
  CatalogQuery,
  type CatalogQueryType,
  PolicyTemplateList,
} from '@clearframe/contracts/supply';
import { Public } from '../access/access.decorator.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { CatalogService } from './catalog.service.js';

/**
 * Public reads: the catalog of listed clips (previews only) and the license templates. Anyone
 * may call them, signed in, with a lab's API key, or neither.
 */
@Controller('v1')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('catalog')
  @Public()
  @Endpoint({
    summary:
      'Search listed clips: words (websearch syntax), facet filters and counts, relevance or newest first, keyset cursor (previews only)',
    query: CatalogQuery,
    response: CatalogPage,
  })
  list(@Query() query: CatalogQueryType) {
    return this.catalog.list(query);
  }

  @Get('catalog/clips/:clipId')
  @Public()
  @Endpoint({
    summary: 'A listed clip: metadata, policy, price per minute and preview',
    response: CatalogClipDetail,
  })
  get(@Param('clipId', UuidParam) clipId: string) {
    return this.catalog.detail(clipId);
  }

  @Get('policy-templates')
  @Public()
  @Endpoint({
    summary: 'The license templates a clip policy starts from',
    response: PolicyTemplateList,
  })
  templates() {
    return this.catalog.templates();
  }
}
