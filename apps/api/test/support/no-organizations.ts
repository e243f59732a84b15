import type { AccountDeletionPlanType } from '@clearframe/contracts/accounts';
import { AccountOrganizations } from '../../src/accounts/account-organizations.port.js';

/**
 * The organizations port for specs that boot the accounts module alone: the people in them
 * belong to no organization, so a deletion deletes, blocks and leaves nothing.
 */
export class NoOrganizations extends AccountOrganizations {
  deletionPlan(): Promise<AccountDeletionPlanType> {
    return Promise.resolve(emptyPlan());
  }
  releaseMember(): Promise<AccountDeletionPlanType> {
    return Promise.resolve(emptyPlan());
  }
}

function emptyPlan(): AccountDeletionPlanType {
  return { deletedOrganizations: [], blockingOrganizations: [], leftOrganizations: [] };
}
