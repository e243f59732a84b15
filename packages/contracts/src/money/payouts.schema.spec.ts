import { describe, expect, it } from '@jest/globals';
import {
  describePayoutRequirement,
  describePayoutRequirements,
  isValidIban,
  SetManualPayoutDetails,
} from './payouts.schema.js';

const details = {
  holderName: 'Maya Okafor',
  accountNumber: 'FR14 2004 1010 0505 0001 3M02 606',
  country: 'FR',
  bankName: 'La Banque Postale',
};

describe('manual payout details', () => {
  it('accepts IBANs whose check digits hold, with spaces or lower case', () => {
    // Published examples: ISO 13616 check digits computed by the banks, not by this code.
    for (const iban of [
      'DE89370400440532013000',
      'GB82 WEST 1234 5698 7654 32',
      'fr1420041010050500013m02606',
      'NL91ABNA0417164300',
    ]) {
      expect(isValidIban(iban)).toBe(true);
    }
    expect(SetManualPayoutDetails.safeParse(details).success).toBe(true);
  });

  it('refuses an IBAN with one character changed, without quoting it', () => {
    expect(isValidIban('DE89370400440532013001')).toBe(false);
    expect(isValidIban('DE88370400440532013000')).toBe(false);
    const result = SetManualPayoutDetails.safeParse({
      ...details,
      accountNumber: 'DE89 3704 0044 0532 0130 01',
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['accountNumber', 'This IBAN’s check digits do not match: check it for a typing mistake.'],
    ]);
    expect(JSON.stringify(result.error!.issues.map((issue) => issue.message))).not.toContain(
      '0532',
    );
  });

  it('takes other account numbers of 4 to 34 letters and digits', () => {
    const ok = (accountNumber: string) =>
      SetManualPayoutDetails.safeParse({ ...details, accountNumber }).success;
    expect(ok('000123456789')).toBe(true);
    expect(ok('0001-2345-67')).toBe(true);
    expect(ok('123')).toBe(false);
    expect(ok('12 34 5$')).toBe(false);
    expect(ok('1'.repeat(35))).toBe(false);
    expect(SetManualPayoutDetails.safeParse({ ...details, country: 'XX' }).success).toBe(false);
  });
});

describe('payout requirements in plain words', () => {
  it('says the common ones as sentences and keeps unknown ones as Stripe names them', () => {
    expect(describePayoutRequirement('individual.verification.document')).toBe(
      'Upload an identity document (passport or ID card).',
    );
    expect(describePayoutRequirement('external_account')).toBe(
      'Add the bank account payouts go to.',
    );
    expect(describePayoutRequirement('tos_acceptance.date')).toBe(
      'Accept Stripe’s services agreement.',
    );
    expect(describePayoutRequirement('person_1AbC.verification.document')).toBe(
      'Upload an identity document for the company’s representative.',
    );
    expect(describePayoutRequirement('something.new')).toBe('something.new');
    expect(describePayoutRequirements(['external_account', 'external_account', 'x'])).toEqual([
      { code: 'external_account', label: 'Add the bank account payouts go to.' },
      { code: 'x', label: 'x' },
    ]);
  });
});
