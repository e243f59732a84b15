import type { InvitationType } from '@clearframe/contracts/accounts';

export interface InvitationLists {
  /** Invitations that can still be accepted: the list owners act on. */
  pending: InvitationType[];
  /** Accepted, expired and withdrawn invitations, for the collapsed history. */
  past: InvitationType[];
}

const newestFirst = (a: InvitationType, b: InvitationType) =>
  b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

/**
 * Splits an organization's invitations into the pending list and the history. Inviting the
 * same address again revokes the earlier invitation (the API's rule); that revoked or expired
 * earlier copy was replaced, not withdrawn, so it is left out of the history instead of
 * showing up as a duplicate "Revoked" row. Accepted invitations always stay: they record who
 * joined and when.
 */
export function splitInvitations(invitations: readonly InvitationType[]): InvitationLists {
  const newestByEmail = new Map<string, InvitationType>();
  for (const invitation of invitations) {
    const email = invitation.email.toLowerCase();
    const seen = newestByEmail.get(email);
    if (!seen || newestFirst(invitation, seen) < 0) newestByEmail.set(email, invitation);
  }
  const pending: InvitationType[] = [];
  const past: InvitationType[] = [];
  for (const invitation of invitations) {
    if (invitation.status === 'pending') pending.push(invitation);
    else if (
      invitation.status === 'accepted' ||
      newestByEmail.get(invitation.email.toLowerCase()) === invitation
    )
      past.push(invitation);
  }
  return { pending: pending.sort(newestFirst), past: past.sort(newestFirst) };
}
