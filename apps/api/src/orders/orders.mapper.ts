import type { OrderType } from '@clearframe/contracts/demand';
import type { GrantRow } from './license-grants.repository.js';
import type { OrderRow, OrderTermsRow } from './orders.repository.js';

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

/** An order as its lab sees it. */
export function toOrderDto(
  order: OrderRow,
  terms: readonly OrderTermsRow[],
  grants: readonly GrantRow[],
): OrderType {
  const money = (amountMinor: number) => ({ amountMinor, currency: order.currency });
  return {
    id: order.id,
    orgId: order.orgId,
    bundleId: order.bundleId,
    name: order.name,
    status: order.status,
    payment: order.payment,
    intendedUse: order.intendedUse,
    rateCardId: order.rateCardId,
    total: money(order.totalMinor),
    platformFee: money(order.platformFeeMinor),
    creatorShare: money(order.creatorShareMinor),
    clipCount: order.clipCount,
    totalDurationMs: order.totalDurationMs,
    terms: terms.map((group) => ({ termsHash: group.termsHash, clipCount: group.clipCount })),
    checkout:
      order.status === 'pending_payment' && order.checkoutUrl && order.checkoutExpiresAt
        ? { url: order.checkoutUrl, expiresAt: iso(order.checkoutExpiresAt)! }
        : null,
    grants: grants.map((grant) => ({
      certificateId: grant.id,
      termsHash: grant.termsHash,
      clipCount: grant.clipCount,
      totalSeconds: grant.totalSeconds,
      clipsMerkleRoot: grant.clipsRoot,
      status: grant.status,
      validFrom: iso(grant.validFrom)!,
      validUntil: iso(grant.validUntil),
    })),
    createdAt: iso(order.createdAt)!,
    paidAt: iso(order.paidAt),
    fulfilledAt: iso(order.fulfilledAt),
    refundedAt: iso(order.refundedAt),
  };
}
