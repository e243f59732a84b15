import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { Id, listOf, pageOf, Password } from './common.js';
import { fieldErrorsFrom, problemTypeUri } from './problem.js';

describe('Password', () => {
  it('asks for at least four different characters, and accepts four', () => {
    expect(Password.safeParse('aaaabbbbcccc').error!.issues[0]!.message).toBe(
      'Use a less repetitive password.',
    );
    expect(Password.parse('abcdabcdabcd')).toBe('abcdabcdabcd');
  });
});

describe('list responses', () => {
  const id = '6f1c2a9e-4b7d-4c1e-9a53-2d8e7f0b1c3a';

  it('pageOf is exactly { items, nextCursor }', () => {
    const page = pageOf(Id);
    expect(page.parse({ items: [id], nextCursor: null })).toEqual({
      items: [id],
      nextCursor: null,
    });
    expect(page.parse({ items: [], nextCursor: 'abc' })).toEqual({ items: [], nextCursor: 'abc' });
    expect(page.safeParse({ items: [id] }).success).toBe(false);
    expect(page.safeParse({ items: ['x'], nextCursor: null }).success).toBe(false);
    expect(page.safeParse({ items: [], nextCursor: null, total: 1 }).success).toBe(false);
  });

  it('listOf is exactly { items }', () => {
    const list = listOf(Id);
    expect(list.parse({ items: [id] })).toEqual({ items: [id] });
    expect(list.safeParse({}).success).toBe(false);
    expect(list.safeParse({ items: [], nextCursor: null }).success).toBe(false);
  });
});

describe('field errors', () => {
  const shape = z.strictObject({ a: z.strictObject({ b: z.string() }) });

  it('names one unknown field in the path and the message', () => {
    expect(fieldErrorsFrom(shape.safeParse({ a: { b: 'x', c: 1 } }).error!)).toEqual([
      { path: 'a.c', message: 'Unknown field: c.', code: 'unrecognized_keys' },
    ]);
  });

  it('lists several unknown fields at their parent', () => {
    expect(fieldErrorsFrom(shape.safeParse({ a: { b: 'x', c: 1, d: 2 } }).error!)).toEqual([
      { path: 'a', message: 'Unknown fields: c, d.', code: 'unrecognized_keys' },
    ]);
  });

  it('keeps the message of other issues', () => {
    expect(fieldErrorsFrom(shape.safeParse({ a: { b: 1 } }).error!)).toEqual([
      {
        path: 'a.b',
        message: 'Invalid input: expected string, received number',
        code: 'invalid_type',
      },
    ]);
  });

  it('gives each problem code a stable type URI', () => {
    expect(problemTypeUri('validation_failed')).toBe(
      'https://clearframe.dev/problems/validation-failed',
    );
  });
});
