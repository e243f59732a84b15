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

  sessionEnded: () => new DomainError('session_expired'),
};
