import { problemCatalog } from './problem-catalog.js';

/** Problems any route can answer: request shape, authentication, authorization, availability. */
export const COMMON_PROBLEMS = problemCatalog({
  validation_failed: { status: 422, title: 'Validation failed' },
  malformed_request: { status: 400, title: 'Malformed request' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  unauthenticated: {
    status: 401,
    title: 'Sign-in required',
    message: 'Sign in to continue.',
  },
  forbidden: {
    status: 403,
    title: 'Forbidden',
    message: 'You do not have permission to do that.',
  },
  csrf_refused: {
    status: 403,
    title: 'Cross-site request refused',
    message:
      'This request did not come from a Clearframe page, so it was refused. Reload and try again.',
  },
  not_found: { status: 404, title: 'Not found', message: 'That no longer exists.' },
  route_not_found: { status: 404, title: 'No such route' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  rate_limited: {
    status: 429,
    title: 'Too many requests',
    message: 'Too many attempts. Wait a moment and try again.',
  },
  service_unavailable: {
    status: 503,
    title: 'Service unavailable',
    message: 'Clearframe is temporarily unavailable. Try again in a moment.',
  },
  internal_error: {
    status: 500,
    title: 'Internal error',
    message: 'Something went wrong on our side. Try again; if it keeps happening, contact support.',
  },
  // Any POST that takes an Idempotency-Key (uploads, orders): the key names one request.
  idempotency_key_reused: {
    status: 409,
    title: 'Idempotency key reused',
    message: 'This Idempotency-Key was already used for a different request. Use a new key.',
  },
});
