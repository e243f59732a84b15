import { describe, expect, it } from '@jest/globals';
import { fieldErrorsFrom } from '../problem.js';
import {
  API_KEY_SCOPE_LABELS,
  API_KEY_SCOPES_BY_KIND,
  ApiKeyScope,
  apiKeyScopeAllowed,
  apiKeyScopesNotAllowed,
  CreateApiKey,
  CreateApiKeyForKind,
  orgKindHasApiKeys,
} from './index.js';

const errorsOf = (result: { success: boolean; error?: unknown }) =>
  result.success ? [] : fieldErrorsFrom(result.error as Parameters<typeof fieldErrorsFrom>[0]);

describe('API key scopes', () => {
  it('are the vocabulary routes name, each with a label for people', () => {
    expect(ApiKeyScope.options).toEqual([
      'catalog:read',
      'clips:read',
      'clips:write',
      'uploads:write',
      'bundles:write',
      'orders:read',
      'orders:write',
      'models:write',
    ]);
    expect(Object.keys(API_KEY_SCOPE_LABELS).sort()).toEqual([...ApiKeyScope.options].sort());
    for (const label of Object.values(API_KEY_SCOPE_LABELS)) expect(label).toMatch(/^[A-Z]\w/);
  });

  it('are split by organization kind: creators supply, labs license, operators hold none', () => {
    expect(API_KEY_SCOPES_BY_KIND).toEqual({
      creator: ['catalog:read', 'clips:read', 'clips:write', 'uploads:write'],
      lab: ['catalog:read', 'bundles:write', 'orders:read', 'orders:write', 'models:write'],
      operator: [],
    });
    // Every scope belongs to some kind, so no route can name one no key may hold.
    const held = new Set(Object.values(API_KEY_SCOPES_BY_KIND).flat());
    expect([...ApiKeyScope.options].filter((scope) => !held.has(scope))).toEqual([]);
    expect(['creator', 'lab', 'operator'].map((k) => orgKindHasApiKeys(k as never))).toEqual([
      true,
      true,
      false,
    ]);
    expect(apiKeyScopeAllowed('creator', 'uploads:write')).toBe(true);
    expect(apiKeyScopeAllowed('lab', 'uploads:write')).toBe(false);
    expect(apiKeyScopeAllowed('operator', 'catalog:read')).toBe(false);
    expect(
      apiKeyScopesNotAllowed('lab', ['clips:write', 'catalog:read', 'clips:write', 'clips:read']),
    ).toEqual(['clips:write', 'clips:read']);
  });

  describe('in a new key', () => {
    it('are required, at least one, each once, from the vocabulary', () => {
      expect(CreateApiKey.parse({ name: 'k', scopes: ['orders:read'] })).toEqual({
        name: 'k',
        scopes: ['orders:read'],
      });
      expect(errorsOf(CreateApiKey.safeParse({ name: 'k' }))).toEqual([
        { path: 'scopes', code: 'invalid_type', message: 'Choose at least one scope.' },
      ]);
      expect(errorsOf(CreateApiKey.safeParse({ name: 'k', scopes: [] }))).toEqual([
        { path: 'scopes', code: 'too_small', message: 'Choose at least one scope.' },
      ]);
      expect(
        errorsOf(
          CreateApiKey.safeParse({
            name: 'k',
            scopes: ['orders:read', 'catalog:read', 'orders:read', 'catalog:read'],
          }),
        ),
      ).toEqual([
        {
          path: 'scopes',
          code: 'custom',
          message: 'Choose each scope once (repeated: orders:read, catalog:read).',
        },
      ]);
      expect(
        errorsOf(CreateApiKey.safeParse({ name: 'k', scopes: ['catalog:read', 'admin'] })),
      ).toEqual([
        { path: 'scopes.1', code: 'invalid_value', message: 'Choose a scope from the list.' },
      ]);
      // Case and spacing are not forgiven: a scope is an identifier.
      expect(CreateApiKey.safeParse({ name: 'k', scopes: ['Catalog:Read'] }).success).toBe(false);
      expect(CreateApiKey.safeParse({ name: 'k', scopes: [' catalog:read'] }).success).toBe(false);
    });

    it('for a kind, refuse the scopes that kind may not hold and name them', () => {
      const lab = CreateApiKeyForKind('lab');
      expect(lab.parse({ name: 'k', scopes: ['orders:write', 'catalog:read'] }).scopes).toEqual([
        'orders:write',
        'catalog:read',
      ]);
      expect(
        errorsOf(lab.safeParse({ name: 'k', scopes: ['catalog:read', 'uploads:write'] })),
      ).toEqual([
        {
          path: 'scopes',
          code: 'custom',
          message:
            "A lab organization's key cannot hold uploads:write. Choose from catalog:read, bundles:write, orders:read, orders:write, models:write.",
        },
      ]);
      expect(
        errorsOf(
          CreateApiKeyForKind('creator').safeParse({
            name: 'k',
            scopes: ['orders:write', 'models:write'],
          }),
        )[0]!.message,
      ).toBe(
        "A creator organization's key cannot hold orders:write, models:write. Choose from catalog:read, clips:read, clips:write, uploads:write.",
      );
      expect(
        errorsOf(
          CreateApiKeyForKind('operator').safeParse({ name: 'k', scopes: ['catalog:read'] }),
        ),
      ).toEqual([
        {
          path: 'scopes',
          code: 'custom',
          message: 'An operator organization cannot have API keys.',
        },
      ]);
    });
  });
});
