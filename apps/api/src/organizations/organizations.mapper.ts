import type {
  InvitationPreviewType,
  InvitationType,
  MemberType,
  MyOrganizationType,
  OrganizationType,
  RoleType,
} from '@clearframe/contracts/accounts';
import type { InvitationRow } from './invitations.repository.js';
import type { OrganizationEntity } from './organization.entity.js';
import type { MemberRow } from './organizations.repository.js';

export function toOrganizationDto(org: OrganizationEntity): OrganizationType {
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    kind: org.kind,
    createdAt: org.createdAt.toISOString(),
  };
}

export function toMyOrganizationDto(org: OrganizationEntity, role: RoleType): MyOrganizationType {
  return { ...toOrganizationDto(org), role };
}

export function toMemberDto(member: MemberRow): MemberType {
  return {
    userId: member.userId,
    email: member.email,
    name: member.name,
    role: member.role,
    joinedAt: member.joinedAt.toISOString(),
  };
}

export function invitationStatus(invitation: InvitationRow, now: Date): InvitationType['status'] {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.revokedAt) return 'revoked';
  if (invitation.expiresAt <= now) return 'expired';
  return 'pending';
}

export function toInvitationDto(invitation: InvitationRow, now: Date): InvitationType {
  return {
    id: invitation.id,
    orgId: invitation.orgId,
    email: invitation.email,
    role: invitation.role,
    status: invitationStatus(invitation, now),
    invitedBy: invitation.inviterName,
    expiresAt: invitation.expiresAt.toISOString(),
    createdAt: invitation.createdAt.toISOString(),
  };
}

export function toInvitationPreviewDto(
  invitation: InvitationRow,
  org: OrganizationEntity,
  now: Date,
): InvitationPreviewType {
  return {
    orgName: org.name,
    orgKind: org.kind,
    email: invitation.email,
    role: invitation.role,
    invitedBy: invitation.inviterName,
    expiresAt: invitation.expiresAt.toISOString(),
    status: invitationStatus(invitation, now),
  };
}
