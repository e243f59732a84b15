import { formatMoney, type CurrencyCodeType } from '@clearframe/contracts/money';
import { Alert, Badge, Card, PageHeader, Table, textLinkClasses } from '@clearframe/ui';
import { data, Form, Link } from 'react-router';
import { SubmitButton } from '../components/forms';
import { payoutsApi, type PayoutType } from '../lib/api/payouts.server';
import { formatDate } from '../lib/labels';
import { requireOperator } from '../lib/operator.server';
import { requireViewer, throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/operator-payouts';

export const meta: Route.MetaFunction = () => [{ title: 'Payouts · Clearframe' }];

export async function loader({ request, context }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  requireOperator(viewer);
  const overview = await payoutsApi.overview(viewer.token);
  if (!overview.ok) throwProblem(overview.problem, request);
  return overview.data;
}

type ActionResult = { tone: 'success' | 'danger'; message: string };

export async function action({ request, context }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  requireOperator(viewer);
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const payoutId = String(form.get('payoutId') ?? '');
  const answer = (result: ActionResult, status = 200) => data<ActionResult>(result, { status });
  if (intent === 'run') {
    const run = await payoutsApi.run(viewer.token);
    if (!run.ok)
      return answer(
        { tone: 'danger', message: run.problem.detail ?? 'The run failed.' },
        run.status,
      );
    const paid = run.data.payouts.filter((p) => p.outcome === 'paid').length;
    const failed = run.data.payouts.filter((p) => p.outcome === 'failed').length;
    return answer({
      tone: failed ? 'danger' : 'success',
      message: `Run finished: ${paid} paid, ${failed} failed.`,
    });
  }
  if (intent === 'retry' || intent === 'mark-paid') {
    const result =
      intent === 'retry'
        ? await payoutsApi.retry(viewer.token, payoutId)
        : await payoutsApi.markPaid(viewer.token, payoutId);
    if (!result.ok) {
      return answer(
        { tone: 'danger', message: result.problem.detail ?? 'That did not work.' },
        result.status,
      );
    }
    return answer({
      tone: 'success',
      message: intent === 'retry' ? 'Asked the provider again.' : 'Recorded as paid by hand.',
    });
  }
  return answer({ tone: 'danger', message: 'Unknown action.' }, 400);
}

const money = (amountMinor: number, currency: string) =>
  formatMoney({ amountMinor, currency: currency as CurrencyCodeType });

const STATE_TONE = {
  paid: 'success',
  failed: 'danger',
  requested: 'warning',
  manual: 'info',
} as const;

function stateLabel(payout: PayoutType): string {
  if (payout.state === 'manual') return payout.paidAt ? 'Paid by hand' : 'To pay by hand';
  return { paid: 'Paid', failed: 'Failed', requested: 'In progress' }[payout.state];
}

/** What the next run pays, what was paid, what failed and why, with retry. */
export default function OperatorPayoutsPage({ loaderData, actionData }: Route.ComponentProps) {
  const { upcoming, payouts, thresholdMinor, provider } = loaderData;
  const failed = payouts.filter((p) => p.state === 'failed');
  const rest = payouts.filter((p) => p.state !== 'failed');
  const payoutColumns = [
    { key: 'studio', header: 'Studio', rowHeader: true, cell: (p: PayoutType) => p.orgName },
    { key: 'period', header: 'Statement', nowrap: true, cell: (p: PayoutType) => p.period },
    {
      key: 'amount',
      header: 'Amount',
      align: 'end' as const,
      cell: (p: PayoutType) => money(p.amountMinor, p.currency),
    },
    {
      key: 'state',
      header: 'State',
      cell: (p: PayoutType) => (
        <Badge tone={p.state === 'manual' && p.paidAt ? 'success' : STATE_TONE[p.state]}>
          {stateLabel(p)}
        </Badge>
      ),
    },
    {
      key: 'transfer',
      header: 'Transfer',
      cell: (p: PayoutType) => p.providerTransferId ?? '—',
    },
    {
      key: 'attempts',
      header: 'Attempts',
      align: 'end' as const,
      cell: (p: PayoutType) => p.attempts,
    },
    {
      key: 'when',
      header: 'Paid',
      nowrap: true,
      cell: (p: PayoutType) => (p.paidAt ? formatDate(p.paidAt) : '—'),
    },
  ];
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow="Operations"
        title="Payouts"
        description={`Each studio's newest final statement is paid once it reaches ${money(thresholdMinor, 'USD')} (provider: ${provider}); smaller and negative balances carry to the next statement. A run is safe to repeat: each statement is paid at most once.`}
        actions={
          <Link to="/operator/payouts/reconciliation" className={textLinkClasses}>
            Reconciliation
          </Link>
        }
      />
      {actionData && <Alert tone={actionData.tone}>{actionData.message}</Alert>}
      <Card
        title="Upcoming"
        description="Final statements not paid yet, and what the next run pays for each."
        actions={
          <Form method="post">
            <SubmitButton intent="run">Run payouts now</SubmitButton>
          </Form>
        }
      >
        <Table
          caption="Upcoming payouts"
          captionHidden
          rows={upcoming}
          rowKey={(u) => u.statementId}
          empty="Nothing to pay: every final statement is paid or carried."
          columns={[
            { key: 'studio', header: 'Studio', rowHeader: true, cell: (u) => u.orgName },
            { key: 'period', header: 'Statement', nowrap: true, cell: (u) => u.period },
            {
              key: 'closing',
              header: 'Closing balance',
              align: 'end',
              cell: (u) => money(u.closingMinor, u.currency),
            },
            {
              key: 'amount',
              header: 'To pay',
              align: 'end',
              // A carried balance is in the closing column; this run pays none of it.
              cell: (u) =>
                u.payable ? (
                  <strong>{money(u.amountMinor, u.currency)}</strong>
                ) : (
                  'Nothing this run'
                ),
            },
            {
              key: 'payable',
              header: 'Next run',
              cell: (u) =>
                u.payable ? (
                  <Badge tone="info">Pays</Badge>
                ) : (
                  <Badge tone="neutral">
                    {u.amountMinor < 0 ? 'Carries (negative)' : 'Carries (below threshold)'}
                  </Badge>
                ),
            },
          ]}
        />
      </Card>
      <Card title="Failed" description="The provider refused these; fix the cause, then retry.">
        <Table
          caption="Failed payouts"
          captionHidden
          rows={failed}
          rowKey={(p) => p.id}
          empty="No failed payouts."
          columns={[
            ...payoutColumns.slice(0, 3),
            { key: 'reason', header: 'Why', cell: (p) => p.failureReason ?? '—' },
            { key: 'attempts', header: 'Attempts', align: 'end', cell: (p) => p.attempts },
            {
              key: 'retry',
              header: 'Retry',
              hideHeader: true,
              cell: (p) => (
                <Form method="post">
                  <input type="hidden" name="payoutId" value={p.id} />
                  <SubmitButton
                    intent="retry"
                    size="sm"
                    variant="secondary"
                    pendingWhen={(f) => f.get('payoutId') === p.id}
                  >
                    Retry
                  </SubmitButton>
                </Form>
              ),
            },
          ]}
        />
      </Card>
      <Card title="Paid and in progress" description="Newest first.">
        <Table
          caption="Payouts"
          captionHidden
          rows={rest}
          rowKey={(p) => p.id}
          empty="No payouts yet."
          columns={[
            ...payoutColumns,
            {
              key: 'action',
              header: 'Action',
              hideHeader: true,
              cell: (p) =>
                p.state === 'manual' && !p.paidAt ? (
                  <Form method="post">
                    <input type="hidden" name="payoutId" value={p.id} />
                    <SubmitButton
                      intent="mark-paid"
                      size="sm"
                      variant="secondary"
                      pendingWhen={(f) => f.get('payoutId') === p.id}
                    >
                      Mark paid
                    </SubmitButton>
                  </Form>
                ) : null,
            },
          ]}
        />
      </Card>
    </div>
  );
}
