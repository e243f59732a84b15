import type { OrderStatusType } from '@clearframe/contracts/demand';
import type { BadgeTone } from '@clearframe/ui';

/** How each order state reads to the lab, and the badge tone it is shown in. */
export const ORDER_STATUS: Record<OrderStatusType, { label: string; tone: BadgeTone }> = {
  pending_payment: { label: 'Awaiting payment', tone: 'warning' },
  paid: { label: 'Paid, licensing', tone: 'info' },
  fulfilled: { label: 'Licensed and ready', tone: 'success' },
  refunded: { label: 'Refunded', tone: 'neutral' },
  disputed: { label: 'Payment disputed', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};
