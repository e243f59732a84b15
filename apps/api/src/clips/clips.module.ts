import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { MailModule } from '../mail/mail.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { CatalogController } from './catalog.controller.js';
import { CatalogService } from './catalog.service.js';
import { ClipFingerprintsRepository } from './clip-fingerprints.repository.js';
import { ClipEntity } from './clip.entity.js';
import { ClipPeopleRepository } from './clip-people.repository.js';
import { ClipPersonEntity } from './clip-person.entity.js';
import { ClipPolicyVersionEntity } from './clip-policy-version.entity.js';
import { ClipReviewEntity } from './clip-review.entity.js';
import { ClipReviewsRepository } from './clip-reviews.repository.js';
import { ClipViews } from './clip-views.js';
import { ClipsController } from './clips.controller.js';
import { ClipsRepository } from './clips.repository.js';
import { ClipsService } from './clips.service.js';
import { PersonEntity } from './person.entity.js';
import { PolicyVersionsRepository } from './policy-versions.repository.js';
import { ReleaseEntity } from './release.entity.js';
import { ReleasesController } from './releases.controller.js';
import { ReleasesRepository } from './releases.repository.js';
import { ReleasesService } from './releases.service.js';
import { ReviewController } from './review.controller.js';
import { ReviewService } from './review.service.js';

/**
 * Clips: their lifecycle from upload to listing (decision 011). The media side serves the upload
 * path; curation (description, people and releases, policy versions), the operators' review and
 * the public catalog are served here. Exports its services (the demo seed drives the same path).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      ClipEntity,
      ClipPolicyVersionEntity,
      PersonEntity,
      ReleaseEntity,
      ClipPersonEntity,
      ClipReviewEntity,
    ]),
    AuditModule,
    AccountsModule,
    OrganizationsModule,
    MailModule,
    StorageModule,
  ],
  controllers: [ClipsController, ReleasesController, ReviewController, CatalogController],
  providers: [
    ClipsService,
    ClipsRepository,
    PolicyVersionsRepository,
    ReleasesRepository,
    ClipPeopleRepository,
    ClipReviewsRepository,
    ClipViews,
    ReleasesService,
    ReviewService,
    CatalogService,
    ClipFingerprintsRepository,
  ],
  exports: [ClipsService, ReleasesService, ReviewService, CatalogService],
})
export class ClipsModule {}
