import { USE_LABELS, type TermType } from '@clearframe/contracts/license';
import {
  EarningsMonth,
  type EarningsSeriesType,
  formatMoney,
  toDecimalString,
} from '@clearframe/contracts/money';
import { Badge, Card, PageHeader, Table, textLinkClasses } from '@clearframe/ui';
import { Form, Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, XAxis, YAxis } from 'recharts';
import { earningsApi, type StatementLinkType } from '../lib/api/earnings.server';
import { formatDuration } from '../lib/clip-labels';
import { formatDate } from '../lib/labels';
import { requireStudio } from '../lib/studio.server';
import { requireViewer, throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/studio-earnings';

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Earnings · ${loaderData?.org.name ?? 'Studio'} · Clearframe` },
];

/** A month from the URL, or nothing (the API then picks the last twelve months). */
const monthParam = (url: URL, name: string) => {
  const parsed = EarningsMonth.safeParse(url.searchParams.get(name));
  return parsed.success ? parsed.data : undefined;
};

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const org = requireStudio(viewer, params.orgId);
  const url = new URL(request.url);
  const cursor = url.searchParams.get('cursor') ?? undefined;
  const [earnings, statements] = await Promise.all([
    earningsApi.get(viewer.token, org.id, {
      from: monthParam(url, 'from'),
      to: monthParam(url, 'to'),
      cursor,
    }),
    earningsApi.statements(viewer.token, org.id),
  ]);
  if (!earnings.ok) throwProblem(earnings.problem, request);
  // Statements are built by the royalties domain: until its route answers (404), there are none.
  const statementList: StatementLinkType[] | null = statements.ok
    ? statements.data.items
    : statements.status === 404
      ? []
      : null;
  return { org, earnings: earnings.data, statements: statementList, paged: Boolean(cursor) };
}

const CHART_WIDTH = 640;
const CHART_HEIGHT = 260;

/** Minor units as a plain decimal number, for the chart's axis (labels use formatMoney). */
const major = (money: { amountMinor: number; currency: EarningsSeriesType['currency'] }) =>
  Number(toDecimalString(money));

/**
 * Net credited and reversed per month, as SVG with a fixed size so the server renders it
 * (no JavaScript needed); on a narrow screen it scrolls inside its own box. Recharts is pinned
 * to 2.15: 3.x renders only an empty wrapper on the server (recharts/recharts#5997).
 */
function EarningsChart({ series }: { series: EarningsSeriesType }) {
  const data = series.months.map((row) => ({
    month: row.month,
    net: major(row.net),
    reversals: major(row.reversals),
  }));
  return (
    <div className="overflow-x-auto" data-testid="earnings-chart">
      <BarChart
        width={CHART_WIDTH}
        height={CHART_HEIGHT}
        data={data}
        margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
        title={`Monthly earnings in ${series.currency}`}
        desc="Net credited to the studio and reversals (refunds, disputes) per month, UTC."
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        {/* A fixed interval: recharts otherwise measures label widths, which only the browser can, and
            the server and browser would draw different ticks (a hydration mismatch). */}
        <XAxis dataKey="month" fontSize={12} interval={1} />
        <YAxis fontSize={12} width={56} />
        <Legend />
        <Bar dataKey="net" name="Net to you" fill="#4338ca" isAnimationActive={false} />
        <Bar dataKey="reversals" name="Reversals" fill="#b91c1c" isAnimationActive={false} />
      </BarChart>
    </div>
  );
}

function termLabel(term: TermType): string {
  return term.kind === 'perpetual'
    ? 'Perpetual'
    : `${term.months} month${term.months === 1 ? '' : 's'}`;
}

/** A creator studio's earnings: the monthly chart, sales by clip and by lab, and who licensed what. */
export default function StudioEarningsPage({ loaderData }: Route.ComponentProps) {
  const { org, earnings, statements, paged } = loaderData;
  const range = `from=${earnings.from}&to=${earnings.to}`;
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={org.name}
        title="Earnings"
        description="What your clips earned each month, as the ledger records it, and who licensed them."
        actions={
          <Link to={`/studio/${org.id}`} className={textLinkClasses}>
            Back to the studio
          </Link>
        }
      />
      <Form method="get" className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col text-sm">
          From
          <input
            type="month"
            name="from"
            defaultValue={earnings.from}
            className="rounded border px-2 py-1"
          />
        </label>
        <label className="flex flex-col text-sm">
          To
          <input
            type="month"
            name="to"
            defaultValue={earnings.to}
            className="rounded border px-2 py-1"
          />
        </label>
        <button type="submit" className="rounded bg-indigo-700 px-3 py-1.5 text-sm text-white">
          Show
        </button>
      </Form>

      {earnings.series.length === 0 ? (
        <Card title="Monthly earnings">
          <p>
            No sales between {earnings.from} and {earnings.to} yet.
          </p>
        </Card>
      ) : (
        earnings.series.map((series) => (
          <Card key={series.currency} title={`Monthly earnings (${series.currency})`}>
            <EarningsChart series={series} />
            <Table
              caption={`Monthly earnings in ${series.currency}, UTC`}
              captionHidden
              columns={[
                { key: 'month', header: 'Month', rowHeader: true, cell: (row) => row.month },
                {
                  key: 'gross',
                  header: 'Gross',
                  align: 'end',
                  cell: (row) => formatMoney(row.gross),
                },
                {
                  key: 'fee',
                  header: 'Platform fee',
                  align: 'end',
                  cell: (row) => formatMoney(row.platformFee),
                },
                {
                  key: 'net',
                  header: 'Net to you',
                  align: 'end',
                  cell: (row) => formatMoney(row.net),
                },
                {
                  key: 'reversals',
                  header: 'Refunds and reversals',
                  align: 'end',
                  cell: (row) => formatMoney(row.reversals),
                },
                {
                  key: 'change',
                  header: 'Balance change',
                  align: 'end',
                  cell: (row) => formatMoney(row.balanceChange),
                },
              ]}
              rows={series.months}
              rowKey={(row) => row.month}
            />
          </Card>
        ))
      )}

      <Card title="Sales by clip" description="As sold in the months shown, before refunds.">
        <Table
          caption="Sales by clip"
          captionHidden
          columns={[
            {
              key: 'clip',
              header: 'Clip',
              rowHeader: true,
              cell: (row) => (
                <Link to={`/studio/${org.id}/clips/${row.clipId}`} className={textLinkClasses}>
                  {row.title}
                </Link>
              ),
            },
            {
              key: 'times',
              header: 'Times licensed',
              align: 'end',
              cell: (row) => String(row.timesLicensed),
            },
            {
              key: 'duration',
              header: 'Time licensed',
              align: 'end',
              cell: (row) => formatDuration(row.totalDurationMs),
            },
            { key: 'gross', header: 'Gross', align: 'end', cell: (row) => formatMoney(row.gross) },
            { key: 'net', header: 'Net to you', align: 'end', cell: (row) => formatMoney(row.net) },
          ]}
          rows={earnings.byClip}
          rowKey={(row) => `${row.clipId}:${row.net.currency}`}
          empty="No clip sold in these months."
        />
      </Card>

      <Card title="Sales by lab" description="As sold in the months shown, before refunds.">
        <Table
          caption="Sales by lab"
          captionHidden
          columns={[
            { key: 'lab', header: 'Lab', rowHeader: true, cell: (row) => row.labName },
            { key: 'orders', header: 'Orders', align: 'end', cell: (row) => String(row.orders) },
            { key: 'clips', header: 'Clips', align: 'end', cell: (row) => String(row.clips) },
            { key: 'gross', header: 'Gross', align: 'end', cell: (row) => formatMoney(row.gross) },
            { key: 'net', header: 'Net to you', align: 'end', cell: (row) => formatMoney(row.net) },
          ]}
          rows={earnings.byLab}
          rowKey={(row) => `${row.labOrgId}:${row.net.currency}`}
          empty="No lab bought your clips in these months."
        />
      </Card>

      <Card
        title="Who licensed my clips"
        description="Newest first; each row links to its certificate."
      >
        <Table
          caption="Who licensed my clips"
          captionHidden
          columns={[
            { key: 'lab', header: 'Lab', rowHeader: true, cell: (row) => row.labName },
            { key: 'clip', header: 'Clip', cell: (row) => row.clipTitle },
            {
              key: 'uses',
              header: 'Use',
              cell: (row) => row.uses.map((use) => USE_LABELS[use]).join(', '),
            },
            { key: 'term', header: 'Term', cell: (row) => termLabel(row.term) },
            { key: 'paid', header: 'Paid', nowrap: true, cell: (row) => formatDate(row.paidAt) },
            {
              key: 'amount',
              header: 'Amount',
              align: 'end',
              cell: (row) => formatMoney(row.amount),
            },
            {
              key: 'certificate',
              header: 'Certificate',
              cell: (row) => (
                <span className="inline-flex items-center gap-2">
                  {row.certificateId ? (
                    <Link
                      to={`/verify?id=${encodeURIComponent(row.certificateId)}`}
                      className={textLinkClasses}
                    >
                      Verify
                    </Link>
                  ) : (
                    '—'
                  )}
                  <Badge tone={row.status === 'active' ? 'success' : 'danger'}>
                    {row.status === 'active' ? 'Active' : 'Revoked'}
                  </Badge>
                </span>
              ),
            },
          ]}
          rows={earnings.licensees.items}
          rowKey={(row) => `${row.orderId}:${row.clipId}`}
          empty="Nobody licensed your clips in these months."
        />
        <div className="mt-3 flex gap-4">
          {paged ? (
            <Link to={`?${range}`} className={textLinkClasses}>
              Newest
            </Link>
          ) : null}
          {earnings.licensees.nextCursor ? (
            <Link
              to={`?${range}&cursor=${encodeURIComponent(earnings.licensees.nextCursor)}`}
              className={textLinkClasses}
            >
              Older
            </Link>
          ) : null}
        </div>
      </Card>

      {/* Statements: the royalties domain's documents (its own page and file routes). */}
      <Card title="Royalty statements" description="Monthly statements with PDF and CSV downloads.">
        {statements === null ? (
          <p>Statements could not be loaded just now.</p>
        ) : statements.length === 0 ? (
          <p>No statements yet: the first arrives after the month closes.</p>
        ) : (
          <ul className="space-y-1">
            {statements.map((statement) => (
              <li key={statement.id} className="flex flex-wrap gap-3">
                <span>{statement.period}</span>
                <a
                  href={`/studio/${org.id}/statements/${encodeURIComponent(statement.id)}/pdf`}
                  className={textLinkClasses}
                >
                  PDF
                </a>
                <a
                  href={`/studio/${org.id}/statements/${encodeURIComponent(statement.id)}/csv`}
                  className={textLinkClasses}
                >
                  CSV
                </a>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
