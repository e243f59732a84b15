import {
  Member,
  MyOrganization,
  type CreateOrganizationType,
  type UpdateMemberType,
  type UpdateOrganizationType,
} from '@clearframe/contracts/accounts';
import { listOf } from '@clearframe/contracts/common';
import { apiRequest, orgPath } from './client.server';

/** Organizations and their members. */
export const orgsApi = {
  createOrg: (token: string, body: CreateOrganizationType) =>
    apiRequest('/v1/orgs', { method: 'POST', token, body, schema: MyOrganization }),
  getOrg: (token: string, orgId: string) =>
    apiRequest(orgPath(orgId), { token, schema: MyOrganization }),
  updateOrg: (token: string, orgId: string, body: UpdateOrganizationType) =>
    apiRequest(orgPath(orgId), { method: 'PATCH', token, body, schema: MyOrganization }),

  listMembers: (token: string, orgId: string) =>
    apiRequest(`${orgPath(orgId)}/members`, { token, schema: listOf(Member) }),
  updateMember: (token: string, orgId: string, userId: string, body: UpdateMemberType) =>
    apiRequest(`${orgPath(orgId)}/members/${encodeURIComponent(userId)}`, {
      method: 'PATCH',
      token,
      body,
      schema: Member,
    }),
  removeMember: (token: string, orgId: string, userId: string) =>
    apiRequest(`${orgPath(orgId)}/members/${encodeURIComponent(userId)}`, {
      method: 'DELETE',
      token,
    }),
};
