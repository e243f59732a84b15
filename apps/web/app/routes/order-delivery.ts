import { ordersApi } from '../lib/api/orders.server';
import { requireLab } from '../lib/bundles.server';
import { notFound, requireViewer } from '../lib/viewer.server';
import type { Route } from './+types/order-delivery';

const FILES = {
  'manifest.jsonl': 'application/x-ndjson; charset=utf-8',
  'croissant.json': 'application/ld+json; charset=utf-8',
} as const;

/**
 * An order's delivery files for the person's browser: the API's stream passed on as it comes
 * (never buffered whole), with the session the API checks. Download links inside are fresh.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const org = requireLab(viewer, params.orgId);
  const file = params.file as keyof typeof FILES;
  if (!Object.hasOwn(FILES, file)) throw notFound();
  const upstream = await ordersApi.delivery(viewer.token, org.id, params.orderId, file);
  if (!upstream.ok || !upstream.body) {
    await upstream.body?.cancel();
    throw new Response(
      upstream.status === 409
        ? 'This order has nothing to deliver: it is not paid yet, or its licenses were revoked.'
        : 'We could not find that order.',
      { status: upstream.status === 409 ? 409 : 404 },
    );
  }
  return new Response(upstream.body, {
    headers: {
      'Content-Type': FILES[file],
      'Content-Disposition': `attachment; filename="order-${params.orderId}-${file}"`,
      'Cache-Control': 'no-store',
    },
  });
}
