import { problemCatalog } from './problem-catalog.js';

/** Orders, payment events, license grants and certificates. */
export const ORDERS_PROBLEMS = problemCatalog({
  order_not_found: {
    status: 404,
    title: 'Order not found',
    message: 'That order does not exist.',
  },
  quote_invalid: {
    status: 422,
    title: 'Quote not recognised',
    message: 'This quote was not issued for this bundle: ask for a new quote and order from it.',
  },
  quote_expired: {
    status: 409,
    title: 'Quote expired',
    message: 'This quote has expired. Here is the current one: review it and order again.',
  },
  quote_changed: {
    status: 409,
    title: 'Quote changed',
    message:
      'The price or the clips of this bundle changed since the quote. Here is the current quote: review it and order again.',
  },
  terms_changed: {
    status: 409,
    title: 'Terms changed',
    message:
      'The terms you accepted are not the terms these clips are licensed under now. Here are the current ones: read and accept them.',
  },
  bundle_empty: {
    status: 409,
    title: 'Nothing to order',
    message: 'No clip of this bundle can be licensed under its intended use.',
  },
  idempotency_key_required: {
    status: 400,
    title: 'Idempotency-Key required',
    message:
      'Send an Idempotency-Key header (any unique string up to 255 characters) with the order.',
  },
  clip_exclusively_held: {
    status: 409,
    title: 'Clip held exclusively',
    message:
      'A clip of this bundle is held or licensed exclusively by another lab for that time. Remove it and order again.',
  },
  order_not_payable: {
    status: 409,
    title: 'Order cannot be paid',
    message: 'This order is not awaiting payment.',
  },
  order_not_fulfilled: {
    status: 409,
    title: 'Order not delivered yet',
    message: 'This order has no delivery: it is not paid, or its licenses were revoked.',
  },
  checkout_not_found: {
    status: 404,
    title: 'Checkout not found',
    message: 'That checkout does not exist or has expired.',
  },
  certificate_not_found: {
    status: 404,
    title: 'Certificate not found',
    message: 'No certificate with that id was issued here.',
  },
});
