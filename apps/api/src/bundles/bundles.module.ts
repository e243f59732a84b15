import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { CatalogSearchModule } from '../clips/catalog-search.module.js';
import { ClipsModule } from '../clips/clips.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { BundleClipEntity, BundleEntity, RateCardEntity } from './bundle.entity.js';
import { BundlesController } from './bundles.controller.js';
import { BundlesRepository } from './bundles.repository.js';
import { BundlesService } from './bundles.service.js';
import { RateCardsController } from './rate-cards.controller.js';
import { RateCardsRepository } from './rate-cards.repository.js';
import { RateCardsService } from './rate-cards.service.js';
import { ExclusiveHoldsRepository } from './exclusive-holds.repository.js';
import { QuoteTokens } from './quote-tokens.js';
import { SigningModule } from '../signing/signing.module.js';

/**
 * The buying side's first part: labs' bundles with their live quotes, and the public rate card.
 * Reads clips and their policy versions through the clips domain's repositories, and adds a
 * search's results through the catalog's own search (`CatalogSearchRepository`). Exports the
 * rate card service (orders will price with it).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([BundleEntity, BundleClipEntity, RateCardEntity]),
    ClipsModule,
    CatalogSearchModule,
    OrganizationsModule,
    AuditModule,
    SigningModule,
  ],
  controllers: [BundlesController, RateCardsController],
  providers: [
    BundlesService,
    BundlesRepository,
    RateCardsService,
    RateCardsRepository,
    ExclusiveHoldsRepository,
    QuoteTokens,
  ],
  exports: [BundlesService, RateCardsService, QuoteTokens],
})
export class BundlesModule {}
