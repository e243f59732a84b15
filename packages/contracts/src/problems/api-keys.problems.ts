import { problemCatalog } from './problem-catalog.js';

/** API keys of creator and lab organizations. */
export const API_KEYS_PROBLEMS = problemCatalog({
  api_key_revoked: { status: 401, title: 'API key revoked' },
  /** The detail names the scope the route needs (`This route needs an API key with …`). */
  insufficient_scope: { status: 403, title: 'API key lacks a scope' },
});
