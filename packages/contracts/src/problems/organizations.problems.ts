import { problemCatalog } from './problem-catalog.js';

/** Organizations, members and invitations. */
export const ORGANIZATIONS_PROBLEMS = problemCatalog({
  already_member: {
    status: 409,
    title: 'Already a member',
    message: 'That person is already a member of this organization.',
  },
  last_owner: {
    status: 409,
    title: 'Last owner',
    message: 'An organization needs at least one owner. Make someone else an owner first.',
  },
  invitation_used: {
    status: 410,
    title: 'Invitation already used',
    message: 'This invitation has already been used.',
  },
  invitation_expired: {
    status: 410,
    title: 'Invitation no longer valid',
    message: 'This invitation has expired. Ask the organization owner for a new one.',
  },
  invitation_email_mismatch: {
    status: 403,
    title: 'Invitation is for another email',
    message:
      'This invitation was sent to a different email address than the one you are signed in with.',
  },
  billing_not_for_kind: {
    status: 409,
    title: 'Only labs are invoiced',
    message: 'Only a lab organization can be billed by invoice: creators and operators do not buy.',
  },
});
