import { describe, expect, it } from '@jest/globals';
import type { z } from 'zod';
import { fieldErrorsFrom } from '../problem.js';
import {
  CreateApiKey,
  CreateInvitation,
  CreateOrganization,
  SignIn,
  SignUp,
  UpdateOrganization,
} from './index.js';

// Every human name the API accepts goes through DisplayName, so one table covers them all.
const bodies: Array<[string, z.ZodType, (name: string) => unknown]> = [
  [
    'SignUp',
    SignUp,
    (name) => ({ email: 'ana@example.com', password: 'correct horse battery', name }),
  ],
  ['CreateOrganization', CreateOrganization, (name) => ({ name, kind: 'creator' })],
  ['UpdateOrganization', UpdateOrganization, (name) => ({ name })],
  ['CreateApiKey', CreateApiKey, (name) => ({ name, scopes: ['catalog:read'] })],
];

describe('names in account bodies', () => {
  it.each(bodies)(
    '%s refuses NUL, bidi overrides, lone surrogates and zero-width characters at name',
    (_label, schema, body) => {
      for (const [bad, message] of [
        ['Ana\u0000Lima', 'Remove the control character U+0000.'],
        ['Ana\u202eamiL', 'Remove the text-direction control U+202E'],
        ['Ana\ud800', 'Remove the broken character U+D800'],
        ['Ad\u200bmin', 'Remove the invisible character U+200B.'],
        [' ', 'Enter a name.'],
        ['x'.repeat(121), 'Use at most 120 characters.'],
      ] as const) {
        const result = schema.safeParse(body(bad));
        expect(result.success).toBe(false);
        const errors = fieldErrorsFrom(result.error!);
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatchObject({ path: 'name', code: 'custom' });
        expect(errors[0]!.message.startsWith(message)).toBe(true);
      }
    },
  );

  it.each(bodies)(
    '%s accepts international names, normalised to NFC and trimmed',
    (_label, schema, body) => {
      for (const name of ['علی\u200cرضا', 'क्\u200dष', '山田 太郎', '👩\u200d💻 Lab', 'Zoë']) {
        expect(schema.parse(body(name))).toMatchObject({ name });
      }
      expect(schema.parse(body('  Zoe\u0308 '))).toMatchObject({ name: 'Zoë' });
    },
  );

  it('keeps emails and passwords under their own rules', () => {
    expect(CreateInvitation.parse({ email: ' Ana@Example.COM ' })).toEqual({
      email: 'ana@example.com',
      role: 'member',
    });
    expect(SignIn.safeParse({ email: 'ana@example.com', password: '' }).success).toBe(false);
  });
});
