import { problemCatalog } from './problem-catalog.js';

/**
 * The contracts library's own errors (`LicenseError`, `PricingError`, `MoneyError`,
 * `CertificateError`) when they reach a client: the input could not be used as given. The
 * library's code travels in each field error's `code`, its paths in `path`.
 */
export const CONTRACTS_PROBLEMS = problemCatalog({
  license_rejected: { status: 422, title: 'License terms rejected' },
  pricing_rejected: { status: 422, title: 'Quote not possible' },
  money_rejected: { status: 422, title: 'Amount rejected' },
  certificate_rejected: { status: 422, title: 'Certificate rejected' },
});
