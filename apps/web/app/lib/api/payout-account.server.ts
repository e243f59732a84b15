import {
  PayoutAccount,
  PayoutOnboardingLink,
  type SetManualPayoutDetailsType,
} from '@clearframe/contracts/money';
import { apiRequest, orgPath } from './client.server';

const accountPath = (orgId: string) => `${orgPath(orgId)}/payout-account`;

/** A creator studio's payout account (owners only): Stripe onboarding or manual details. */
export const payoutAccountsApi = {
  get: (token: string, orgId: string) =>
    apiRequest(accountPath(orgId), { token, schema: PayoutAccount }),
  onboardingLink: (token: string, orgId: string) =>
    apiRequest(`${accountPath(orgId)}/onboarding-link`, {
      method: 'POST',
      token,
      schema: PayoutOnboardingLink,
    }),
  setManual: (token: string, orgId: string, body: SetManualPayoutDetailsType) =>
    apiRequest(`${accountPath(orgId)}/manual`, {
      method: 'PUT',
      token,
      body,
      schema: PayoutAccount,
    }),
};
