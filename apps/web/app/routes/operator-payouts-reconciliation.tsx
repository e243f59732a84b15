import { formatMoney, type CurrencyCodeType } from '@clearframe/contracts/money';
import { Alert, Card, PageHeader, Table, textLinkClasses } from '@clearframe/ui';
import { Link } from 'react-router';
import { payoutsApi } from '../lib/api/payouts.server';
import { formatDate } from '../lib/labels';
import { requireOperator } from '../lib/operator.server';
import { requireViewer, throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/operator-payouts-reconciliation';

export const meta: Route.MetaFunction = () => [{ title: 'Payout reconciliation · Clearframe' }];

export async function loader({ request, context }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  requireOperator(viewer);
  const report = await payoutsApi.reconciliation(viewer.token);
  if (!report.ok) throwProblem(report.problem, request);
  return report.data;
}

const KIND_LABELS: Record<string, string> = {
  missing_at_provider: 'Missing at the provider',
  missing_in_ledger: 'Missing in the ledger',
  amount_differs: 'Amounts differ',
  reversed_at_provider: 'Reversed at the provider',
  ledger_entry_differs: 'Journal entry differs',
};

const money = (amountMinor: number | null, currency: string | null) =>
  amountMinor === null
    ? '—'
    : formatMoney({ amountMinor, currency: (currency ?? 'USD') as CurrencyCodeType });

/** The ledger's payouts against the provider's transfers, every mismatch listed. */
export default function PayoutReconciliationPage({ loaderData }: Route.ComponentProps) {
  const report = loaderData;
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow="Operations"
        title="Payout reconciliation"
        description={`The ledger's payouts against the ${report.provider} provider's transfers, checked ${formatDate(report.checkedAt)}: ${report.payouts} payouts, ${report.transfers} transfers, ${report.matched} matched.`}
        actions={
          <Link to="/operator/payouts" className={textLinkClasses}>
            Back to payouts
          </Link>
        }
      />
      {report.mismatches.length === 0 ? (
        <Alert tone="success">Every payout matches a transfer, and every transfer a payout.</Alert>
      ) : (
        <Alert tone="danger">
          {report.mismatches.length} mismatch{report.mismatches.length === 1 ? '' : 'es'} to look
          into.
        </Alert>
      )}
      <Card>
        <Table
          caption="Mismatches"
          captionHidden
          rows={report.mismatches}
          rowKey={(m) => `${m.kind}:${m.payoutId ?? ''}:${m.transferId ?? ''}`}
          empty="No mismatches."
          columns={[
            {
              key: 'kind',
              header: 'Mismatch',
              rowHeader: true,
              cell: (m) => KIND_LABELS[m.kind] ?? m.kind,
            },
            { key: 'transfer', header: 'Transfer', cell: (m) => m.transferId ?? '—' },
            {
              key: 'ledger',
              header: 'Ledger',
              align: 'end',
              cell: (m) => money(m.ledgerMinor, m.currency),
            },
            {
              key: 'provider',
              header: 'Provider',
              align: 'end',
              cell: (m) => money(m.providerMinor, m.currency),
            },
            { key: 'detail', header: 'Detail', cell: (m) => m.detail },
          ]}
        />
      </Card>
    </div>
  );
}
