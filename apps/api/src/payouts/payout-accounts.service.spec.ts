import { describe, expect, it } from '@jest/globals';
import { readinessOf } from './payout-accounts.service.js';

const needs = (disabledReason: string | null, pastDue: string[] = []) => ({
  currentlyDue: [],
  pastDue,
  disabledReason,
});

describe('readinessOf', () => {
  it('is ready whenever Stripe says payouts are enabled', () => {
    expect(readinessOf(true, needs(null))).toBe('ready');
    expect(readinessOf(true, needs(null, ['external_account']))).toBe('ready');
  });

  it('is pending while information is still to give or being verified', () => {
    expect(readinessOf(false, needs(null))).toBe('pending');
    expect(readinessOf(false, needs('requirements.past_due', ['external_account']))).toBe(
      'pending',
    );
    expect(readinessOf(false, needs('requirements.pending_verification'))).toBe('pending');
  });

  it('is restricted when Stripe paused payouts for another reason', () => {
    for (const reason of ['rejected.fraud', 'under_review', 'platform_paused', 'listed', 'other']) {
      expect(readinessOf(false, needs(reason))).toBe('restricted');
    }
  });
});
