import type { MyOrganizationType } from '@clearframe/contracts/accounts';
import { describe, expect, it } from '@jest/globals';
import {
  isPast,
  pathAfterOrgSwitch,
  pickCurrentOrg,
  prefillEmail,
  safeRedirectPath,
} from './navigation';

const org = (id: string, kind: MyOrganizationType['kind'] = 'lab'): MyOrganizationType => ({
  id,
  name: `Org ${id}`,
  slug: `org-${id}`,
  kind,
  role: 'owner',
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('safeRedirectPath', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeRedirectPath('/orgs/1/settings?tab=x')).toBe('/orgs/1/settings?tab=x');
    expect(safeRedirectPath('/search?q=a\\b#top')).toBe('/search?q=a\\b#top');
  });

  it('returns the normalised path, which is what a browser would go to', () => {
    expect(safeRedirectPath('/a/../account')).toBe('/account');
    expect(safeRedirectPath('/./orgs/./new')).toBe('/orgs/new');
    expect(safeRedirectPath('/%2e%2e/account')).toBe('/account');
    expect(safeRedirectPath('/orgs/%2Fx')).toBe('/orgs/%2Fx');
  });

  it.each([
    ['protocol-relative', '//evil.example/path'],
    ['backslash trick', '/\\evil.example'],
    ['backslash later in the path', '/a/..\\/evil.example'],
    ['absolute URL', 'https://evil.example'],
    ['javascript URL', 'javascript:alert(1)'],
    ['relative path', 'account'],
    ['smuggled tab', '/\t/evil.example'],
    ['smuggled newline', '/\n/evil.example'],
    ['smuggled carriage return in a dot segment', '/a/..\r//evil.example'],
    ['dot segment that leaves a protocol-relative path', '/a/..//evil.example'],
    ['single dot segment before a second slash', '/.//evil.example'],
    ['encoded dot segment', '/%2e%2e//evil.example'],
    ['mixed-case encoded dot segment', '/%2E./%2fevil.example'],
    ['encoded slashes', '/%2f%2fevil.example'],
    ['encoded backslash', '/%5cevil.example'],
    ['double-encoded slashes', '/%252f%252fevil.example'],
    ['encoded tab', '/%09/evil.example'],
    ['empty', ''],
    ['overlong', `/${'a'.repeat(2048)}`],
  ])('refuses a %s', (_label, value) => {
    expect(safeRedirectPath(value, '/home')).toBe('/home');
  });

  it('refuses non-strings (a File from a crafted multipart form)', () => {
    expect(safeRedirectPath(new File(['x'], 'x.txt'), '/')).toBe('/');
    expect(safeRedirectPath(null)).toBe('/');
  });
});

describe('pickCurrentOrg', () => {
  const orgs = [org('a'), org('b'), org('c')];

  it('prefers the first id that names one of the person’s organizations', () => {
    expect(pickCurrentOrg(orgs, 'c', 'b')?.id).toBe('c');
    expect(pickCurrentOrg(orgs, undefined, 'b')?.id).toBe('b');
  });

  it('ignores ids of organizations the person is not in (a stale cookie)', () => {
    expect(pickCurrentOrg(orgs, 'gone', null)?.id).toBe('a');
  });

  it('is null when the person has no organization yet', () => {
    expect(pickCurrentOrg([], 'a')).toBeNull();
  });
});

describe('pathAfterOrgSwitch', () => {
  it('stays on the same settings section of the new organization', () => {
    expect(pathAfterOrgSwitch('/orgs/a/settings/members', 'b', 'creator')).toBe(
      '/orgs/b/settings/members',
    );
    expect(pathAfterOrgSwitch('/orgs/a/settings', 'b', 'lab')).toBe('/orgs/b/settings');
    expect(pathAfterOrgSwitch('/orgs/a/settings/api-keys', 'b', 'lab')).toBe(
      '/orgs/b/settings/api-keys',
    );
  });

  it('ignores the query of the page being left (a notice, filters of the old organization)', () => {
    expect(pathAfterOrgSwitch('/orgs/a/settings?notice=org-created', 'b', 'lab')).toBe(
      '/orgs/b/settings',
    );
    expect(pathAfterOrgSwitch('/orgs/a/settings/members?notice=joined', 'b', 'lab')).toBe(
      '/orgs/b/settings/members',
    );
    expect(pathAfterOrgSwitch('/account?notice=verification-sent&tab=x', 'b', 'lab')).toBe(
      '/account?tab=x',
    );
  });

  it('stays on the API-keys page for a creator studio, and leaves it for an operator organization', () => {
    expect(pathAfterOrgSwitch('/orgs/a/settings/api-keys', 'b', 'creator')).toBe(
      '/orgs/b/settings/api-keys',
    );
    expect(pathAfterOrgSwitch('/orgs/a/settings/api-keys', 'b', 'operator')).toBe(
      '/orgs/b/settings',
    );
  });

  it('stays on pages that are not about one organization', () => {
    expect(pathAfterOrgSwitch('/account', 'b', 'lab')).toBe('/account');
    expect(pathAfterOrgSwitch('/', 'b', 'lab')).toBe('/');
  });

  it('stays on the new-organization form, which is not an organization called "new"', () => {
    expect(pathAfterOrgSwitch('/orgs/new?kind=lab', 'b', 'lab')).toBe('/orgs/new?kind=lab');
  });

  it('never turns the return path into an open redirect', () => {
    expect(pathAfterOrgSwitch('//evil.example', 'b', 'lab')).toBe('/');
  });
});

describe('isPast', () => {
  it('compares against the given clock', () => {
    const now = new Date('2026-06-01T12:00:00Z');
    expect(isPast('2026-06-01T11:59:59Z', now)).toBe(true);
    expect(isPast('2026-06-01T12:00:00Z', now)).toBe(true);
    expect(isPast('2026-06-01T12:00:01+00:00', now)).toBe(false);
  });
});

describe('prefillEmail', () => {
  it('normalises a valid address from the query', () => {
    expect(prefillEmail(new URL('http://x/sign-up?email=%20Ana%40Example.COM'))).toBe(
      'ana@example.com',
    );
  });

  it.each([
    ['missing', 'http://x/sign-up'],
    ['not an email', 'http://x/sign-up?email=nope'],
    ['markup', 'http://x/sign-up?email=%3Cb%3E'],
  ])('ignores %s', (_label, href) => {
    expect(prefillEmail(new URL(href))).toBe('');
  });
});
