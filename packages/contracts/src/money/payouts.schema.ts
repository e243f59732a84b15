import { z } from 'zod';
import { COUNTRY_CODES } from '../license/country.data.js';
import { singleLineText } from '../text.js';

// How a creator studio gets paid (DESIGN §4 "Money"): a Stripe connected account, onboarded
// through Stripe's hosted account links, or — in embedded mode — payout details the studio
// enters itself, whose payouts are recorded as manual.

/**
 * Where a studio stands: `not_started` (nothing set up yet), `pending` (Stripe still needs
 * information or is verifying it), `ready` (payouts can be made), `restricted` (Stripe has
 * paused payouts for a reason other than missing information: a rejection, a review).
 */
export const PAYOUT_ACCOUNT_STATUSES = ['not_started', 'pending', 'ready', 'restricted'] as const;
export const PayoutAccountStatus = z.enum(PAYOUT_ACCOUNT_STATUSES);
export type PayoutAccountStatusType = z.infer<typeof PayoutAccountStatus>;

/** One thing the provider still needs: its own name for it and a sentence a person reads. */
export const PayoutRequirement = z.strictObject({
  code: z.string().min(1).max(200),
  label: z.string().min(1).max(500),
});
export type PayoutRequirementType = z.infer<typeof PayoutRequirement>;

/**
 * What the provider still needs before (or to keep) paying out: `currentlyDue` now, `pastDue`
 * overdue (payouts stop until they are given), and why payouts are off, in Stripe's words.
 */
export const PayoutRequirements = z.strictObject({
  currentlyDue: z.array(PayoutRequirement),
  pastDue: z.array(PayoutRequirement),
  disabledReason: z.string().max(200).nullable(),
});
export type PayoutRequirementsType = z.infer<typeof PayoutRequirements>;

/** Manual payout details as stored and shown: never the full account number, only its end. */
export const ManualPayoutDetails = z.strictObject({
  holderName: z.string(),
  /** The last four characters of the IBAN or account number. */
  accountLast4: z.string().regex(/^[0-9A-Z]{4}$/),
  country: z.enum(COUNTRY_CODES),
  bankName: z.string(),
});
export type ManualPayoutDetailsType = z.infer<typeof ManualPayoutDetails>;

/** `GET /v1/orgs/:orgId/payout-account`: a creator studio's payout account (owners only). */
export const PayoutAccount = z.strictObject({
  orgId: z.uuid(),
  /** The payment provider this deployment runs. */
  provider: z.enum(['offline', 'stripe']),
  /** How payouts are made: Stripe transfers, or recorded as manual (embedded mode). */
  payouts: z.enum(['stripe', 'manual']),
  status: PayoutAccountStatus,
  /** The Stripe connected account, once created. */
  accountId: z.string().nullable(),
  requirements: PayoutRequirements,
  manual: ManualPayoutDetails.nullable(),
  updatedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type PayoutAccountType = z.infer<typeof PayoutAccount>;

/**
 * `POST /v1/orgs/:orgId/payout-account/onboarding-link`: a Stripe-hosted onboarding link (it
 * works once and expires within minutes, so ask for one right before sending the person).
 */
export const PayoutOnboardingLink = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  expiresAt: z.iso.datetime({ offset: true }),
  account: PayoutAccount,
});
export type PayoutOnboardingLinkType = z.infer<typeof PayoutOnboardingLink>;

/** Letters and digits of an account number as people write them, spaces and dashes allowed. */
const ACCOUNT_NUMBER = /^[A-Za-z0-9][A-Za-z0-9 -]{2,44}[A-Za-z0-9]$/;

/**
 * An account number without its spaces and dashes, upper case (`fr76 3000…` → `FR763000…`).
 */
export function normalizeAccountNumber(value: string): string {
  return value.replace(/[\s-]/g, '').toUpperCase();
}

/** ISO 13616: two letters, two check digits, up to 30 letters and digits; mod 97 = 1. */
export function isValidIban(value: string): boolean {
  const iban = normalizeAccountNumber(value);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = `${iban.slice(4)}${iban.slice(0, 4)}`;
  let remainder = 0;
  for (const char of rearranged) {
    const digits = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/**
 * `PUT /v1/orgs/:orgId/payout-account/manual` (embedded mode only): where the studio wants to
 * be paid by hand. An IBAN (two letters then two digits) must pass its check digits; other
 * account numbers are 4–34 letters and digits. Only the last four characters are kept.
 * Messages never quote the number.
 */
export const SetManualPayoutDetails = z.strictObject({
  holderName: singleLineText({ max: 140, emptyMessage: 'Enter the account holder’s name.' }),
  accountNumber: z
    .string()
    .max(64, { message: 'Use at most 34 letters and digits.' })
    .superRefine((value, ctx) => {
      const number = normalizeAccountNumber(value);
      if (!ACCOUNT_NUMBER.test(value.trim()) || number.length < 4 || number.length > 34) {
        ctx.addIssue({
          code: 'custom',
          message: 'Enter the IBAN or account number: 4 to 34 letters and digits.',
        });
      } else if (/^[A-Z]{2}\d{2}/.test(number) && !isValidIban(number)) {
        ctx.addIssue({
          code: 'custom',
          message: 'This IBAN’s check digits do not match: check it for a typing mistake.',
        });
      }
    })
    // Check digits JSON Schema cannot say: a published test IBAN and a plain account number.
    .meta({ examples: ['DE89 3704 0044 0532 0130 00', '000123456789'] }),
  country: z.enum(COUNTRY_CODES, {
    error: () => 'Choose the country of the bank (ISO 3166-1 alpha-2, such as FR).',
  }),
  bankName: singleLineText({ max: 140, emptyMessage: 'Enter the bank’s name.' }),
});
export type SetManualPayoutDetailsType = z.infer<typeof SetManualPayoutDetails>;

/** Sentences for the requirements Stripe asks of creators most often. */
const REQUIREMENT_LABELS: Record<string, string> = {
  external_account: 'Add the bank account payouts go to.',
  'tos_acceptance.date': 'Accept Stripe’s services agreement.',
  'tos_acceptance.ip': 'Accept Stripe’s services agreement.',
  business_type: 'Say whether you are an individual or a company.',
  business_profile: 'Describe your business.',
  'business_profile.url': 'Give your website or a page that shows your work.',
  'business_profile.mcc': 'Say what kind of business you run.',
  'business_profile.product_description': 'Describe what you sell.',
  'individual.first_name': 'Give your first name.',
  'individual.last_name': 'Give your last name.',
  'individual.dob.day': 'Give your date of birth.',
  'individual.dob.month': 'Give your date of birth.',
  'individual.dob.year': 'Give your date of birth.',
  'individual.email': 'Give your email address.',
  'individual.phone': 'Give your phone number.',
  'individual.address.line1': 'Give your home address.',
  'individual.address.city': 'Give your home address.',
  'individual.address.postal_code': 'Give your home address.',
  'individual.address.state': 'Give your home address.',
  'individual.id_number': 'Give your national identity or tax number.',
  'individual.ssn_last_4': 'Give the last four digits of your social security number.',
  'individual.verification.document': 'Upload an identity document (passport or ID card).',
  'individual.verification.additional_document':
    'Upload a document that proves your address (a recent bill or bank statement).',
  'company.name': 'Give the company’s legal name.',
  'company.tax_id': 'Give the company’s tax number.',
  'company.address.line1': 'Give the company’s address.',
  'company.address.city': 'Give the company’s address.',
  'company.address.postal_code': 'Give the company’s address.',
  'company.phone': 'Give the company’s phone number.',
  'company.verification.document': 'Upload a document that proves the company is registered.',
  'representative.verification.document':
    'Upload an identity document for the company’s representative.',
  'representative.first_name': 'Name the company’s representative.',
  'representative.last_name': 'Name the company’s representative.',
  'owners.first_name': 'Name the company’s owners.',
  'owners.last_name': 'Name the company’s owners.',
  'settings.payments.statement_descriptor': 'Choose how you appear on bank statements.',
};

/**
 * A Stripe requirement (`individual.verification.document`, `external_account`, …) as a sentence
 * a person understands; one we have no sentence for is returned as Stripe names it. Person
 * requirements (`person_abc123.first_name`) read like the representative's.
 */
export function describePayoutRequirement(code: string): string {
  const known = REQUIREMENT_LABELS[code];
  if (known) return known;
  const person = /^person_[A-Za-z0-9]+\.(.+)$/.exec(code);
  if (person) {
    const field = REQUIREMENT_LABELS[`representative.${person[1]}`];
    if (field) return field;
  }
  return code;
}

/** The requirement names as the provider gave them, with their sentences, duplicates once. */
export function describePayoutRequirements(codes: readonly string[]): PayoutRequirementType[] {
  return [...new Set(codes)].map((code) => ({ code, label: describePayoutRequirement(code) }));
}
