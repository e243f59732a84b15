import { SetPublicWork } from '@clearframe/contracts/transparency';
import { Alert, Badge, Card, PageHeader, textLinkClasses } from '@clearframe/ui';
import { data, Form, Link } from 'react-router';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { modelsApi } from '../lib/api/models.server';
import { problemToFailure, type FormFailure } from '../lib/form-errors';
import { formatDateTime } from '../lib/labels';
import { requireStudio } from '../lib/studio.server';
import { notFound, requireViewer, throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/studio-public-page';

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Public page · ${loaderData?.org.name ?? 'Studio'} · Clearframe` },
];

/** Only owners decide what the studio shows the world; anyone else is told there is no such page. */
function requireOwnedStudio(viewer: ReturnType<typeof requireViewer>, orgId: string | undefined) {
  const org = requireStudio(viewer, orgId);
  if (org.role !== 'owner') throw notFound('Only the studio’s owners manage its public page.');
  return org;
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const org = requireOwnedStudio(viewer, params.orgId);
  const settings = await modelsApi.publicWork(viewer.token, org.id);
  if (!settings.ok) throwProblem(settings.problem, request);
  return { org, settings: settings.data };
}

type ActionData = { failure: FormFailure | null; saved: boolean };

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const org = requireOwnedStudio(viewer, params.orgId);
  const formData = await request.formData();
  const intent = formData.get('intent');
  const parsed = SetPublicWork.safeParse({
    enabled: intent === 'on' ? true : intent === 'off' ? false : intent,
  });
  if (!parsed.success)
    return data<ActionData>(
      { failure: { formError: 'Unknown action.', fieldErrors: {}, values: {} }, saved: false },
      { status: 400 },
    );
  const saved = await modelsApi.setPublicWork(viewer.token, org.id, parsed.data);
  if (!saved.ok)
    return data<ActionData>(
      { failure: problemToFailure(saved.problem, []), saved: false },
      { status: saved.status },
    );
  return { failure: null, saved: true } satisfies ActionData;
}

/** The studio's public licensed-work page: off until an owner turns it on. */
export default function StudioPublicPage({ loaderData, actionData }: Route.ComponentProps) {
  const { org, settings } = loaderData;
  const pagePath = `/creators/${org.id}`;
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to={`/studio/${org.id}`} className={textLinkClasses}>
          ← Studio
        </Link>
      </p>
      <PageHeader
        eyebrow={org.name}
        title="Public page"
        description="A public page listing, by model, the public AI models whose disclosures cite your licensed clips."
      />
      <Card
        title={settings.enabled ? 'Your public page is on' : 'Your public page is off'}
        description="It shows each public model’s lab, the training stages, the disclosures and the titles and lengths of your clips in it. It never shows prices, labs’ private models, or clips no public disclosure cites; other licensing is only counted."
      >
        <div className="space-y-4 text-sm text-slate-700">
          {actionData?.saved && <Alert tone="success">Saved.</Alert>}
          <FormErrorAlert failure={actionData?.failure ?? null} />
          <p className="flex flex-wrap items-center gap-2">
            <Badge tone={settings.enabled ? 'success' : 'neutral'}>
              {settings.enabled ? 'Public' : 'Not public'}
            </Badge>
            {settings.changedAt && <span>Changed {formatDateTime(settings.changedAt)}</span>}
          </p>
          {settings.enabled && (
            <p className="[overflow-wrap:anywhere]">
              Anyone can see it at{' '}
              <Link to={pagePath} className={textLinkClasses}>
                {settings.pageUrl}
              </Link>
            </p>
          )}
          <Form method="post" noValidate>
            {settings.enabled ? (
              <SubmitButton intent="off" variant="secondary" loadingText="Turning off…">
                Turn the public page off
              </SubmitButton>
            ) : (
              <SubmitButton intent="on" loadingText="Turning on…">
                Turn the public page on
              </SubmitButton>
            )}
          </Form>
        </div>
      </Card>
    </div>
  );
}
