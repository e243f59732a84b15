import type { AccountDeletionPlanType } from '@clearframe/contracts/accounts';

/**
 * What happens to a person's organizations when their account is deleted. Organizations know
 * (memberships, the last-owner rule), and sit above accounts, so accounts declares what it needs
 * and the app binds the organizations service to it, like `OperatorStatus`.
 */
export abstract class AccountOrganizations {
  /** Which organizations a deletion would delete, which block it, and which it would leave. */
  abstract deletionPlan(userId: string): Promise<AccountDeletionPlanType>;

  /**
   * Inside the deletion's unit of work: locks the person's organizations' memberships and, unless
   * the plan has blocking organizations (then it changes nothing), deletes the organizations the
   * person is alone in and records their leaving the others. Returns the plan.
   */
  abstract releaseMember(userId: string): Promise<AccountDeletionPlanType>;
}
