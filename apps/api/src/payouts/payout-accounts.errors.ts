import { DomainError } from '../common/domain-error.js';

/** The payout accounts' failures; none of them ever quotes an account number. */
export const PayoutAccountsErrors = {
  /** Stripe runs this deployment: payout details are given to Stripe, not to us. */
  manualDetailsNeedOfflineMode: () =>
    new DomainError(
      'conflict',
      'Payouts go through Stripe here: set them up with Stripe instead of entering bank details.',
    ),

  /** Embedded mode has no Stripe to onboard with: payouts are recorded as manual. */
  onboardingNeedsStripe: () =>
    new DomainError(
      'conflict',
      'Payouts are recorded as manual here: enter the payout details instead of onboarding with Stripe.',
    ),
};
