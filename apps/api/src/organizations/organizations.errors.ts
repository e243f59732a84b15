import { DomainError, notFound } from '../common/domain-error.js';

/** The organizations domain's failures; codes, statuses and people's sentences are in contracts. */
export const OrganizationsErrors = {
  memberNotFound: () => notFound('Member'),

  invitationNotFound: () => notFound('Invitation'),

  /** The catalog's sentence is the detail: API clients and the web show the same words. */
  lastOwner: () => new DomainError('last_owner'),

  onlyOwnersRemoveOthers: () =>
    new DomainError('forbidden', 'Only an owner can remove other members.'),

  alreadyMember: (email: string, orgName: string) =>
    new DomainError('already_member', `${email} is already a member of ${orgName}.`, {
      errors: [
        { path: 'email', message: 'This person is already a member.', code: 'already_member' },
      ],
    }),

  alreadyMemberSelf: (orgName: string) =>
    new DomainError('already_member', `You are already a member of ${orgName}.`),

  invitationAccepted: () =>
    new DomainError('invitation_used', 'This invitation was already accepted.'),

  invitationUsed: () => new DomainError('invitation_used', 'This invitation was already used.'),

  invitationExpired: () =>
    new DomainError(
      'invitation_expired',
      'This invitation was revoked or has expired. Ask for a new one.',
    ),

  invitationForAnotherEmail: () =>
    new DomainError(
      'invitation_email_mismatch',
      'This invitation was sent to a different email address. Sign in with that address to accept it.',
    ),

  /** Only labs buy, so only labs are billed by invoice. */
  billingNotForKind: (orgName: string, kind: string) =>
    new DomainError(
      'billing_not_for_kind',
      `${orgName} is a ${kind} organization: only labs buy, so only labs are invoiced.`,
    ),
};
