import {
  API_KEY_SCOPE_LABELS,
  type ApiKeyScopeType,
  type OrgKindType,
} from '@clearframe/contracts/accounts';
import { DomainError } from '../common/domain-error.js';

/** Refusals of the access guard; codes, statuses and people's sentences are in contracts. */
export const AccessErrors = {
  /** A programming error: every route must declare its audience (fail closed). */
  undeclaredRoute: () =>
    new DomainError('internal_error', 'This route does not declare who may call it.'),

  undeclaredOrg: () =>
    new DomainError('internal_error', 'Route reads an organization it did not declare.'),

  noCredential: () => new DomainError('unauthenticated', 'Sign in or send an API key to continue.'),

  unrecognisedCredential: () =>
    new DomainError('unauthenticated', 'The credential is not recognised.'),

  malformedAuthorization: () =>
    new DomainError('unauthenticated', 'Use "Authorization: Bearer <token>".'),

  signInRequired: () => new DomainError('unauthenticated', 'Sign in to continue.'),

  userRequired: () =>
    new DomainError('forbidden', 'This needs a signed-in person, not an API key.'),

  emailNotVerified: () =>
    new DomainError(
      'email_not_verified',
      'Confirm your email address first: open the link we emailed you, or ask for a new one.',
    ),

  /** An API key that lacks the scope the route names. */
  insufficientScope: (scope: ApiKeyScopeType) =>
    new DomainError(
      'insufficient_scope',
      `This route needs an API key with the scope ${scope} (${API_KEY_SCOPE_LABELS[scope].toLowerCase()}). Create a key that has it.`,
    ),

  operatorsOnly: () => new DomainError('forbidden', 'Only platform operators may do this.'),

  ownersOnly: () => new DomainError('forbidden', 'Only an owner of this organization can do this.'),

  wrongOrgKind: (kinds: OrgKindType[]) =>
    new DomainError('forbidden', `This is only available to ${kinds.join(' or ')} organizations.`),

  /** Also the answer for an org the caller is not in, so existence never leaks. */
  orgNotFound: () => new DomainError('not_found', 'Organization was not found.'),
};
