import type { RoleType } from '@clearframe/contracts/accounts';
import type { SessionEntity } from '../accounts/session.entity.js';
import type { UserEntity } from '../accounts/user.entity.js';
import type { ApiKeyEntity } from '../api-keys/api-key.entity.js';
import type { AppRequest } from '../common/http/request.js';
import type { OrganizationEntity } from '../organizations/organization.entity.js';

/** Who is calling, as the access guard resolved it from the credential. */
export type Principal =
  | { type: 'user'; user: UserEntity; session: SessionEntity }
  | { type: 'api_key'; apiKey: ApiKeyEntity; org: OrganizationEntity };

/** The caller on routes that require a signed-in person. */
export type UserPrincipal = Extract<Principal, { type: 'user' }>;

/** The organization a request acts on, resolved by the access guard from `:orgId`. */
export interface OrgContext {
  org: OrganizationEntity;
  /** The caller's role; an API key acts as a `member` of its own organization. */
  role: RoleType;
}

/** A request the access guard has looked at. */
export interface AccessRequest extends AppRequest {
  principal?: Principal;
  orgContext?: OrgContext;
}
