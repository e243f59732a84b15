import { formatMoney } from '@clearframe/contracts/money';
import {
  Alert,
  Badge,
  buttonClasses,
  Card,
  DescriptionList,
  PageHeader,
  Table,
  textLinkClasses,
} from '@clearframe/ui';
import { Link } from 'react-router';
import { DownloadCheck } from '../components/download-check';
import { manifestHead, ordersApi } from '../lib/api/orders.server';
import { requireLab } from '../lib/bundles.server';
import { formatBytes, formatDuration } from '../lib/clip-labels';
import { formatDateTime } from '../lib/labels';
import { ORDER_STATUS } from '../lib/order-labels';
import { requireViewer, throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/order';

/** Files listed on the page with their links; the manifest download has every one. */
const LISTED = 200;

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData?.order.name ?? 'Order'} · Orders · Clearframe` },
  // Paid a moment ago and still being licensed: look again shortly.
  ...(loaderData?.settling ? [{ httpEquiv: 'refresh', content: '2' }] : []),
];

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const org = requireLab(viewer, params.orgId);
  const order = await ordersApi.get(viewer.token, org.id, params.orderId);
  if (!order.ok) throwProblem(order.problem, request);
  const paidJustNow = new URL(request.url).searchParams.has('paid');
  const settling =
    order.data.status === 'paid' || (paidJustNow && order.data.status === 'pending_payment');
  const delivery =
    order.data.status === 'fulfilled'
      ? await manifestHead(viewer.token, org.id, order.data.id, LISTED)
      : null;
  return { org, order: order.data, settling, delivery };
}

/** An order: its payment, its license grants with their certificates, and its files. */
export default function OrderPage({ loaderData }: Route.ComponentProps) {
  const { org, order, settling, delivery } = loaderData;
  const status = ORDER_STATUS[order.status];
  const base = `/orders/${org.id}/${order.id}`;
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to={`/orders/${org.id}`} className={textLinkClasses}>
          ← Orders
        </Link>
      </p>
      <PageHeader
        eyebrow={org.name}
        title={order.name}
        description={`${order.clipCount} clip${order.clipCount === 1 ? '' : 's'} · ${formatMoney(order.total)} · placed ${formatDateTime(order.createdAt)}`}
      />
      <div>
        <Badge tone={status.tone}>{status.label}</Badge>
      </div>
      {settling && (
        <Alert tone="info" title="Payment received">
          <p>Your licenses are being issued; this page refreshes by itself.</p>
        </Alert>
      )}
      {order.status === 'pending_payment' && order.checkout && !settling && (
        <Alert
          tone="warning"
          title={order.payment === 'invoice' ? 'Invoice sent' : 'Awaiting payment'}
        >
          <p>
            {order.payment === 'invoice'
              ? `Invoice sent, due ${formatDateTime(order.checkout.expiresAt)}; until then exclusive clips stay held for you.`
              : `Pay before ${formatDateTime(order.checkout.expiresAt)}; until then exclusive clips stay held for you.`}
          </p>
          <p className="mt-3">
            <a href={order.checkout.url} className={buttonClasses({ variant: 'primary' })}>
              {order.payment === 'invoice' ? 'View and pay the invoice' : 'Pay'}{' '}
              {formatMoney(order.total)}
            </a>
          </p>
        </Alert>
      )}
      {(order.status === 'refunded' || order.status === 'disputed') && (
        <Alert tone="danger" title={order.status === 'refunded' ? 'Refunded' : 'Payment disputed'}>
          <p>
            The licenses of this order are revoked, so there are no downloads. Stop using the files
            and delete them as the terms require.
          </p>
        </Alert>
      )}
      <Card title="Payment">
        <DescriptionList
          items={[
            { term: 'Total', detail: formatMoney(order.total) },
            { term: 'To the creators', detail: formatMoney(order.creatorShare) },
            { term: 'Platform fee', detail: formatMoney(order.platformFee) },
            { term: 'Rate card', detail: order.rateCardId },
            {
              term: 'Paid',
              detail: order.paidAt ? formatDateTime(order.paidAt) : 'Not yet',
            },
          ]}
        />
      </Card>
      <Card
        title="License certificates"
        description="One per set of terms. Each is a signed statement anyone can check on the verify page."
      >
        <Table
          caption="License certificates"
          captionHidden
          columns={[
            {
              key: 'certificate',
              header: 'Certificate',
              rowHeader: true,
              cell: (grant) => (
                <Link
                  to={`/verify?id=${grant.certificateId}`}
                  className={`${textLinkClasses} [overflow-wrap:anywhere]`}
                >
                  {grant.certificateId}
                </Link>
              ),
            },
            {
              key: 'status',
              header: 'State',
              cell: (grant) => (
                <Badge tone={grant.status === 'active' ? 'success' : 'danger'}>
                  {grant.status === 'active' ? 'Valid' : 'Revoked'}
                </Badge>
              ),
            },
            {
              key: 'clips',
              header: 'Clips',
              align: 'end',
              cell: (grant) => String(grant.clipCount),
            },
            {
              key: 'until',
              header: 'Valid until',
              nowrap: true,
              cell: (grant) => (grant.validUntil ? formatDateTime(grant.validUntil) : 'Perpetual'),
            },
            {
              key: 'terms',
              header: 'Terms hash',
              cell: (grant) => (
                <span className="font-mono text-xs [overflow-wrap:anywhere]">
                  {grant.termsHash}
                </span>
              ),
            },
          ]}
          rows={order.grants}
          rowKey={(grant) => grant.certificateId}
          empty="Certificates are issued when the payment is confirmed."
        />
      </Card>
      {delivery && (
        <Card
          title="Files"
          description="Download links last an hour; this page and the manifest sign new ones each time."
        >
          <div className="space-y-6">
            <p className="flex flex-wrap gap-3">
              <a
                href={`${base}/manifest.jsonl`}
                className={buttonClasses({ variant: 'secondary' })}
              >
                Manifest (JSON Lines)
              </a>
              <a
                href={`${base}/croissant.json`}
                className={buttonClasses({ variant: 'secondary' })}
              >
                Croissant dataset card
              </a>
            </p>
            <p className="text-sm text-slate-700">
              Or from a terminal:{' '}
              <code className="font-mono">clearframe pull {order.id} --out ./dataset</code>{' '}
              downloads every file, resumes, and verifies each checksum and certificate.
            </p>
            <Table
              caption="Licensed files"
              captionHidden
              columns={[
                {
                  key: 'title',
                  header: 'Clip',
                  rowHeader: true,
                  cell: (entry) => (
                    <a
                      href={entry.downloadUrl}
                      className={textLinkClasses}
                      download={entry.fileName}
                    >
                      {entry.title}
                    </a>
                  ),
                },
                {
                  key: 'length',
                  header: 'Length',
                  nowrap: true,
                  cell: (entry) =>
                    `${formatDuration(entry.durationMs)} · ${entry.width}×${entry.height}`,
                },
                {
                  key: 'size',
                  header: 'Size',
                  align: 'end',
                  nowrap: true,
                  cell: (entry) => formatBytes(entry.bytes),
                },
                {
                  key: 'sha',
                  header: 'SHA-256',
                  cell: (entry) => (
                    <span className="font-mono text-xs [overflow-wrap:anywhere]">
                      {entry.sha256}
                    </span>
                  ),
                },
              ]}
              rows={delivery.entries}
              rowKey={(entry) => entry.clipId}
            />
            {delivery.more && (
              <p className="text-sm text-slate-700">
                The first {LISTED} files are listed; the manifest has them all.
              </p>
            )}
            <DownloadCheck expected={delivery.entries} />
          </div>
        </Card>
      )}
    </div>
  );
}
