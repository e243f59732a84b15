import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { MailModule } from '../mail/mail.module.js';
import { InvitationsController } from './invitations.controller.js';
import { InvitationsRepository } from './invitations.repository.js';
import { InvitationsService } from './invitations.service.js';
import { OrganizationsController } from './organizations.controller.js';
import { OrganizationsRepository } from './organizations.repository.js';
import { OrganizationsService } from './organizations.service.js';

@Module({
  imports: [AccountsModule, MailModule, AuditModule],
  controllers: [OrganizationsController, InvitationsController],
  providers: [
    OrganizationsService,
    OrganizationsRepository,
    InvitationsService,
    InvitationsRepository,
  ],
  exports: [OrganizationsService, OrganizationsRepository],
})
export class OrganizationsModule {}
