import { MODALITY_LABELS, USE_LABELS } from '@clearframe/contracts/license';
import { STAGE_LABELS } from '@clearframe/contracts/transparency';
import { Card, PageHeader, textLinkClasses } from '@clearframe/ui';
import { Link } from 'react-router';
import { modelsApi } from '../lib/api/models.server';
import { formatDuration } from '../lib/clip-labels';
import { formatDate, formatDateTime } from '../lib/labels';
import { throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/creator';

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData?.work.creator.name ?? 'Creator'} · Licensed work · Clearframe` },
];

/** Public; the API answers 404 unless the studio opted in, and the page says the same. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const work = await modelsApi.creatorPage(params.orgId);
  if (!work.ok) throwProblem(work.problem, request);
  return { work: work.data };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * A creator studio's licensed work by model: each public model whose published disclosures cite
 * the studio's footage, its lab, the stages, the disclosures and the studio's clips in it.
 */
export default function CreatorPage({ loaderData }: Route.ComponentProps) {
  const { creator, models, licensing } = loaderData.work;
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow="Creator studio"
        title={creator.name}
        description="Public AI models trained on this studio’s licensed footage, as their labs’ signed disclosures state."
      />
      <p className="text-sm text-slate-700">
        {plural(licensing.clips, 'clip')} licensed under{' '}
        {plural(licensing.certificates, 'certificate')} in force. A model appears here once its lab
        makes it public and publishes its disclosure.
      </p>
      {models.length === 0 ? (
        <Card>
          <p className="text-sm text-slate-700">
            No public model has disclosed training on this studio’s footage yet.
          </p>
        </Card>
      ) : (
        models.map(({ lab, model, stages, disclosures, clips }) => (
          <Card
            key={model.id}
            title={`${model.name} ${model.version}`}
            description={`Outputs ${model.outputModalities.map((m) => MODALITY_LABELS[m]).join(', ')}${model.releaseDate ? ` · released ${formatDate(model.releaseDate)}` : ''}`}
          >
            <div className="space-y-4 text-sm text-slate-700 [overflow-wrap:anywhere]">
              <p>
                By{' '}
                <Link to={`/labs/${lab.orgId}`} className={textLinkClasses}>
                  {lab.name}
                </Link>
                {stages.length > 0 && (
                  <>
                    {' '}
                    · used for{' '}
                    {stages
                      .map(({ stage, use }) => `${STAGE_LABELS[stage]} (${USE_LABELS[use]})`)
                      .join(', ')}
                  </>
                )}
              </p>
              <div className="space-y-1">
                <h3 className="text-sm font-semibold text-slate-900">Disclosures</h3>
                <ul className="space-y-1">
                  {disclosures.map((disclosure) => (
                    <li key={disclosure.id}>
                      <Link to={`/disclosures/${disclosure.id}`} className={textLinkClasses}>
                        Disclosure of {formatDateTime(disclosure.publishedAt)}
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
              <div className="space-y-1">
                <h3 className="text-sm font-semibold text-slate-900">
                  This studio’s clips in it ({clips.length})
                </h3>
                <ul className="divide-y divide-slate-100">
                  {clips.map((clip) => (
                    <li key={clip.id} className="flex justify-between gap-3 py-1">
                      <span className="min-w-0">{clip.title}</span>
                      <span className="shrink-0 tabular-nums text-slate-500">
                        {formatDuration(clip.seconds * 1000)}
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            </div>
          </Card>
        ))
      )}
    </div>
  );
}
