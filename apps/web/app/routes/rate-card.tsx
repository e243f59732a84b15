import { DEFAULT_INTENDED_USE } from '@clearframe/contracts/demand';
import { formatMoney } from '@clearframe/contracts/money';
import { quote } from '@clearframe/contracts/pricing';
import { policyFromTemplate } from '@clearframe/contracts/supply';
import { Card, PageHeader, textLinkClasses } from '@clearframe/ui';
import { Link } from 'react-router';
import { RateCardView } from '../components/rate-card-view';
import { bundlesApi } from '../lib/api/bundles.server';
import { formatDateTime } from '../lib/labels';
import { formatMultiplier } from '../lib/pricing-labels';
import { getViewer, throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/rate-card';

export const meta: Route.MetaFunction = () => [{ title: 'Rate card · Clearframe' }];

/** The public rate card: anyone may read how a quote is computed. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const current = await bundlesApi.rateCard(getViewer(context)?.token ?? null);
  if (!current.ok) throwProblem(current.problem, request);
  const { rateCard } = current.data;
  // A worked example priced by the same function as every quote, so it follows the card.
  const example = quote({
    lines: [
      {
        clipId: 'example',
        durationMs: 90_000,
        resolution: 'hd',
        policy: policyFromTemplate('training-standard', {
          amountMinor: 500,
          currency: rateCard.currency,
        }),
      },
    ],
    request: DEFAULT_INTENDED_USE,
    rateCard,
  });
  return { ...current.data, example: example.lines[0]! };
}

export default function RateCardPage({ loaderData }: Route.ComponentProps) {
  const { rateCard, publishedAt, example } = loaderData;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Rate card"
        description="How every quote is priced: each clip's rate per minute (set by its creator) times the multipliers below, with volume discounts on the bundle's minutes and the platform's fee."
      />
      <Card
        title={`Version ${rateCard.id}`}
        description={
          publishedAt
            ? `Published ${formatDateTime(publishedAt)}. Quotes name the version they used.`
            : 'The platform’s published defaults. Quotes name the version they used.'
        }
      >
        <RateCardView rateCard={rateCard} />
      </Card>
      <p className="text-sm text-slate-700">
        Worked example: a 90-second HD clip at {formatMoney(example.ratePerMinute)} a minute,
        licensed for commercial training for 24 months, non-exclusive: 1.5 minutes ×{' '}
        {formatMoney(example.ratePerMinute)} = {formatMoney(example.base)}, times term{' '}
        {formatMultiplier(example.multipliersBps.term)} and resolution{' '}
        {formatMultiplier(example.multipliersBps.resolution)}, is {formatMoney(example.amount)}{' '}
        (rounded up to the cent once): {formatMoney(example.creatorShare)} to the creator and{' '}
        {formatMoney(example.platformFee)} platform fee. Browse the{' '}
        <Link to="/catalog" className={textLinkClasses}>
          catalog
        </Link>{' '}
        to build a bundle.
      </p>
    </div>
  );
}
