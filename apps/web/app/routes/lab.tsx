import { MODALITY_LABELS } from '@clearframe/contracts/license';
import { Badge, Card, PageHeader, textLinkClasses } from '@clearframe/ui';
import { Link } from 'react-router';
import { DisclosureStandingNotice } from '../components/disclosure-standing';
import { modelsApi } from '../lib/api/models.server';
import { formatDate, formatDateTime } from '../lib/labels';
import { throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/lab';

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData?.page.lab.name ?? 'Lab'} · Models · Clearframe` },
];

export async function loader({ request, params }: Route.LoaderArgs) {
  const page = await modelsApi.labPage(params.orgId);
  if (!page.ok) throwProblem(page.problem, request);
  return { page: page.data };
}

/**
 * A lab's public page: its public models, their training data disclosures, and which required
 * disclosures are overdue or were published late (decision 022).
 */
export default function LabPage({ loaderData }: Route.ComponentProps) {
  const { lab, models } = loaderData.page;
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow="Lab"
        title={lab.name}
        description="Public models and what licensed footage each was trained on."
      />
      {models.length === 0 ? (
        <Card>
          <p className="text-sm text-slate-700">No public models yet.</p>
        </Card>
      ) : (
        models.map((model) => (
          <Card
            key={model.id}
            title={`${model.name} ${model.version}`}
            description={`Outputs ${model.outputModalities.map((m) => MODALITY_LABELS[m]).join(', ')}${model.releaseDate ? ` · released ${formatDate(model.releaseDate)}` : ''}`}
          >
            <DisclosureStandingNotice standing={model.disclosureStanding} />
            {model.disclosures.length === 0 ? (
              <Badge tone="warning">No disclosure published</Badge>
            ) : (
              <ul className="space-y-1 text-sm">
                {model.disclosures.map((disclosure) => (
                  <li key={disclosure.id}>
                    <Link to={`/disclosures/${disclosure.id}`} className={textLinkClasses}>
                      Disclosure of {formatDateTime(disclosure.publishedAt)}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ))
      )}
    </div>
  );
}
