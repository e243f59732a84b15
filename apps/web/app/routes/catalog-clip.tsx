import { renderTerms } from '@clearframe/contracts/license';
import { formatMoney } from '@clearframe/contracts/money';
import { policyTerms } from '@clearframe/contracts/supply';
import { Card, DescriptionList, PageHeader, textLinkClasses } from '@clearframe/ui';
import { Link } from 'react-router';
import { catalogApi } from '../lib/api/catalog.server';
import {
  CATEGORY_LABELS,
  countryLabel,
  formatDuration,
  formatResolution,
  shotSummary,
} from '../lib/clip-labels';
import { formatDate } from '../lib/labels';
import { getViewer, throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/catalog-clip';
import { TermsText } from '../components/terms-text';

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData?.clip.title ?? 'Clip'} · Catalog · Clearframe` },
];

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const clip = await catalogApi.get(getViewer(context)?.token ?? null, params.clipId);
  if (!clip.ok) throwProblem(clip.problem, request);
  return {
    clip: clip.data,
    terms: renderTerms(policyTerms(clip.data.policy.policy), { format: 'text' }),
  };
}

export default function CatalogClipPage({ loaderData }: Route.ComponentProps) {
  const { clip, terms } = loaderData;
  const shot = shotSummary(clip);
  return (
    <div>
      <p className="mb-4 text-sm">
        <Link to="/catalog" className={textLinkClasses}>
          ← Catalog
        </Link>
      </p>
      <PageHeader
        eyebrow={clip.creator.name}
        title={clip.title}
        description={clip.description ?? undefined}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          {clip.previewUrl ? (
            <video
              controls
              preload="metadata"
              poster={clip.thumbnailUrl ?? undefined}
              className="aspect-video w-full rounded-xl bg-slate-900"
              aria-label={`Preview of ${clip.title}`}
            >
              <source src={clip.previewUrl} type="video/mp4" />
            </video>
          ) : (
            <div className="flex aspect-video w-full items-center justify-center rounded-xl bg-slate-100 text-sm text-slate-600">
              No public preview: the people in this clip have not agreed to one.
            </div>
          )}
          <Card
            title="License terms"
            description="The widest license a lab can get for this clip, in plain language."
          >
            <TermsText className="text-sm">{terms}</TermsText>
          </Card>
        </div>
        <div className="min-w-0 space-y-6">
          <Card title="Price">
            <p className="text-2xl font-bold text-slate-900">
              {clip.listPrice ? `${formatMoney(clip.listPrice.perMinute)}` : '—'}
              <span className="text-base font-medium text-slate-600"> per minute</span>
            </p>
            {clip.listPrice && (
              <p className="mt-1 text-sm text-slate-600">
                For {clip.listPrice.termMonths} months, non-exclusive,{' '}
                {clip.listPrice.commercial ? 'commercial use' : 'non-commercial use'}. Longer terms,
                exclusivity and volume change the quote.
              </p>
            )}
            <p className="mt-3 text-sm text-slate-700">{clip.policy.summary.text}</p>
          </Card>
          <Card title="Details">
            <DescriptionList
              items={[
                { term: 'Duration', detail: formatDuration(clip.durationMs) },
                { term: 'Resolution', detail: formatResolution(clip.width, clip.height) },
                { term: 'Frame rate', detail: `${clip.fps} fps` },
                { term: 'Audio', detail: clip.hasAudio ? 'Yes' : 'No' },
                { term: 'Category', detail: clip.category ? CATEGORY_LABELS[clip.category] : '—' },
                { term: 'Shot', detail: shot || '—' },
                { term: 'Country', detail: countryLabel(clip.country) },
                { term: 'Tags', detail: clip.tags.length ? clip.tags.join(', ') : '—' },
                { term: 'Captions', detail: clip.captions ?? '—' },
                { term: 'Listed', detail: formatDate(clip.listedAt) },
              ]}
            />
          </Card>
        </div>
      </div>
    </div>
  );
}
