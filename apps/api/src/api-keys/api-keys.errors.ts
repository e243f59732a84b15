import { DomainError, notFound } from '../common/domain-error.js';

/** The API keys domain's failures; codes, statuses and people's sentences are in contracts. */
export const ApiKeysErrors = {
  notFound: () => notFound('API key'),

  /** Malformed, unknown, or its organization is gone: the caller learns nothing more. */
  invalidKey: () => new DomainError('unauthenticated', 'The API key is not valid.'),

  revoked: () => new DomainError('api_key_revoked', 'This API key was revoked. Create a new one.'),
};
