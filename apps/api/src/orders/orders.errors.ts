import type { BundleQuoteType } from '@clearframe/contracts/demand';
import { DomainError } from '../common/domain-error.js';

/** The orders domain's failures; codes, statuses and sentences are in contracts. */
export const OrdersErrors = {
  /** Also the answer for another organization's order. */
  notFound: () => new DomainError('order_not_found'),
  quoteInvalid: () => new DomainError('quote_invalid'),
  quoteExpired: (current: BundleQuoteType) =>
    new DomainError('quote_expired', undefined, { current }),
  quoteChanged: (current: BundleQuoteType) =>
    new DomainError('quote_changed', undefined, { current }),
  termsChanged: (current: BundleQuoteType) =>
    new DomainError('terms_changed', undefined, { current }),
  bundleEmpty: (current: BundleQuoteType) =>
    new DomainError('bundle_empty', undefined, { current }),
  keyRequired: () => new DomainError('idempotency_key_required'),
  keyReused: () => new DomainError('idempotency_key_reused'),
  exclusivelyHeld: () => new DomainError('clip_exclusively_held'),
  notPayable: () => new DomainError('order_not_payable'),
  notFulfilled: () => new DomainError('order_not_fulfilled'),
  checkoutNotFound: () => new DomainError('checkout_not_found'),
  certificateNotFound: () => new DomainError('certificate_not_found'),
};
