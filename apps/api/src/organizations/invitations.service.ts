import { Injectable } from '@nestjs/common';
import type {
  CreateInvitationType,
  CreatedInvitationType,
  InvitationPreviewType,
  InvitationType,
  MyOrganizationType,
} from '@clearframe/contracts/accounts';
import type { UserEntity } from '../accounts/user.entity.js';
import { UsersService } from '../accounts/users.service.js';
import { AuditLog } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import type { OrgContext } from '../access/principal.js';
import { hashToken, randomToken } from '../common/tokens.js';
import { AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { Mailer } from '../mail/mailer.service.js';
import { InvitationsRepository } from './invitations.repository.js';
import type { InvitationEntity } from './invitation.entity.js';
import {
  type InvitationRow,
  invitationStatus,
  toInvitationDto,
  toInvitationPreviewDto,
  toMyOrganizationDto,
} from './organizations.mapper.js';
import { OrganizationsErrors } from './organizations.errors.js';
import { OrganizationsRepository } from './organizations.repository.js';
import { OrganizationsService } from './organizations.service.js';

const INVITATION_TTL_MS = 7 * 24 * 3_600_000;
const INVITATION_TOKEN_PREFIX = 'cfi_';

/** Invitations by email: a single-use link that adds the invitee with the offered role. */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly orgs: OrganizationsRepository,
    private readonly organizations: OrganizationsService,
    private readonly invitations: InvitationsRepository,
    private readonly users: UsersService,
    private readonly mailer: Mailer,
    private readonly audit: AuditLog,
  ) {}

  async invite(
    ctx: OrgContext,
    input: CreateInvitationType,
    inviter: UserEntity,
  ): Promise<CreatedInvitationType> {
    const token = randomToken(INVITATION_TOKEN_PREFIX);
    const now = this.clock.now();
    const invitation = await this.uow.run(async () => {
      if (await this.organizations.isMemberByEmail(ctx.org.id, input.email)) {
        throw OrganizationsErrors.alreadyMember(input.email, ctx.org.name);
      }
      // A new invitation replaces any open one for the same email, so only the latest link works.
      await this.invitations.revokeOpenFor(ctx.org.id, input.email, now);
      const created = await this.invitations.create({
        orgId: ctx.org.id,
        email: input.email,
        role: input.role,
        tokenHash: hashToken(token),
        invitedBy: inviter.id,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        now,
      });
      await this.audit.record({
        actor: { userId: inviter.id },
        action: 'org.invitation_created',
        orgId: ctx.org.id,
        target: { type: 'invitation', id: created.id },
        data: { email: input.email, role: input.role },
      });
      return created;
    });
    const acceptUrl = `${this.config.server.webOrigin}/invitations/${encodeURIComponent(token)}`;
    await this.mailer.send({
      to: input.email,
      tag: 'invitation',
      subject: `${inviter.name} invited you to ${ctx.org.name} on Clearframe`,
      links: [acceptUrl],
      text: [
        `${inviter.name} (${inviter.email}) invited you to join ${ctx.org.name} on Clearframe as ${input.role === 'owner' ? 'an owner' : 'a member'}.`,
        '',
        'Open this link to accept (valid for 7 days). Sign in or create an account with this email address first:',
        '',
        acceptUrl,
      ].join('\n'),
    });
    return {
      invitation: toInvitationDto({ ...invitation, inviterName: inviter.name }, now),
      acceptUrl,
    };
  }

  async list(ctx: OrgContext): Promise<InvitationType[]> {
    const now = this.clock.now();
    return (await this.withInviters(await this.invitations.listForOrg(ctx.org.id))).map((row) =>
      toInvitationDto(row, now),
    );
  }

  async revoke(ctx: OrgContext, invitationId: string, actorUserId: string): Promise<void> {
    await this.uow.run(async () => {
      const invitation = await this.invitations.findInOrg(ctx.org.id, invitationId);
      if (!invitation) throw OrganizationsErrors.invitationNotFound();
      if (invitation.acceptedAt) throw OrganizationsErrors.invitationAccepted();
      await this.invitations.revoke(ctx.org.id, invitationId, this.clock.now());
      await this.audit.record({
        actor: { userId: actorUserId },
        action: 'org.invitation_revoked',
        orgId: ctx.org.id,
        target: { type: 'invitation', id: invitationId },
      });
    });
  }

  /** What the invitee sees before accepting; the token itself is the credential. */
  async preview(token: string): Promise<InvitationPreviewType> {
    const found = await this.invitations.findByToken(token);
    const org = found && (await this.orgs.findById(found.orgId));
    if (!found || !org) throw OrganizationsErrors.invitationNotFound();
    const [invitation] = await this.withInviters([found]);
    return toInvitationPreviewDto(invitation!, org, this.clock.now());
  }

  /**
   * Accepts an invitation for the signed-in user. The row is locked so a link used twice at once
   * still adds one membership; the email must match the account that accepts.
   */
  async accept(token: string, user: UserEntity): Promise<MyOrganizationType> {
    return this.uow.run(async () => {
      const now = this.clock.now();
      const invitation = await this.invitations.findByToken(token, true);
      if (!invitation) throw OrganizationsErrors.invitationNotFound();
      const status = invitationStatus(invitation, now);
      if (status === 'accepted') throw OrganizationsErrors.invitationUsed();
      if (status !== 'pending') {
        throw OrganizationsErrors.invitationExpired();
      }
      if (invitation.email !== user.email) {
        throw OrganizationsErrors.invitationForAnotherEmail();
      }
      const org = await this.orgs.findById(invitation.orgId);
      if (!org) throw OrganizationsErrors.invitationNotFound();
      if (await this.orgs.findMembership(org.id, user.id)) {
        throw OrganizationsErrors.alreadyMemberSelf(org.name);
      }
      await this.orgs.addMember(org.id, user.id, invitation.role, now);
      await this.invitations.markAccepted(invitation.id, user.id, now);
      // The link was mailed to this address, so accepting it proves the address is the user's.
      await this.users.markEmailVerified(user.id, now);
      await this.audit.record({
        actor: { userId: user.id },
        action: 'org.invitation_accepted',
        orgId: org.id,
        target: { type: 'invitation', id: invitation.id },
      });
      return toMyOrganizationDto(org, invitation.role);
    });
  }

  private async withInviters(invitations: InvitationEntity[]): Promise<InvitationRow[]> {
    const people = await this.users.summaries(invitations.map((i) => i.invitedBy));
    return invitations.map((invitation) =>
      Object.assign(invitation, { inviterName: people.get(invitation.invitedBy)?.name ?? '' }),
    );
  }
}
