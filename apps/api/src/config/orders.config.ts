import { z } from 'zod';
import { configSection } from './config.section.js';

export interface OrdersConfig {
  /** How long an order may be placed from a quote. */
  quoteTtlMinutes: number;
  /** How long a placed order awaits payment (and holds exclusive clips) before it lapses. */
  paymentWindowMinutes: number;
}

export const ordersConfig = configSection({
  variables: z.object({
    ORDER_QUOTE_TTL_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
    // Stripe Checkout sessions live at most 24 hours, so a longer window could not be paid.
    ORDER_PAYMENT_WINDOW_MINUTES: z.coerce
      .number()
      .int()
      .min(30)
      .max(1440, 'A checkout lives at most 24 hours (1440 minutes).')
      .default(1440),
  }),
  build: (env): OrdersConfig => ({
    quoteTtlMinutes: env.ORDER_QUOTE_TTL_MINUTES,
    paymentWindowMinutes: env.ORDER_PAYMENT_WINDOW_MINUTES,
  }),
});
