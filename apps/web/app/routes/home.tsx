import { Card, PageHeader, buttonClasses, textLinkClasses } from '@clearframe/ui';
import { Link } from 'react-router';
import { CatalogGrid } from '../components/catalog-grid';
import { ReviewQueueTable } from '../components/review-queue';
import { StudioView } from '../components/studio-view';
import { loadCatalog } from '../lib/catalog.server';
import { readOrgId } from '../lib/cookies.server';
import { orgKindLabel, roleLabel } from '../lib/labels';
import { pickCurrentOrg } from '../lib/navigation';
import { loadQueue } from '../lib/review.server';
import { loadStudio } from '../lib/studio.server';
import { getViewer } from '../lib/viewer.server';
import type { Route } from './+types/home';

export const meta: Route.MetaFunction = () => [
  { title: 'Clearframe — licensed video footage for AI, with consent' },
];

/**
 * Signed out, the marketing page. Signed in, the person's work for the organization they are
 * in (the switcher's choice): a creator's studio, an operator's review queue, a lab's catalog.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const viewer = getViewer(context);
  if (!viewer) return { viewer: null, work: null };
  const { organizations } = viewer.me;
  const summary = { name: viewer.me.user.name, organizations };
  const org = pickCurrentOrg(organizations, await readOrgId(request));
  if (!org) return { viewer: summary, work: null };
  if (org.kind === 'creator')
    return {
      viewer: summary,
      work: { kind: 'studio' as const, org, studio: await loadStudio(viewer, org, request) },
    };
  if (org.kind === 'operator' && viewer.me.user.isOperator)
    return {
      viewer: summary,
      work: { kind: 'review' as const, org, queue: await loadQueue(viewer, request) },
    };
  return {
    viewer: summary,
    work: { kind: 'catalog' as const, org, catalog: await loadCatalog(viewer, request) },
  };
}

const pillars = [
  {
    title: 'Consent, clip by clip',
    body: 'Creators decide exactly which uses each clip allows — training, fine-tuning, evaluation — and which it never does, such as likeness synthesis or surveillance. Labs can only license what the terms permit.',
  },
  {
    title: 'Fair pay, accounted for',
    body: 'Creators set their rates. Every sale lands in a double-entry ledger, and monthly royalty statements show what each clip earned and from whom.',
  },
  {
    title: 'Verifiable provenance',
    body: 'Every license comes with a signed certificate anyone can verify, and labs can publish a training-data disclosure — a public answer to "what was this model trained on?"',
  },
];

function Work({ loaderData }: { loaderData: Route.ComponentProps['loaderData'] }) {
  const { viewer, work } = loaderData;
  if (!viewer || !work) return null;
  const title = `Welcome back, ${viewer.name}`;
  if (work.kind === 'studio')
    return (
      <div>
        <PageHeader
          eyebrow={`Studio · ${work.org.name}`}
          title={title}
          description="Your clips: upload, describe and submit them for review."
          actions={
            <Link to={`/studio/${work.org.id}`} className={buttonClasses({ variant: 'secondary' })}>
              Open the studio
            </Link>
          }
        />
        <StudioView data={work.studio} />
      </div>
    );
  if (work.kind === 'review')
    return (
      <div>
        <PageHeader
          eyebrow={work.org.name}
          title={title}
          description="Clips waiting for review, oldest first."
        />
        <ReviewQueueTable items={work.queue.items} />
        {work.queue.nextCursor && (
          <p className="mt-4 text-sm">
            <Link to="/review" className={textLinkClasses}>
              The whole queue
            </Link>
          </p>
        )}
      </div>
    );
  return (
    <div>
      <PageHeader
        eyebrow={`${orgKindLabel(work.org.kind)} · ${work.org.name}`}
        title={title}
        description="The newest licensed footage in the catalog."
      />
      <CatalogGrid {...work.catalog} />
    </div>
  );
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const { viewer, work } = loaderData;
  if (work) return <Work loaderData={loaderData} />;
  return (
    <div className="space-y-12">
      {viewer && (
        <Card
          title={`Welcome back, ${viewer.name}`}
          description={
            viewer.organizations.length === 0
              ? 'Create a creator studio to license your footage, or a lab to license training data.'
              : 'Your organizations'
          }
          actions={
            <Link to="/orgs/new" className={buttonClasses({ variant: 'secondary', size: 'sm' })}>
              New organization
            </Link>
          }
        >
          {viewer.organizations.length === 0 ? (
            <Link to="/orgs/new" className={buttonClasses()}>
              Create your first organization
            </Link>
          ) : (
            <ul className="divide-y divide-slate-200">
              {viewer.organizations.map((org) => (
                <li key={org.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <Link to={`/orgs/${org.id}/settings`} className={textLinkClasses}>
                    {org.name}
                  </Link>
                  <span className="text-sm text-slate-600">
                    {orgKindLabel(org.kind)} · {roleLabel(org.role)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}

      <section className="grid items-center gap-10 lg:grid-cols-2" aria-labelledby="hero-title">
        <div className="space-y-6">
          <p className="text-sm font-semibold tracking-wide text-indigo-800 uppercase">
            Open-source footage licensing
          </p>
          <h1
            id="hero-title"
            className="text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl"
          >
            Video for AI, licensed the way creators agreed to.
          </h1>
          <p className="text-lg text-slate-700">
            Clearframe is a marketplace where video creators license their footage to AI labs as
            training data — with consent, fair pay and verifiable provenance. Every license is
            machine-readable, every payment is accounted for, and every dataset can be traced back
            to the people who made it.
          </p>
          {!viewer && (
            <div className="flex flex-wrap gap-3">
              <Link to="/sign-up" className={buttonClasses()}>
                Create an account
              </Link>
              <Link to="/sign-in" className={buttonClasses({ variant: 'secondary' })}>
                Sign in
              </Link>
            </div>
          )}
        </div>
        <div className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
          <p className="text-sm font-semibold text-slate-900">License certificate</p>
          <dl className="mt-4 space-y-3 text-sm">
            {[
              ['Licensee', 'Example Lab'],
              ['Permitted uses', 'ai-train, ai-eval'],
              ['Prohibited', 'likeness synthesis, surveillance'],
              ['Clips', '1,240 · 14h 32m'],
              ['Signature', 'EdDSA · verified'],
            ].map(([term, detail]) => (
              <div key={term} className="flex justify-between gap-4 border-b border-slate-100 pb-2">
                <dt className="text-slate-600">{term}</dt>
                <dd className="font-medium text-slate-900">{detail}</dd>
              </div>
            ))}
          </dl>
          <p className="mt-4 text-xs text-slate-600">
            An illustration of what every order produces.
          </p>
        </div>
      </section>

      <section aria-labelledby="pillars-title" className="space-y-6">
        <h2 id="pillars-title" className="text-2xl font-bold tracking-tight text-slate-900">
          Built on three promises
        </h2>
        <div className="grid gap-6 md:grid-cols-3">
          {pillars.map((pillar) => (
            <div
              key={pillar.title}
              className="rounded-xl border border-slate-200 bg-white p-6 shadow-xs"
            >
              <h3 className="text-base font-semibold text-slate-900">{pillar.title}</h3>
              <p className="mt-2 text-sm text-slate-700">{pillar.body}</p>
            </div>
          ))}
        </div>
      </section>

      <section aria-labelledby="audiences-title" className="space-y-6">
        <h2 id="audiences-title" className="text-2xl font-bold tracking-tight text-slate-900">
          Who it is for
        </h2>
        <div className="grid gap-6 md:grid-cols-2">
          <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-xs">
            <h3 className="text-lg font-semibold text-slate-900">Creators and studios</h3>
            <ul className="mt-3 list-disc space-y-1.5 pl-5 text-sm text-slate-700">
              <li>Upload footage once; we check it, describe it and make watermarked previews.</li>
              <li>Say which uses you allow and set your price per minute.</li>
              <li>See which lab licensed each clip, for what, and what it earned.</li>
              <li>Get monthly royalty statements and payouts.</li>
            </ul>
          </div>
          <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-xs">
            <h3 className="text-lg font-semibold text-slate-900">AI labs and researchers</h3>
            <ul className="mt-3 list-disc space-y-1.5 pl-5 text-sm text-slate-700">
              <li>Search a catalog of consented footage and build dataset bundles.</li>
              <li>Get a quote that excludes clips whose terms do not allow your use.</li>
              <li>
                Download with checksums and a Croissant manifest, or automate it with API keys.
              </li>
              <li>Receive a signed license certificate and publish a training-data disclosure.</li>
            </ul>
          </div>
        </div>
      </section>
    </div>
  );
}
