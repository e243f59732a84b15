import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { MailModule } from '../mail/mail.module.js';
import { InvitationEntity } from './invitation.entity.js';
import { InvitationsController } from './invitations.controller.js';
import { InvitationsRepository } from './invitations.repository.js';
import { InvitationsService } from './invitations.service.js';
import { MembershipEntity } from './membership.entity.js';
import { OrgBillingController } from './org-billing.controller.js';
import { OrgBillingService } from './org-billing.service.js';
import { OrganizationEntity } from './organization.entity.js';
import { OrganizationsController } from './organizations.controller.js';
import { OrganizationsRepository } from './organizations.repository.js';
import { OrganizationsService } from './organizations.service.js';

/** Organizations, memberships and invitations. Exports the organizations service only. */
@Module({
  imports: [
    TypeOrmModule.forFeature([OrganizationEntity, MembershipEntity, InvitationEntity]),
    AccountsModule,
    MailModule,
    AuditModule,
  ],
  controllers: [OrganizationsController, InvitationsController, OrgBillingController],
  providers: [
    OrganizationsService,
    OrganizationsRepository,
    InvitationsService,
    InvitationsRepository,
    OrgBillingService,
  ],
  exports: [OrganizationsService],
})
export class OrganizationsModule {}
