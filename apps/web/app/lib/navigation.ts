import type { MyOrganizationType } from '@clearframe/contracts/accounts';
import { Email } from '@clearframe/contracts/common';

/**
 * A same-site path to return to after signing in or switching organizations, or `fallback`.
 * Anything that could leave the site (`//evil.example`, `/\evil.example`, absolute URLs) is
 * refused, so `redirectTo` cannot be used as an open redirect.
 */
export function safeRedirectPath(
  value: FormDataEntryValue | string | null | undefined,
  fallback = '/',
): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  // Control characters (tabs, newlines) are stripped by URL parsers and can smuggle a host in.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  return value;
}

/** The organization the layout treats as current: the one in the URL, else the cookie, else the first. */
export function pickCurrentOrg(
  organizations: readonly MyOrganizationType[],
  ...preferredIds: Array<string | null | undefined>
): MyOrganizationType | null {
  for (const id of preferredIds) {
    const match = id ? organizations.find((org) => org.id === id) : undefined;
    if (match) return match;
  }
  return organizations[0] ?? null;
}

/**
 * Where to go after switching to `orgId`: stay on the same settings page of the new
 * organization when the person was on one (members → members), otherwise stay where they were.
 * API-key pages exist only for labs, so switching to a creator studio from one lands on its settings.
 */
export function pathAfterOrgSwitch(
  currentPath: string,
  orgId: string,
  targetKind: MyOrganizationType['kind'],
): string {
  const safe = safeRedirectPath(currentPath);
  const url = new URL(safe, 'http://same-site.invalid');
  // A one-off notice ("Organization created") belonged to the page being left, not the next one.
  url.searchParams.delete('notice');
  // `/orgs/new` shares the `/orgs/<id>` shape but belongs to no organization.
  const match = /^\/orgs\/(?!new\/?$)[^/]+(\/settings(?:\/[a-z-]+)?)?\/?$/.exec(url.pathname);
  if (!match) return url.pathname + url.search;
  const section = match[1] ?? '/settings';
  if (section === '/settings/api-keys' && targetKind !== 'lab') return `/orgs/${orgId}/settings`;
  return `/orgs/${orgId}${section}`;
}

/** Whether an ISO timestamp is at or before `now`. */
export function isPast(timestamp: string, now: Date = new Date()): boolean {
  return Date.parse(timestamp) <= now.getTime();
}

/**
 * The `email` query parameter (set by invitation links) as a normalised address to prefill a
 * form with, or '' when absent or not an email: the person still types or confirms it.
 */
export function prefillEmail(url: URL): string {
  const parsed = Email.safeParse(url.searchParams.get('email') ?? '');
  return parsed.success ? parsed.data : '';
}
