import { buttonClasses, PageHeader, textLinkClasses } from '@clearframe/ui';
import { data, Link } from 'react-router';
import { StudioView, type BulkActionData } from '../components/studio-view';
import { applyBulk } from '../lib/studio-bulk.server';
import { loadStudio, requireStudio } from '../lib/studio.server';
import { clipsApi } from '../lib/api/clips.server';
import { requireViewer, throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/studio';

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Studio · ${loaderData?.org.name ?? 'Clearframe'} · Clearframe` },
];

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const org = requireStudio(viewer, params.orgId);
  return loadStudio(viewer, org, request);
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const org = requireStudio(viewer, params.orgId);
  const formData = await request.formData();
  if (formData.get('intent') !== 'bulk')
    return data<BulkActionData>(
      { failure: { formError: 'Unknown action.', fieldErrors: {}, values: {} }, done: null },
      { status: 400 },
    );
  const templates = await clipsApi.policyTemplates(viewer.token);
  if (!templates.ok) throwProblem(templates.problem, request);
  const outcome = await applyBulk(viewer.token, org.id, templates.data.currency, formData);
  if (!outcome.ok)
    return data<BulkActionData>(
      { failure: outcome.failure, done: null },
      { status: outcome.status },
    );
  return data<BulkActionData>({
    failure: null,
    done: { count: outcome.count, applied: outcome.applied },
  });
}

export default function StudioPage({ loaderData, actionData }: Route.ComponentProps) {
  return (
    <div>
      <PageHeader
        eyebrow="Studio"
        title={loaderData.org.name}
        description="Upload footage, describe each clip, declare the people in it and choose how it may be licensed. Operators review every clip before it is listed."
        actions={
          <span className="flex flex-wrap items-center gap-4">
            <Link to={`/studio/${loaderData.org.id}/earnings`} className={textLinkClasses}>
              Earnings
            </Link>
            <Link to={`/studio/${loaderData.org.id}/statements`} className={textLinkClasses}>
              Royalty statements
            </Link>
            {loaderData.org.role === 'owner' && (
              <Link to={`/studio/${loaderData.org.id}/public-page`} className={textLinkClasses}>
                Public page
              </Link>
            )}
            {loaderData.org.role === 'owner' && (
              <Link
                to={`/studio/${loaderData.org.id}/payouts`}
                className={buttonClasses({ variant: 'secondary' })}
              >
                Payouts
              </Link>
            )}
          </span>
        }
      />
      <StudioView data={loaderData} actionData={actionData} />
    </div>
  );
}
