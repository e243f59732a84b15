import { z } from 'zod';
import type { OrgKindType } from './index.js';

/**
 * What an API key may do. A route that accepts keys names the one scope it needs; a key holds a
 * set of them, chosen when it is created from those its organization's kind may hold.
 */
export const ApiKeyScope = z.enum(
  [
    'catalog:read',
    'clips:read',
    'clips:write',
    'uploads:write',
    'bundles:write',
    'orders:read',
    'orders:write',
    'models:write',
  ],
  { message: 'Choose a scope from the list.' },
);
export type ApiKeyScopeType = z.infer<typeof ApiKeyScope>;

/**
 * The scopes a key of each organization kind may hold. Creators automate their supply (uploads,
 * clips); labs automate licensing (bundles, orders, models). Operators work only in person.
 */
export const API_KEY_SCOPES_BY_KIND: Readonly<Record<OrgKindType, readonly ApiKeyScopeType[]>> = {
  creator: ['catalog:read', 'clips:read', 'clips:write', 'uploads:write'],
  lab: ['catalog:read', 'bundles:write', 'orders:read', 'orders:write', 'models:write'],
  operator: [],
};

/** What each scope lets a key do, in the words the web shows next to its checkbox. */
export const API_KEY_SCOPE_LABELS: Readonly<Record<ApiKeyScopeType, string>> = {
  'catalog:read': 'Search and read the public catalog',
  'clips:read': 'Read your clips and their status',
  'clips:write': 'Edit your clips, their policies and listings',
  'uploads:write': 'Upload new footage',
  'bundles:write': 'Build bundles and get quotes',
  'orders:read': 'Read orders, licenses and downloads',
  'orders:write': 'Place and pay for orders',
  'models:write': 'Declare models and publish disclosures',
};

/** Whether organizations of `kind` have API keys at all (creators and labs do, operators not). */
export function orgKindHasApiKeys(kind: OrgKindType): boolean {
  return API_KEY_SCOPES_BY_KIND[kind].length > 0;
}

/** Whether a key of an organization of `kind` may hold `scope`. */
export function apiKeyScopeAllowed(kind: OrgKindType, scope: ApiKeyScopeType): boolean {
  return API_KEY_SCOPES_BY_KIND[kind].includes(scope);
}

/** The sentence for scopes a key of `kind` may not hold (`scopes` are the offending ones). */
export function apiKeyScopesNotAllowedMessage(
  kind: OrgKindType,
  scopes: readonly string[],
): string {
  const allowed = API_KEY_SCOPES_BY_KIND[kind];
  const an = /^[aeiou]/.test(kind) ? 'An' : 'A';
  if (allowed.length === 0) return `${an} ${kind} organization cannot have API keys.`;
  return `${an} ${kind} organization's key cannot hold ${scopes.join(', ')}. Choose from ${allowed.join(', ')}.`;
}

/** The scopes of `scopes` that a key of `kind` may not hold, in the order given, each once. */
export function apiKeyScopesNotAllowed(
  kind: OrgKindType,
  scopes: readonly ApiKeyScopeType[],
): ApiKeyScopeType[] {
  return [...new Set(scopes)].filter((scope) => !apiKeyScopeAllowed(kind, scope));
}

/** The scopes of a key: at least one, each once. */
export const ApiKeyScopes = z
  .array(ApiKeyScope, { message: 'Choose at least one scope.' })
  .min(1, { message: 'Choose at least one scope.' })
  .superRefine((scopes, ctx) => {
    const seen = new Set<string>();
    const repeated = new Set<string>();
    for (const scope of scopes) (seen.has(scope) ? repeated : seen).add(scope);
    if (repeated.size > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `Choose each scope once (repeated: ${[...repeated].join(', ')}).`,
      });
    }
  });
