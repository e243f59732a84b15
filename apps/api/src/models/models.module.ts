import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { MailModule } from '../mail/mail.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { SigningModule } from '../signing/signing.module.js';
import { ClipLicensesController } from './clip-licenses.controller.js';
import { ClipLicensesRepository } from './clip-licenses.repository.js';
import { ClipLicensesService } from './clip-licenses.service.js';
import { CreatorWorkController } from './creator-work.controller.js';
import { CreatorWorkRepository } from './creator-work.repository.js';
import { CreatorWorkService } from './creator-work.service.js';
import { DisclosuresController } from './disclosures.controller.js';
import { DisclosuresRepository } from './disclosures.repository.js';
import { DisclosuresService } from './disclosures.service.js';
import { ModelsController } from './models.controller.js';
import { ModelsRepository } from './models.repository.js';
import { ModelsService } from './models.service.js';
import { OverdueDisclosuresController } from './overdue-disclosures.controller.js';
import { OverdueDisclosuresJobs } from './overdue-disclosures.jobs.js';
import { OverdueDisclosuresRepository } from './overdue-disclosures.repository.js';
import { OverdueDisclosuresService } from './overdue-disclosures.service.js';

/**
 * Transparency: a lab's models, the grants it declares per training stage, the signed public
 * disclosures built from them with their EU AI Act and Croissant exports, and each creator's
 * view of which labs and models used a clip, and the page a studio may make public of it.
 */
@Module({
  imports: [SigningModule, OrganizationsModule, AuditModule, MailModule],
  controllers: [
    ModelsController,
    DisclosuresController,
    ClipLicensesController,
    CreatorWorkController,
    OverdueDisclosuresController,
  ],
  providers: [
    ModelsService,
    ModelsRepository,
    DisclosuresService,
    DisclosuresRepository,
    ClipLicensesService,
    ClipLicensesRepository,
    CreatorWorkService,
    CreatorWorkRepository,
    OverdueDisclosuresService,
    OverdueDisclosuresRepository,
    OverdueDisclosuresJobs,
  ],
})
export class ModelsModule {}
