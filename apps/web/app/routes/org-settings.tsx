import { orgKindHasApiKeys } from '@clearframe/contracts/accounts';
import { Badge, PageHeader, TabNav, tabLinkClasses } from '@clearframe/ui';
import { NavLink, Outlet } from 'react-router';
import { orgKindLabel, roleLabel } from '../lib/labels';
import { requireMembership, requireViewer } from '../lib/viewer.server';
import type { Route } from './+types/org-settings';

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData?.org.name ?? 'Organization'} settings · Clearframe` },
];

export function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  return { org: requireMembership(viewer, params.orgId) };
}

export default function OrganizationSettingsLayout({ loaderData }: Route.ComponentProps) {
  const { org } = loaderData;
  const base = `/orgs/${org.id}/settings`;
  const tabs = [
    { to: base, label: 'General', end: true },
    { to: `${base}/members`, label: 'Members' },
    ...(org.role === 'owner' ? [{ to: `${base}/invitations`, label: 'Invitations' }] : []),
    ...(orgKindHasApiKeys(org.kind) ? [{ to: `${base}/api-keys`, label: 'API keys' }] : []),
  ];
  return (
    <div>
      <PageHeader
        eyebrow={orgKindLabel(org.kind)}
        title={org.name}
        description={
          <span className="flex items-center gap-2">
            Your role{' '}
            <Badge tone={org.role === 'owner' ? 'info' : 'neutral'}>{roleLabel(org.role)}</Badge>
          </span>
        }
      />
      <TabNav label="Organization settings">
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink
              to={tab.to}
              end={tab.end}
              className={({ isActive }) => tabLinkClasses(isActive)}
            >
              {tab.label}
            </NavLink>
          </li>
        ))}
      </TabNav>
      <Outlet />
    </div>
  );
}
