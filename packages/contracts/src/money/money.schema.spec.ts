import { describe, expect, it } from '@jest/globals';
import { Money, SignedMoney } from './money.schema.js';

function firstIssue(value: unknown, schema = Money) {
  const result = schema.safeParse(value);
  return result.success
    ? undefined
    : {
        path: result.error.issues[0]!.path.join('.'),
        message: result.error.issues[0]!.message,
        code: result.error.issues[0]!.code,
      };
}

describe('Money schema', () => {
  it('accepts integer minor units with an ISO 4217 code', () => {
    expect(Money.parse({ amountMinor: 0, currency: 'USD' })).toEqual({
      amountMinor: 0,
      currency: 'USD',
    });
    expect(SignedMoney.parse({ amountMinor: -5, currency: 'KWD' }).amountMinor).toBe(-5);
  });

  it.each([
    ['negative', { amountMinor: -1, currency: 'USD' }, 'amountMinor'],
    ['fractional', { amountMinor: 1.5, currency: 'USD' }, 'amountMinor'],
    ['unsafe', { amountMinor: 2 ** 53, currency: 'USD' }, 'amountMinor'],
    ['string amount', { amountMinor: '100', currency: 'USD' }, 'amountMinor'],
    ['unknown currency', { amountMinor: 1, currency: 'ABC' }, 'currency'],
    ['withdrawn currency', { amountMinor: 1, currency: 'HRK' }, 'currency'],
    ['lower-case currency', { amountMinor: 1, currency: 'usd' }, 'currency'],
    ['unknown field', { amountMinor: 1, currency: 'USD', cents: true }, ''],
  ])('rejects %s money with a path', (_label, value, path) => {
    const issue = firstIssue(value);
    expect(issue).toBeDefined();
    expect(issue!.path).toBe(path);
  });

  it('explains an unknown currency in words', () => {
    expect(firstIssue({ amountMinor: 1, currency: 'ABC' })!.message).toMatch(
      /Unknown currency ABC/,
    );
  });
});
