import { describe, expect, it } from '@jest/globals';
import type { ComponentType } from 'react';
import { data, Outlet, type RouteObject } from 'react-router';
import OrganizationSettingsLayout from './org-settings';
import { renderRoutes, withRouteProps } from './route-render.test-helper';

// Server-renders the real settings layout with a tab whose loader throws, through React
// Router's static handler (what the server does for a document request), and checks the page
// keeps the layout: a failing tab must not replace the whole page with the root error page.

const ORG = {
  id: '7b0f4f9e-5d3c-4a7e-9c1b-2f6e8d9a0b1c',
  name: 'Analytical Engines Lab',
  slug: 'analytical-engines-lab',
  kind: 'lab' as const,
  role: 'owner' as const,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const base = `/orgs/${ORG.id}/settings`;

const TABS = [
  ['general', './org-general', ''],
  ['members', './org-members', '/members'],
  ['invitations', './org-invitations', '/invitations'],
  ['api-keys', './org-api-keys', '/api-keys'],
] as const;

async function render(
  tabModule: string,
  tabPath: string,
  failure: () => never,
  org: { kind: 'creator' | 'lab' | 'operator'; role: 'owner' | 'member' } = ORG,
): Promise<{ status: number; html: string }> {
  const mod = (await import(tabModule)) as { ErrorBoundary?: ComponentType };
  const routes: RouteObject[] = [
    {
      id: 'root',
      path: '/',
      Component: () => (
        <main>
          <Outlet />
        </main>
      ),
      ErrorBoundary: () => <p>ROOT ERROR PAGE</p>,
      children: [
        {
          id: 'settings',
          path: 'orgs/:orgId/settings',
          loader: () => ({ org: { ...ORG, ...org } }),
          Component: withRouteProps(OrganizationSettingsLayout),
          children: [
            {
              id: 'tab',
              ...(tabPath ? { path: tabPath.slice(1) } : { index: true }),
              loader: failure,
              Component: () => <p>the tab</p>,
              ErrorBoundary: mod.ErrorBoundary,
            },
          ],
        },
      ],
    },
  ];
  return renderRoutes(routes, new Request(`http://web.test${base}${tabPath}`));
}

describe('settings tabs have their own error boundary', () => {
  it.each(TABS)(
    'a failing %s tab keeps the settings heading and tabs',
    async (_name, tabModule, tabPath) => {
      const { status, html } = await render(tabModule, tabPath, () => {
        throw new Error('database exploded: secret internals');
      });
      expect(status).toBe(500);
      expect(html).not.toContain('ROOT ERROR PAGE');
      expect(html).toMatch(new RegExp(`<h1[^>]*>${ORG.name}</h1>`));
      expect(html).toMatch(/<nav aria-label="Organization settings"/);
      for (const tab of ['General', 'Members', 'Invitations', 'API keys'])
        expect(html).toContain(`>${tab}</a>`);
      expect(html).toContain('This section could not be shown');
      // Outside development the internal message stays on the server.
      expect(html).not.toContain('secret internals');
      expect(html).not.toContain('the tab');
    },
  );

  it.each([
    ['creator', 'owner', ['General', 'Members', 'Invitations', 'API keys']],
    ['lab', 'member', ['General', 'Members', 'API keys']],
    ['operator', 'owner', ['General', 'Members', 'Invitations']],
  ] as const)('%s organizations show their %s the tabs %j', async (kind, role, tabs) => {
    const { html } = await render(
      './org-general',
      '',
      () => {
        throw new Error('no tab content needed');
      },
      { kind, role },
    );
    const nav = /<nav aria-label="Organization settings"[\s\S]*?<\/nav>/.exec(html)![0];
    expect([...nav.matchAll(/>([^<>]+)<\/a>/g)].map((match) => match[1])).toEqual(tabs);
  });

  it('shows the reason a tab gave (an API outage) inside the layout', async () => {
    const { status, html } = await render('./org-members', '/members', () => {
      throw data('Clearframe cannot reach its API right now. Try again in a moment.', {
        status: 503,
      });
    });
    expect(status).toBe(503);
    expect(html).toContain('Clearframe cannot reach its API right now.');
    expect(html).toContain('temporarily unavailable');
    expect(html).toMatch(/<nav aria-label="Organization settings"/);
  });
});
