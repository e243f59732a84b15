import { OneTimeTokenEntity } from '../accounts/one-time-token.entity.js';
import { SessionEntity } from '../accounts/session.entity.js';
import { UserEntity } from '../accounts/user.entity.js';
import { ApiKeyEntity } from '../api-keys/api-key.entity.js';
import { AuditEntryEntity } from '../audit/audit-entry.entity.js';
import { InvitationEntity } from '../organizations/invitation.entity.js';
import { MembershipEntity } from '../organizations/membership.entity.js';
import { OrganizationEntity } from '../organizations/organization.entity.js';

/** Every entity, listed explicitly (ESM builds cannot glob-load classes). */
export const ENTITIES = [
  UserEntity,
  SessionEntity,
  OneTimeTokenEntity,
  OrganizationEntity,
  MembershipEntity,
  InvitationEntity,
  ApiKeyEntity,
  AuditEntryEntity,
];
