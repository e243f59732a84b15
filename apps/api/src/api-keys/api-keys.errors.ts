import {
  type ApiKeyScopeType,
  apiKeyScopesNotAllowedMessage,
  type OrgKindType,
} from '@clearframe/contracts/accounts';
import { DomainError, notFound } from '../common/domain-error.js';

/** The API keys domain's failures; codes, statuses and people's sentences are in contracts. */
export const ApiKeysErrors = {
  notFound: () => notFound('API key'),

  /** Malformed, unknown, or its organization is gone: the caller learns nothing more. */
  invalidKey: () => new DomainError('unauthenticated', 'The API key is not valid.'),

  revoked: () => new DomainError('api_key_revoked', 'This API key was revoked. Create a new one.'),

  /** The request asks for scopes the organization's kind may not hold (a field error on scopes). */
  scopesNotAllowed: (kind: OrgKindType, scopes: ApiKeyScopeType[]) =>
    new DomainError('validation_failed', 'The request body is not valid.', {
      errors: [
        {
          path: 'scopes',
          code: 'scope_not_allowed',
          message: apiKeyScopesNotAllowedMessage(kind, scopes),
        },
      ],
    }),
};
