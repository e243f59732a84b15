import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { MailModule } from '../mail/mail.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { SigningModule } from '../signing/signing.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { CatalogCursors } from './catalog-cursor.js';
import { CatalogSearchModule } from './catalog-search.module.js';
import { CatalogController } from './catalog.controller.js';
import { CatalogJobs } from './catalog.jobs.js';
import { CatalogService } from './catalog.service.js';
import { ClipCurationService } from './clip-curation.service.js';
import { ClipPeopleRepository } from './clip-people.repository.js';
import { ClipPersonEntity } from './clip-person.entity.js';
import { ClipReviewEntity } from './clip-review.entity.js';
import { ClipReviewsRepository } from './clip-reviews.repository.js';
import { ClipViews } from './clip-views.js';
import { ClipsController } from './clips.controller.js';
import { ClipsModule } from './clips.module.js';
import { PersonEntity } from './person.entity.js';
import { ReleaseEntity } from './release.entity.js';
import { ReleasesController } from './releases.controller.js';
import { ReleasesRepository } from './releases.repository.js';
import { ReleasesService } from './releases.service.js';
import { ReviewController } from './review.controller.js';
import { ReviewService } from './review.service.js';

/**
 * Curation of clips (decision 011): description, people and releases, policy versions,
 * submission, the operators' review and the public catalog. Built on `ClipsModule`'s rows; kept
 * apart so the media side the upload path needs boots without storage, mail or accounts.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([PersonEntity, ReleaseEntity, ClipPersonEntity, ClipReviewEntity]),
    ClipsModule,
    AuditModule,
    AccountsModule,
    OrganizationsModule,
    MailModule,
    JobsModule,
    StorageModule,
    SigningModule,
    CatalogSearchModule,
  ],
  controllers: [ClipsController, ReleasesController, ReviewController, CatalogController],
  providers: [
    ClipCurationService,
    ReleasesRepository,
    ClipPeopleRepository,
    ClipReviewsRepository,
    ClipViews,
    ReleasesService,
    ReviewService,
    CatalogService,
    CatalogCursors,
    CatalogJobs,
  ],
  // For the demo seed, which drives the same path as people do.
  exports: [ClipCurationService, ReleasesService, ReviewService, CatalogService],
})
export class ClipCurationModule {}
