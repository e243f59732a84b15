import { type MyOrganizationType, orgKindHasApiKeys } from '@clearframe/contracts/accounts';
import { Email } from '@clearframe/contracts/common';

// Two different bases: a path that stays on one after resolution but lands elsewhere on the
// other (or on a scheme-relative `//host`) would leave the site in a browser.
const BASE = new URL('http://same-site.invalid');
const OTHER_BASE = new URL('https://other-site.invalid');

// Control characters (tabs, newlines) are stripped by URL parsers and can smuggle a host in.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
// In a path, backslashes count as slashes in http(s) URLs (a query may carry them as data).
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_PATH = /[\u0000-\u001f\u007f\\]/;

/** Whether a path, decoded the way a careless proxy or a second redirect might, starts a host. */
function startsAHost(path: string): boolean {
  let current = path;
  // Up to three rounds of percent-decoding catch `%2f%2f` and `%252f%252f` alike.
  for (let round = 0; round < 3; round += 1) {
    if (current.startsWith('//') || UNSAFE_IN_PATH.test(current)) return true;
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return true;
    }
    if (decoded === current) return false;
    current = decoded;
  }
  return current.startsWith('//') || UNSAFE_IN_PATH.test(current);
}

/**
 * A same-site path to return to after signing in or switching organizations, or `fallback`.
 * The value is resolved the way a browser would resolve a `Location` header (dot segments,
 * `%2e%2e`, backslashes) and the normalised result is what comes back, so what was checked is
 * what is redirected to: `/a/..//evil.example`, `/%2e%2e//evil.example`, `/\evil.example`,
 * `//evil.example` and absolute URLs all fall back, so `redirectTo` is not an open redirect.
 */
export function safeRedirectPath(
  value: FormDataEntryValue | string | null | undefined,
  fallback = '/',
): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith('/') || CONTROL_CHARACTERS.test(value)) return fallback;
  if (UNSAFE_IN_PATH.test(value.split(/[?#]/, 1)[0]!)) return fallback;
  let resolved: URL;
  try {
    resolved = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (resolved.origin !== BASE.origin) return fallback;
  const path = resolved.pathname + resolved.search + resolved.hash;
  if (!path.startsWith('/') || startsAHost(resolved.pathname)) return fallback;
  // Idempotence: the normalised path must name the same place again on any other base.
  const again = new URL(path, OTHER_BASE);
  if (again.origin !== OTHER_BASE.origin || again.pathname !== resolved.pathname) return fallback;
  return path;
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
 * API-key pages exist only for creators and labs, so switching to an operator organization from one
 * lands on its settings.
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
  if (section === '/settings/api-keys' && !orgKindHasApiKeys(targetKind))
    return `/orgs/${orgId}/settings`;
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
