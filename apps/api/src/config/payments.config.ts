import { z } from 'zod';
import { configSection, optionalString } from './config.section.js';

export type PaymentsConfig =
  { provider: 'offline' } | { provider: 'stripe'; secretKey: string; webhookSecret: string };

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
  }),
  check(env, _base, report) {
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
        }
      : { provider: 'offline' },
});
