import {
  AcceptInvitation,
  CreatedInvitation,
  Invitation,
  InvitationPreview,
  MyOrganization,
  type AcceptInvitationType,
  type CreateInvitationType,
} from '@clearframe/contracts/accounts';
import { listOf } from '@clearframe/contracts/common';
import { apiRequest, orgPath } from './client.server';

/** Invitations: what owners send, and what an invitee previews and accepts. */
export const invitationsApi = {
  listInvitations: (token: string, orgId: string) =>
    apiRequest(`${orgPath(orgId)}/invitations`, { token, schema: listOf(Invitation) }),
  createInvitation: (token: string, orgId: string, body: CreateInvitationType) =>
    apiRequest(`${orgPath(orgId)}/invitations`, {
      method: 'POST',
      token,
      body,
      schema: CreatedInvitation,
    }),
  revokeInvitation: (token: string, orgId: string, invitationId: string) =>
    apiRequest(`${orgPath(orgId)}/invitations/${encodeURIComponent(invitationId)}`, {
      method: 'DELETE',
      token,
    }),
  previewInvitation: (invitationToken: string) =>
    apiRequest(`/v1/invitations/${encodeURIComponent(invitationToken)}`, {
      schema: InvitationPreview,
    }),
  acceptInvitation: (token: string, body: AcceptInvitationType) =>
    apiRequest('/v1/invitations/accept', {
      method: 'POST',
      token,
      body: AcceptInvitation.parse(body),
      schema: MyOrganization,
    }),
};
