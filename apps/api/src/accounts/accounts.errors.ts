import type { SessionEndReason } from '@clearframe/contracts/problem';
import { DomainError } from '../common/domain-error.js';

/** The accounts domain's failures; codes, statuses and people's sentences are in contracts. */
export const AccountsErrors = {
  invalidCredentials: () =>
    new DomainError(
      'invalid_credentials',
      'The email or password is incorrect, or the email is not confirmed yet.',
    ),

  emailTaken: () =>
    new DomainError(
      'email_taken',
      'An account with this email already exists. Sign in, or reset your password.',
      {
        errors: [
          {
            path: 'email',
            message: 'An account with this email already exists.',
            code: 'email_taken',
          },
        ],
      },
    ),

  invalidToken: () =>
    new DomainError(
      'token_invalid',
      'This link is invalid, expired or already used. Ask for a new one.',
    ),

  /** No session for the token, or its user is gone. */
  unknownSession: () => new DomainError('unauthenticated'),

  /** The reason lets the device that was signed out tell its person why. */
  sessionEnded: (reason: SessionEndReason) =>
    new DomainError('session_expired', undefined, { reason }),

  sessionNotFound: () => new DomainError('not_found', 'That session was not found.'),

  wrongPassword: (path: string) =>
    new DomainError('wrong_password', 'The current password is not correct.', {
      errors: [{ path, message: 'That is not your current password.', code: 'wrong_password' }],
    }),

  /** Lists the organizations by name: the person has to act on each before deleting. */
  soleOwner: (orgs: { id: string; name: string; otherMembers: number }[]) =>
    new DomainError(
      'sole_owner_of_organizations',
      `You are the only owner of ${orgs.map((org) => org.name).join(', ')}, which ${orgs.length === 1 ? 'has' : 'have'} other members. Make one of them an owner first.`,
      {
        errors: orgs.map((org) => ({
          path: `organizations.${org.id}`,
          message: `${org.name} has ${org.otherMembers} other member${org.otherMembers === 1 ? '' : 's'} and no other owner.`,
          code: 'sole_owner',
        })),
      },
    ),
};
