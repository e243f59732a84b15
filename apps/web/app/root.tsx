import {
  Alert,
  Button,
  PageLayout,
  buttonClasses,
  navLinkClasses,
  textLinkClasses,
} from '@clearframe/ui';
import type { ReactNode } from 'react';
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
} from 'react-router';
import type { Route } from './+types/root';
import stylesheet from './app.css?url';
import { OrgSwitcher } from './components/org-switcher';
import { describeRouteError } from './components/route-error';
import { useRootData } from './lib/root-data';
import { readOrgId } from './lib/cookies.server';
import { publicEnv } from './lib/env.server';
import { pickCurrentOrg } from './lib/navigation';
import { NOTICES, noticeFrom } from './lib/notices';
import { sameOriginMiddleware } from './lib/same-origin.server';
import { getSessionEnded, getViewer, sessionMiddleware } from './lib/viewer.server';

// The origin check runs first, so a cross-site write reaches neither the API (not even a
// session refresh) nor any action.
export const middleware: Route.MiddlewareFunction[] = [sameOriginMiddleware, sessionMiddleware];

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = getViewer(context);
  const env = publicEnv();
  // A session that ended (signed out everywhere, …) is explained on whatever page comes next.
  if (!viewer)
    return { viewer: null, currentOrg: null, env, sessionEnded: getSessionEnded(context) };
  const { user, organizations } = viewer.me;
  // The organization in the URL wins (you are looking at it); otherwise the switcher's cookie.
  const currentOrg = pickCurrentOrg(organizations, params.orgId, await readOrgId(request));
  return { viewer: { user, organizations }, currentOrg, env, sessionEnded: null };
}

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta
          name="description"
          content="Clearframe: license video footage to AI labs with consent, fair pay and verifiable provenance."
        />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

function Brand() {
  return (
    <Link
      to="/"
      className="flex items-center gap-2 rounded-md text-lg font-bold tracking-tight text-slate-900 no-underline"
    >
      <svg viewBox="0 0 24 24" className="size-7" aria-hidden="true">
        <rect x="2" y="4" width="20" height="16" rx="3" className="fill-indigo-700" />
        <rect x="6" y="8" width="12" height="8" rx="1.5" className="fill-white" />
        <path d="M10 10.2v3.6l3.2-1.8z" className="fill-indigo-700" />
      </svg>
      Clearframe
    </Link>
  );
}

function Frame({ children }: { children: ReactNode }) {
  const root = useRootData();
  const location = useLocation();
  const viewer = root?.viewer ?? null;
  const currentOrg = root?.currentOrg ?? null;
  const notice =
    noticeFrom(new URL(location.pathname + location.search, 'http://local')) ??
    (root?.sessionEnded ? NOTICES[root.sessionEnded] : null);

  const nav = viewer ? (
    <>
      <NavLink to="/" end className={({ isActive }) => navLinkClasses(isActive)}>
        Home
      </NavLink>
      {currentOrg?.kind === 'creator' && (
        <NavLink
          to={`/studio/${currentOrg.id}`}
          className={({ isActive }) => navLinkClasses(isActive)}
        >
          Studio
        </NavLink>
      )}
      {viewer.user.isOperator && (
        <NavLink to="/review" className={({ isActive }) => navLinkClasses(isActive)}>
          Review
        </NavLink>
      )}
      {viewer.user.isOperator && (
        <NavLink to="/operator/payouts" className={({ isActive }) => navLinkClasses(isActive)}>
          Payouts
        </NavLink>
      )}
      {viewer.user.isOperator && (
        <NavLink to="/operator/disclosures" className={({ isActive }) => navLinkClasses(isActive)}>
          Disclosures
        </NavLink>
      )}
      <NavLink to="/catalog" className={({ isActive }) => navLinkClasses(isActive)}>
        Catalog
      </NavLink>
      {currentOrg?.kind === 'lab' && (
        <NavLink
          to={`/bundles/${currentOrg.id}`}
          className={({ isActive }) => navLinkClasses(isActive)}
        >
          Bundles
        </NavLink>
      )}
      {currentOrg?.kind === 'lab' && (
        <NavLink
          to={`/orders/${currentOrg.id}`}
          className={({ isActive }) => navLinkClasses(isActive)}
        >
          Orders
        </NavLink>
      )}
      {currentOrg?.kind === 'lab' && (
        <NavLink
          to={`/models/${currentOrg.id}`}
          className={({ isActive }) => navLinkClasses(isActive)}
        >
          Models
        </NavLink>
      )}
      <NavLink to="/rate-card" className={({ isActive }) => navLinkClasses(isActive)}>
        Rate card
      </NavLink>
      <NavLink to="/verify" className={({ isActive }) => navLinkClasses(isActive)}>
        Verify
      </NavLink>
      {currentOrg && (
        <NavLink
          to={`/orgs/${currentOrg.id}/settings`}
          className={({ isActive }) => navLinkClasses(isActive)}
        >
          Organization
        </NavLink>
      )}
      <NavLink to="/orgs/new" className={({ isActive }) => navLinkClasses(isActive)}>
        New organization
      </NavLink>
      <NavLink to="/account" className={({ isActive }) => navLinkClasses(isActive)}>
        Account
      </NavLink>
    </>
  ) : (
    <>
      <NavLink to="/catalog" className={({ isActive }) => navLinkClasses(isActive)}>
        Catalog
      </NavLink>
      <NavLink to="/rate-card" className={({ isActive }) => navLinkClasses(isActive)}>
        Rate card
      </NavLink>
      <NavLink to="/verify" className={({ isActive }) => navLinkClasses(isActive)}>
        Verify
      </NavLink>
    </>
  );

  const actions = viewer ? (
    <>
      <span className="hidden text-sm text-slate-600 lg:inline">{viewer.user.email}</span>
      <Form method="post" action="/sign-out">
        <Button type="submit" variant="ghost" size="sm">
          Sign out
        </Button>
      </Form>
    </>
  ) : (
    <>
      <Link to="/sign-in" className={buttonClasses({ variant: 'ghost', size: 'sm' })}>
        Sign in
      </Link>
      <Link to="/sign-up" className={buttonClasses({ size: 'sm' })}>
        Create account
      </Link>
    </>
  );

  return (
    <PageLayout
      brand={<Brand />}
      nav={nav}
      navLabel="Main"
      actions={actions}
      switcher={
        viewer && currentOrg ? (
          <OrgSwitcher organizations={viewer.organizations} current={currentOrg} />
        ) : null
      }
      footer={
        <div className="flex flex-wrap justify-between gap-4">
          <p>
            Clearframe — licensed footage for AI, with consent, fair pay and verifiable provenance.
          </p>
          <p className="flex flex-wrap gap-x-4 gap-y-1">
            <Link to="/verify" className={textLinkClasses}>
              Verify a certificate
            </Link>
            <Link to="/footage" className={textLinkClasses}>
              Was my footage used?
            </Link>
            <Link to="/rate-card" className={textLinkClasses}>
              Rate card
            </Link>
            <span>Open source under AGPL-3.0.</span>
          </p>
        </div>
      }
    >
      {notice && (
        <Alert tone={notice.tone} className="mb-6">
          {notice.message}
        </Alert>
      )}
      {children}
    </PageLayout>
  );
}

export default function App() {
  return (
    <Frame>
      <Outlet />
    </Frame>
  );
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const { status, title, message } = describeRouteError(error);
  return (
    <Frame>
      <div className="mx-auto max-w-xl space-y-4 py-12 text-center">
        {status !== null && <p className="text-sm font-semibold text-indigo-800">Error {status}</p>}
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">{title}</h1>
        <p className="text-slate-700">{message}</p>
        <p>
          <Link to="/" className={textLinkClasses}>
            Go to the home page
          </Link>
        </p>
      </div>
    </Frame>
  );
}
