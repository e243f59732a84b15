import { formatMoney } from '@clearframe/contracts/money';
import { Badge, Card, PageHeader, Table, textLinkClasses } from '@clearframe/ui';
import { Link } from 'react-router';
import { statementsApi } from '../lib/api/statements.server';
import { formatDate } from '../lib/labels';
import { requireStudio } from '../lib/studio.server';
import { requireViewer, throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/studio-statements';

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Statements · ${loaderData?.org.name ?? 'Studio'} · Clearframe` },
];

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const org = requireStudio(viewer, params.orgId);
  const statements = await statementsApi.list(viewer.token, org.id);
  if (!statements.ok) throwProblem(statements.problem, request);
  return { org, statements: statements.data.items };
}

/** "2026-10" → "October 2026". */
function monthOf(period: string): string {
  return new Date(`${period}-01T00:00:00Z`).toLocaleDateString('en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** The studio's monthly royalty statements, newest first, each with its PDF and CSV. */
export default function StudioStatementsPage({ loaderData }: Route.ComponentProps) {
  const { org, statements } = loaderData;
  const base = `/studio/${org.id}/statements`;
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={org.name}
        title="Royalty statements"
        description="Each month's earnings from licensed clips: opening balance, every clip sold, refunds and adjustments, payouts and the closing balance. Statements are made on the 1st and never change; anything recorded later appears on the next one."
        actions={
          <Link to={`/studio/${org.id}`} className={textLinkClasses}>
            Back to the studio
          </Link>
        }
      />
      <Card>
        <Table
          caption="Royalty statements, newest month first"
          captionHidden
          columns={[
            {
              key: 'period',
              header: 'Month',
              rowHeader: true,
              nowrap: true,
              cell: (s) => `${monthOf(s.period)}${s.currency === 'USD' ? '' : ` (${s.currency})`}`,
            },
            {
              key: 'status',
              header: 'State',
              cell: (s) => (
                <Badge tone={s.status === 'paid' ? 'success' : 'neutral'}>
                  {s.status === 'paid' ? 'Paid' : 'Final'}
                </Badge>
              ),
            },
            {
              key: 'opening',
              header: 'Opening',
              align: 'end',
              cell: (s) => formatMoney(s.opening),
            },
            { key: 'net', header: 'Earnings', align: 'end', cell: (s) => formatMoney(s.net) },
            {
              key: 'refunds',
              header: 'Refunds',
              align: 'end',
              cell: (s) => formatMoney({ ...s.refunds, amountMinor: -s.refunds.amountMinor }),
            },
            {
              key: 'payouts',
              header: 'Payouts',
              align: 'end',
              cell: (s) => formatMoney({ ...s.payouts, amountMinor: -s.payouts.amountMinor }),
            },
            {
              key: 'closing',
              header: 'Closing',
              align: 'end',
              cell: (s) => <strong>{formatMoney(s.closing)}</strong>,
            },
            {
              key: 'issued',
              header: 'Issued',
              nowrap: true,
              cell: (s) => formatDate(s.finalizedAt),
            },
            {
              key: 'files',
              header: 'Download',
              nowrap: true,
              cell: (s) => (
                <span className="space-x-3">
                  <a href={`${base}/${s.id}/pdf`} className={textLinkClasses} download>
                    PDF
                  </a>
                  <a href={`${base}/${s.id}/csv`} className={textLinkClasses} download>
                    CSV
                  </a>
                </span>
              ),
            },
          ]}
          rows={statements}
          rowKey={(s) => s.id}
          empty="No statements yet. The first arrives on the 1st of the month after your first sale."
        />
      </Card>
    </div>
  );
}
