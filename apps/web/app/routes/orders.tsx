import { formatMoney } from '@clearframe/contracts/money';
import { Badge, Card, PageHeader, Table, textLinkClasses } from '@clearframe/ui';
import { Link } from 'react-router';
import { ordersApi } from '../lib/api/orders.server';
import { requireLab } from '../lib/bundles.server';
import { formatDateTime } from '../lib/labels';
import { ORDER_STATUS } from '../lib/order-labels';
import { requireViewer, throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/orders';

export const meta: Route.MetaFunction = () => [{ title: 'Orders · Clearframe' }];

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const org = requireLab(viewer, params.orgId);
  const orders = await ordersApi.list(viewer.token, org.id);
  if (!orders.ok) throwProblem(orders.problem, request);
  return { org, orders: orders.data.items };
}

/** A lab's orders, newest first, each with its state and total. */
export default function OrdersPage({ loaderData }: Route.ComponentProps) {
  const { org, orders } = loaderData;
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={org.name}
        title="Orders"
        description="Every bundle you ordered: its payment, its license certificates and its files."
      />
      <Card>
        <Table
          caption="Orders, newest first"
          captionHidden
          columns={[
            {
              key: 'name',
              header: 'Order',
              rowHeader: true,
              cell: (order) => (
                <Link to={`/orders/${org.id}/${order.id}`} className={textLinkClasses}>
                  {order.name}
                </Link>
              ),
            },
            {
              key: 'status',
              header: 'State',
              cell: (order) => (
                <Badge tone={ORDER_STATUS[order.status].tone}>
                  {ORDER_STATUS[order.status].label}
                </Badge>
              ),
            },
            {
              key: 'clips',
              header: 'Clips',
              align: 'end',
              cell: (order) => String(order.clipCount),
            },
            {
              key: 'total',
              header: 'Total',
              align: 'end',
              cell: (order) => formatMoney(order.total),
            },
            {
              key: 'placed',
              header: 'Placed',
              nowrap: true,
              cell: (order) => formatDateTime(order.createdAt),
            },
          ]}
          rows={orders}
          rowKey={(order) => order.id}
          empty={
            <>
              No orders yet. Build a bundle from the{' '}
              <Link to="/catalog" className={textLinkClasses}>
                catalog
              </Link>{' '}
              and order it.
            </>
          }
        />
      </Card>
    </div>
  );
}
