import type { InvitationType } from '@clearframe/contracts/accounts';
import { describe, expect, it } from '@jest/globals';
import { Outlet, type RouteObject } from 'react-router';
import InvitationsPage from './org-invitations';
import { renderRoutes, textOf, withRouteProps } from './route-render.test-helper';

const ORG_ID = '7b0f4f9e-5d3c-4a7e-9c1b-2f6e8d9a0b1c';
const ORG = {
  id: ORG_ID,
  name: 'Olive Studio',
  slug: 'olive-studio',
  kind: 'creator' as const,
  role: 'owner' as const,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const LINK = `http://localhost:3000/invitations/cfi_${'x'.repeat(43)}`;

function invitation(n: number, email: string, status: InvitationType['status']): InvitationType {
  return {
    id: `00000000-0000-4000-8000-00000000000${n}`,
    orgId: ORG_ID,
    email,
    role: 'member',
    status,
    invitedBy: 'Olive Owner',
    expiresAt: `2026-03-1${n}T09:00:00.000Z`,
    createdAt: `2026-03-0${n}T09:00:00.000Z`,
  };
}

// Ivy was invited, then invited again (the API revoked the first link); Max joined.
const invitations = [
  invitation(1, 'ivy@example.com', 'revoked'),
  invitation(2, 'max@example.com', 'accepted'),
  invitation(3, 'ivy@example.com', 'pending'),
];

const routes = (): RouteObject[] => [
  {
    id: 'root',
    path: '/',
    Component: Outlet,
    children: [
      {
        id: 'invitations',
        path: 'invitations',
        loader: () => ({ org: ORG, invitations }),
        action: () => ({ failure: null, created: { email: 'new@example.com', acceptUrl: LINK } }),
        Component: withRouteProps(InvitationsPage),
      },
    ],
  },
];

describe('invitations page', () => {
  it('lists each pending person once, and keeps closed invitations in a collapsed history', async () => {
    const { html } = await renderRoutes(routes(), new Request('http://web.test/invitations'));
    const [pending, past] = html.split('<details');
    expect(textOf(pending!, 'th').filter((cell) => cell.includes('@'))).toEqual([
      'ivy@example.com',
    ]);
    expect(pending).not.toContain('Withdrawn');
    expect(textOf(past!, 'summary')).toEqual(['Past invitations (1)']);
    expect(textOf(past!, 'th').filter((cell) => cell.includes('@'))).toEqual(['max@example.com']);
  });

  it('shows the whole invitation link in a selectable field after sending', async () => {
    const { html } = await renderRoutes(
      routes(),
      new Request('http://web.test/invitations', {
        method: 'POST',
        body: new URLSearchParams({ intent: 'invite', email: 'new@example.com' }),
      }),
    );
    expect(textOf(html, 'textarea')).toEqual([LINK]);
    expect(html).toMatch(/<textarea[^>]*readonly=""/);
  });
});
