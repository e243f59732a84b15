import type { AccountDeletionPlanType, AccountSessionType } from '@clearframe/contracts/accounts';
import { describe, expect, it } from '@jest/globals';
import { Outlet, type RouteObject } from 'react-router';
import AccountPage from './account';
import { renderRoutes, textOf, withRouteProps } from './route-render.test-helper';

const USER = {
  id: '11111111-1111-4111-8111-111111111111',
  email: 'dana@example.com',
  name: 'Dana Devices',
  emailVerified: true,
  isOperator: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};

const session = (n: number, device: string, current: boolean): AccountSessionType => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  device,
  ip: `203.0.113.${n}`,
  createdAt: '2026-03-01T09:00:00.000Z',
  lastSeenAt: `2026-03-0${n}T09:00:00.000Z`,
  current,
});

const org = (n: number, name: string, otherMembers: number) => ({
  id: `22222222-2222-4222-8222-22222222222${n}`,
  name,
  kind: 'creator' as const,
  otherMembers,
});

const routes = (plan: AccountDeletionPlanType): RouteObject[] => [
  {
    id: 'root',
    path: '/',
    Component: Outlet,
    children: [
      {
        id: 'account',
        path: 'account',
        loader: () => ({
          user: USER,
          sessionExpiresAt: null,
          sessions: [
            session(2, 'Safari 17 on iPhone', false),
            session(1, 'Firefox 133 on macOS', true),
          ],
          plan,
        }),
        Component: withRouteProps(AccountPage),
      },
    ],
  },
];

const render = async (plan: AccountDeletionPlanType) =>
  (await renderRoutes(routes(plan), new Request('http://web.test/account'))).html;

describe('account page', () => {
  it('lists the devices with a sign-out button for every one but this device', async () => {
    const html = await render({
      deletedOrganizations: [],
      blockingOrganizations: [],
      leftOrganizations: [],
    });
    const rows = textOf(html, 'li');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('Safari 17 on iPhone');
    expect(rows[0]).toContain('Sign out');
    expect(rows[1]).toContain('This device');
    expect(rows[1]).not.toContain('Sign out');
    expect(html).toContain('value="00000000-0000-4000-8000-000000000002"');
    expect(html).not.toContain('value="00000000-0000-4000-8000-000000000001"');
  });

  it('explains which organizations would be deleted or left before asking for the password', async () => {
    const html = await render({
      deletedOrganizations: [org(1, 'Solo Studio', 0)],
      blockingOrganizations: [],
      leftOrganizations: [org(2, 'Shared Studio', 3)],
    });
    expect(html).toContain('They are deleted with your account');
    expect(html).toContain('Solo Studio');
    expect(html).toContain('You leave these organizations');
    expect(html).toContain('Shared Studio');
    expect(html).toContain('value="delete-account"');
  });

  it('names the organizations that block deletion, links to their members and offers no delete button', async () => {
    const html = await render({
      deletedOrganizations: [],
      blockingOrganizations: [org(3, 'Busy Studio', 2)],
      leftOrganizations: [],
    });
    expect(html).toContain('Hand over these organizations first');
    expect(html).toContain('href="/orgs/22222222-2222-4222-8222-222222222223/settings/members"');
    expect(textOf(html, 'li')).toContain('Busy Studio — 2 other members');
    expect(html).not.toContain('value="delete-account"');
  });
});
