import type { BundleClipType, BundleQuoteType } from '@clearframe/contracts/demand';
import { formatMoney } from '@clearframe/contracts/money';
import { Card, DescriptionList, Table } from '@clearframe/ui';
import { formatDuration } from '../lib/clip-labels';
import { formatBps, formatMultiplier, RESOLUTION_TIER_SHORT } from '../lib/pricing-labels';

/**
 * A bundle's live quote: a line per priced clip with the multipliers that priced it, the volume
 * discount, the creator share and platform fee, and every clip left out with why.
 */
export function BundleQuoteView({
  quoted,
  clips,
}: {
  quoted: BundleQuoteType;
  clips: readonly BundleClipType[];
}) {
  const { quote, excluded } = quoted;
  const titles = new Map(clips.map((clip) => [clip.clipId, clip.title]));
  const minutes = (quote.totalDurationMs / 60_000).toFixed(1);
  return (
    <Card
      title="Quote"
      description={`Priced now with the public rate card ${quote.rateCardId}. Prices change if the rate card or a clip's policy does; an order recomputes them.`}
    >
      <div className="space-y-6">
        <Table
          caption="Priced clips"
          columns={[
            {
              key: 'clip',
              header: 'Clip',
              rowHeader: true,
              cell: (line) => titles.get(line.clipId) ?? line.clipId,
            },
            {
              key: 'length',
              header: 'Length',
              nowrap: true,
              cell: (line) =>
                `${formatDuration(line.durationMs)} · ${RESOLUTION_TIER_SHORT[line.resolution]}`,
            },
            {
              key: 'rate',
              header: 'Rate',
              nowrap: true,
              cell: (line) => `${formatMoney(line.ratePerMinute)}/min`,
            },
            {
              key: 'multipliers',
              header: 'Multipliers',
              cell: (line) =>
                [
                  `term ${formatMultiplier(line.multipliersBps.term)}`,
                  `resolution ${formatMultiplier(line.multipliersBps.resolution)}`,
                  `exclusivity ${formatMultiplier(line.multipliersBps.exclusivity)}`,
                  `use ${formatMultiplier(line.multipliersBps.use)}`,
                ].join(', '),
            },
            {
              key: 'amount',
              header: 'Price',
              align: 'end',
              cell: (line) => formatMoney(line.amount),
            },
            {
              key: 'discount',
              header: 'Volume discount',
              align: 'end',
              cell: (line) => formatMoney(line.volumeDiscount),
            },
            {
              key: 'creator',
              header: 'Creator share',
              align: 'end',
              cell: (line) => formatMoney(line.creatorShare),
            },
            {
              key: 'fee',
              header: 'Platform fee',
              align: 'end',
              cell: (line) => formatMoney(line.platformFee),
            },
          ]}
          rows={quote.lines}
          rowKey={(line) => line.clipId}
          empty="No clip in this bundle can be priced for this intended use yet."
        />
        <DescriptionList
          items={[
            {
              term: 'Footage',
              detail: `${minutes} minutes in ${quote.lines.length} clip${quote.lines.length === 1 ? '' : 's'}`,
            },
            { term: 'Subtotal', detail: formatMoney(quote.subtotal) },
            {
              term: 'Volume discount',
              detail:
                quote.volumeDiscount.amountMinor > 0
                  ? `−${formatMoney(quote.volumeDiscount)} (up to ${formatBps(quote.volumeTier.discountBps)} from minute ${quote.volumeTier.fromMinutes})`
                  : `${formatMoney(quote.volumeDiscount)} (the bundle is within the first volume tier)`,
            },
            { term: 'Total', detail: formatMoney(quote.total) },
            { term: 'To creators', detail: formatMoney(quote.creatorShare) },
            { term: 'Platform fee', detail: formatMoney(quote.platformFee) },
            { term: 'Rate card', detail: quote.rateCardId },
          ]}
        />
        {excluded.length > 0 && (
          <section aria-labelledby="excluded-clips">
            <h3 id="excluded-clips" className="mb-2 font-semibold text-slate-900">
              Not in the quote ({excluded.length})
            </h3>
            <ul className="space-y-3">
              {excluded.map((clip) => (
                <li
                  key={clip.clipId}
                  className="rounded-md border border-amber-300 bg-amber-50 p-3"
                >
                  <p className="font-medium text-slate-900">{clip.title}</p>
                  <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-700">
                    {clip.reasons.map((reason) => (
                      <li key={reason.code}>{reason.message}</li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </Card>
  );
}
