import { z } from 'zod';
import { configSection, optionalString } from './config.section.js';

/** Where the Stripe SDK sends its requests instead of api.stripe.com (a local double). */
export interface StripeApiAddress {
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

export type PaymentsConfig =
  | { provider: 'offline' }
  | { provider: 'stripe'; secretKey: string; webhookSecret: string; api?: StripeApiAddress };

/** `offline` (the default) settles payments locally; `stripe` needs the account's keys. */
export const paymentsConfig = configSection({
  variables: z.object({
    PAYMENTS_PROVIDER: z.enum(['offline', 'stripe']).default('offline'),
    STRIPE_SECRET_KEY: optionalString.pipe(
      z
        .string()
        .regex(/^(sk|rk)_(test|live)_\w+$/, 'Use a Stripe secret or restricted key (sk_… or rk_…).')
        .optional(),
    ),
    STRIPE_WEBHOOK_SECRET: optionalString.pipe(
      z
        .string()
        .regex(/^whsec_[\w+/=]+$/, 'Use the webhook signing secret (whsec_…).')
        .optional(),
    ),
    // Tests and local doubles only (e.g. http://127.0.0.1:12111): the SDK takes a host, a port
    // and a protocol, not a base path, so anything after the origin is refused.
    STRIPE_API_URL: optionalString.pipe(
      z
        .url({
          protocol: /^https?$/,
          error: 'Use an http(s) origin such as http://127.0.0.1:12111.',
        })
        .pipe(
          z.string().refine((value) => /^https?:\/\/[^/?#]+\/?$/.test(value), {
            message: 'Use an origin only (scheme, host and port), without a path.',
          }),
        )
        .transform(apiAddress)
        .optional(),
    ),
  }),
  check(env, base, report) {
    if (env.STRIPE_API_URL && base.isProduction) {
      // A production process talking to a fake Stripe would take orders it never charges.
      report('STRIPE_API_URL', 'Only for tests and local doubles, not in production.');
    }
    if (env.PAYMENTS_PROVIDER !== 'stripe') return;
    if (!env.STRIPE_SECRET_KEY)
      report('STRIPE_SECRET_KEY', 'Required when PAYMENTS_PROVIDER=stripe.');
    if (!env.STRIPE_WEBHOOK_SECRET) {
      report('STRIPE_WEBHOOK_SECRET', 'Required when PAYMENTS_PROVIDER=stripe.');
    }
  },
  build: (env): PaymentsConfig =>
    env.PAYMENTS_PROVIDER === 'stripe'
      ? {
          provider: 'stripe',
          secretKey: env.STRIPE_SECRET_KEY!,
          webhookSecret: env.STRIPE_WEBHOOK_SECRET!,
          ...(env.STRIPE_API_URL ? { api: env.STRIPE_API_URL } : {}),
        }
      : { provider: 'offline' },
});

function apiAddress(value: string): StripeApiAddress {
  const url = new URL(value);
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : protocol === 'https' ? 443 : 80,
    protocol,
  };
}
