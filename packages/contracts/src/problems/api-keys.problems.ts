import { problemCatalog } from './problem-catalog.js';

/** Lab API keys. */
export const API_KEYS_PROBLEMS = problemCatalog({
  api_key_revoked: { status: 401, title: 'API key revoked' },
});
