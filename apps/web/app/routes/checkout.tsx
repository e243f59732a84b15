import { formatMoney } from '@clearframe/contracts/money';
import { Alert, Card, DescriptionList, PageHeader } from '@clearframe/ui';
import { data, Form, redirect } from 'react-router';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { ordersApi } from '../lib/api/orders.server';
import { problemToFailure, type FormFailure } from '../lib/form-errors';
import { formatDateTime } from '../lib/labels';
import { ORDER_STATUS } from '../lib/order-labels';
import { throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/checkout';

export const meta: Route.MetaFunction = () => [{ title: 'Demo checkout · Clearframe' }];

/**
 * The offline provider's checkout: what Stripe's hosted page is in production. Confirming
 * sends the same signed payment event down the same path a Stripe webhook takes. Like a
 * hosted checkout, the session id in the link is what lets someone pay.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const checkout = await ordersApi.checkout(params.sessionId);
  if (!checkout.ok) throwProblem(checkout.problem, request);
  return { checkout: checkout.data };
}

export async function action({ params }: Route.ActionArgs) {
  const confirmed = await ordersApi.confirm(params.sessionId);
  if (!confirmed.ok) {
    return data<{ failure: FormFailure }>(
      { failure: problemToFailure(confirmed.problem, []) },
      { status: confirmed.status },
    );
  }
  return redirect(
    new URL(confirmed.data.redirectUrl).pathname + new URL(confirmed.data.redirectUrl).search,
  );
}

export default function CheckoutPage({ loaderData, actionData }: Route.ComponentProps) {
  const { checkout } = loaderData;
  const payable = checkout.status === 'pending_payment';
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <PageHeader eyebrow="Checkout" title={`Pay ${formatMoney(checkout.total)}`} />
      <Alert tone="warning" title="Demo payment">
        <p>
          This Clearframe runs without a payment provider. Confirming records the payment as if
          Stripe had taken it: no card is charged and no money moves. The order, its license
          certificates and its ledger entries are real.
        </p>
      </Alert>
      <Card title={checkout.orderName}>
        <DescriptionList
          items={[
            { term: 'Licensee', detail: checkout.labName },
            { term: 'Clips', detail: String(checkout.clipCount) },
            { term: 'Total', detail: formatMoney(checkout.total) },
            { term: 'Order', detail: ORDER_STATUS[checkout.status].label },
            { term: 'Pay before', detail: formatDateTime(checkout.expiresAt) },
          ]}
        />
      </Card>
      <FormErrorAlert failure={actionData?.failure} title="The payment was not recorded" />
      {payable ? (
        <Form method="post">
          <SubmitButton intent="confirm">
            Confirm demo payment of {formatMoney(checkout.total)}
          </SubmitButton>
        </Form>
      ) : (
        <p className="text-sm text-slate-700">This order is not awaiting payment any more.</p>
      )}
    </div>
  );
}
