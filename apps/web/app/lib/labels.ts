import type { OrgKindType, RoleType } from '@clearframe/contracts/accounts';

export function orgKindLabel(kind: OrgKindType): string {
  return kind === 'creator' ? 'Creator studio' : kind === 'lab' ? 'Lab' : 'Operator';
}

export function roleLabel(role: RoleType): string {
  return role === 'owner' ? 'Owner' : 'Member';
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/**
 * Dates render the same on the server and in the browser (fixed locale and UTC), so hydration
 * never disagrees with the server's HTML.
 */
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

export function formatDateTime(iso: string): string {
  return `${dateTimeFormat.format(new Date(iso))} UTC`;
}
