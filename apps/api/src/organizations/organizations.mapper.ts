import type {
  InvitationPreviewType,
  InvitationType,
  MemberType,
  MyOrganizationType,
  OrganizationType,
  RoleType,
} from '@clearframe/contracts/accounts';
import type { InvitationEntity } from './invitation.entity.js';
import type { OrganizationEntity } from './organization.entity.js';

/** An invitation with the name of the person who sent it. */
export type InvitationRow = InvitationEntity & { inviterName: string };

/** A membership with the member's identity, as the members list shows it. */
export interface MemberRow {
  userId: string;
  email: string;
  name: string;
  role: RoleType;
  joinedAt: Date;
}

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

export function invitationStatus(
  invitation: Pick<InvitationEntity, 'acceptedAt' | 'revokedAt' | 'expiresAt'>,
  now: Date,
): InvitationType['status'] {
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
