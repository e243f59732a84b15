import { z } from 'zod';
import { configSection } from './config.section.js';

export interface PayoutsConfig {
  /** A statement closing at or above this (minor units of its currency) is paid; below, carried. */
  thresholdMinor: number;
}

export const payoutsConfig = configSection({
  variables: z.object({
    // $10 by default: below it a transfer costs more in fees and support than it is worth.
    PAYOUT_THRESHOLD_MINOR: z.coerce.number().int().min(1).max(100_000_000).default(1000),
  }),
  build: (env): PayoutsConfig => ({ thresholdMinor: env.PAYOUT_THRESHOLD_MINOR }),
});
