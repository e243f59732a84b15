import { z } from 'zod';
import { Id, Timestamp } from '../common.js';
import { CertificateClaims } from '../certificates/certificate.schema.js';
import { LicenseRequest, LicenseTerms } from '../license/license.schema.js';
import { Money } from '../money/money.schema.js';

// Orders freeze a bundle's quote, take payment, and end in license grants with signed
// certificates and a delivery manifest (DESIGN §3 "Order", "LicenseGrant", "Delivery").

/** A terms hash as `termsHash` computes it. */
export const TermsHashText = z.string().regex(/^sha256:[0-9a-f]{64}$/, {
  message: 'Expected "sha256:" and 64 lower-case hex characters.',
});

/** A clip file's SHA-256, 64 lower-case hex characters. */
export const Sha256Hex = z
  .string()
  .regex(/^[0-9a-f]{64}$/, { message: 'Expected 64 lower-case hex characters.' });

/** How long a quote may be ordered from, unless the server is configured otherwise. */
export const QUOTE_TTL_MINUTES = 30;

/**
 * One distinct terms object a bundle's priced clips resolve to (creators differ on
 * attribution, retention, prohibitions): the exact terms a grant will carry, their hash, and
 * the clips they cover. A lab accepts terms by sending these hashes with the order.
 */
export const BundleTermsGroup = z.strictObject({
  termsHash: TermsHashText,
  terms: LicenseTerms,
  clipIds: z.array(Id).min(1),
});
export type BundleTermsGroupType = z.infer<typeof BundleTermsGroup>;

/**
 * `POST /v1/orgs/:orgId/orders` (with an `Idempotency-Key` header): order a bundle as quoted.
 * `quoteToken` is the one the bundle's quote carried; the server recomputes the quote and
 * refuses with the current one (409) when it expired, its price changed or clips left it.
 * `acceptedTermsHashes` must be exactly the quote's terms hashes. No amount is sent: the
 * server never takes one from the client.
 */
export const PlaceOrder = z.strictObject({
  bundleId: Id,
  quoteToken: z.string().min(1).max(2_000),
  acceptedTermsHashes: z.array(TermsHashText).min(1).max(5_000),
});
export type PlaceOrderType = z.infer<typeof PlaceOrder>;

export const ORDER_STATUSES = [
  'pending_payment',
  'paid',
  'fulfilled',
  'refunded',
  'disputed',
  'cancelled',
] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatusType = z.infer<typeof OrderStatus>;

export const GRANT_STATUSES = ['active', 'revoked'] as const;

export const ORDER_PAYMENTS = ['checkout', 'invoice'] as const;
export const OrderPayment = z.enum(ORDER_PAYMENTS);
export type OrderPaymentType = z.infer<typeof OrderPayment>;

/** A license grant of an order: one per distinct terms, each with its certificate. */
export const OrderGrant = z.strictObject({
  certificateId: Id,
  termsHash: TermsHashText,
  clipCount: z.number().int().min(1),
  totalSeconds: z.number().min(0),
  clipsMerkleRoot: Sha256Hex,
  status: z.enum(GRANT_STATUSES),
  validFrom: Timestamp,
  validUntil: Timestamp.nullable(),
});
export type OrderGrantType = z.infer<typeof OrderGrant>;

/** An order as its lab sees it. Amounts are the server's, frozen when the order was placed. */
export const Order = z.strictObject({
  id: Id,
  orgId: Id,
  bundleId: Id.nullable(),
  name: z.string(),
  status: OrderStatus,
  intendedUse: LicenseRequest,
  rateCardId: z.string(),
  total: Money,
  platformFee: Money,
  creatorShare: Money,
  clipCount: z.number().int().min(1),
  totalDurationMs: z.number().int().min(0),
  terms: z.array(z.strictObject({ termsHash: TermsHashText, clipCount: z.number().int() })),
  /** How the order is paid: a hosted checkout, or an invoice for labs billed by invoice. */
  payment: OrderPayment,
  /**
   * Where to pay, while the order awaits payment: the checkout page, or the hosted invoice
   * (then `expiresAt` is the invoice's due date, when an unpaid order lapses).
   */
  checkout: z.strictObject({ url: z.url(), expiresAt: Timestamp }).nullable(),
  grants: z.array(OrderGrant),
  createdAt: Timestamp,
  paidAt: Timestamp.nullable(),
  fulfilledAt: Timestamp.nullable(),
  refundedAt: Timestamp.nullable(),
});
export type OrderType = z.infer<typeof Order>;

/**
 * One line of an order's delivery manifest (`…/manifest.jsonl`, one JSON object per line),
 * grouped by certificate and, within one, in the order the certificate's Merkle root was
 * computed over the clips' SHA-256s. `downloadUrl` is presigned afresh on every request.
 */
export const ManifestEntry = z.strictObject({
  clipId: Id,
  title: z.string(),
  /** The name the creator uploaded the file under (downloads are saved under it). */
  fileName: z.string(),
  sha256: Sha256Hex,
  bytes: z.number().int().min(0),
  durationMs: z.number().int().min(0),
  width: z.number().int().min(0),
  height: z.number().int().min(0),
  fps: z.number().min(0),
  captions: z.array(z.string()),
  termsHash: TermsHashText,
  certificateId: Id,
  /** The clip's position in its certificate's Merkle tree. */
  position: z.number().int().min(0),
  downloadUrl: z.url(),
  downloadUrlExpiresAt: Timestamp,
});
export type ManifestEntryType = z.infer<typeof ManifestEntry>;

export const CERTIFICATE_STATUSES = ['valid', 'not_yet_valid', 'expired', 'revoked'] as const;

/**
 * `GET /v1/certificates/:id` (public): the signed certificate, its claims, and its live status.
 * `revoked` wins over the validity window; a revoked certificate may be restored (a dispute won).
 */
export const CertificateStatus = z.strictObject({
  certificateId: Id,
  status: z.enum(CERTIFICATE_STATUSES),
  jws: z.string(),
  keyId: z.string(),
  claims: CertificateClaims,
  revokedAt: Timestamp.nullable(),
  checkedAt: Timestamp,
});
export type CertificateStatusType = z.infer<typeof CertificateStatus>;

/**
 * `GET /v1/payments/offline/checkout/:sessionId` (public, offline provider only): what the local
 * demo checkout page shows. Knowing the session id is what lets someone pay, as on Stripe.
 */
export const OfflineCheckout = z.strictObject({
  sessionId: z.string(),
  orderId: Id,
  orgId: Id,
  orderName: z.string(),
  labName: z.string(),
  clipCount: z.number().int(),
  total: Money,
  status: OrderStatus,
  expiresAt: Timestamp,
});
export type OfflineCheckoutType = z.infer<typeof OfflineCheckout>;

/** The answer to confirming a demo payment: where the buyer goes next. */
export const OfflineCheckoutConfirmed = z.strictObject({
  orderId: Id,
  redirectUrl: z.url(),
});
export type OfflineCheckoutConfirmedType = z.infer<typeof OfflineCheckoutConfirmed>;

/** A webhook delivery's acknowledgement. */
export const WebhookReceived = z.strictObject({
  received: z.literal(true),
  duplicate: z.boolean(),
});
