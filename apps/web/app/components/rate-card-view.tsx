import type { RateCardType } from '@clearframe/contracts/pricing';
import { DescriptionList, Table } from '@clearframe/ui';
import { formatBps, formatMultiplier, RESOLUTION_TIER_LABELS } from '../lib/pricing-labels';

/** The public rate card as a person reads it: what multiplies each clip's rate, volume tiers, the fee. */
export function RateCardView({ rateCard }: { rateCard: RateCardType }) {
  const { multipliers } = rateCard;
  let previous = 0;
  const terms = multipliers.term.bands.map((band) => {
    const label =
      previous === 0
        ? `Up to ${band.upToMonths} months`
        : `${previous + 1}–${band.upToMonths} months`;
    previous = band.upToMonths;
    return { term: label, detail: formatMultiplier(band.bps) };
  });
  return (
    <div className="space-y-6">
      <div className="grid gap-6 md:grid-cols-2">
        <section aria-labelledby="rate-card-term">
          <h3 id="rate-card-term" className="mb-2 font-semibold text-slate-900">
            Term
          </h3>
          <DescriptionList
            items={[
              ...terms,
              { term: 'Perpetual', detail: formatMultiplier(multipliers.term.perpetual) },
            ]}
          />
        </section>
        <section aria-labelledby="rate-card-resolution">
          <h3 id="rate-card-resolution" className="mb-2 font-semibold text-slate-900">
            Resolution
          </h3>
          <DescriptionList
            items={(['sd', 'hd', 'uhd'] as const).map((tier) => ({
              term: RESOLUTION_TIER_LABELS[tier],
              detail: formatMultiplier(multipliers.resolution[tier]),
            }))}
          />
        </section>
        <section aria-labelledby="rate-card-exclusivity">
          <h3 id="rate-card-exclusivity" className="mb-2 font-semibold text-slate-900">
            Exclusivity
          </h3>
          <DescriptionList
            items={[
              { term: 'Non-exclusive', detail: formatMultiplier(multipliers.exclusivity.none) },
              {
                term: 'Exclusive (unless the clip sets its own price)',
                detail: formatMultiplier(multipliers.exclusivity.exclusive),
              },
            ]}
          />
        </section>
        <section aria-labelledby="rate-card-use">
          <h3 id="rate-card-use" className="mb-2 font-semibold text-slate-900">
            Use
          </h3>
          <DescriptionList
            items={[
              { term: 'Commercial', detail: formatMultiplier(multipliers.use.commercial) },
              { term: 'Non-commercial', detail: formatMultiplier(multipliers.use.nonCommercial) },
            ]}
          />
        </section>
      </div>
      <Table
        caption="Volume discounts: each minute of a bundle past a threshold is discounted at that tier"
        columns={[
          {
            key: 'from',
            header: 'From minute',
            rowHeader: true,
            cell: (tier) => tier.fromMinutes.toLocaleString('en-US'),
          },
          {
            key: 'discount',
            header: 'Discount',
            align: 'end',
            cell: (tier) => formatBps(tier.discountBps),
          },
        ]}
        rows={rateCard.volumeTiers}
        rowKey={(tier) => String(tier.fromMinutes)}
      />
      <p className="text-sm text-slate-700">
        Platform fee: <strong>{formatBps(rateCard.platformFeeBps)}</strong> of each line after the
        volume discount, rounded down; the creator receives the rest. Prices are in{' '}
        {rateCard.currency}.
      </p>
    </div>
  );
}
