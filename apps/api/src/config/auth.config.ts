import { z } from 'zod';
import { configSection } from './config.section.js';

export interface AuthConfig {
  sessionTtlMs: number;
  sessionIdleMs: number;
  sessionRotateMs: number;
  /** Per email (`max`) and per client address (`ipMax`) within one window. */
  rateLimit: { max: number; ipMax: number; windowSeconds: number };
}

const HOUR_MS = 3_600_000;
const count = z.coerce.number().int().min(1);

export const authConfig = configSection({
  variables: z.object({
    SESSION_TTL_HOURS: count.default(24 * 30),
    SESSION_IDLE_HOURS: count.default(24 * 7),
    SESSION_ROTATE_HOURS: count.default(24),
    AUTH_RATE_LIMIT_MAX: count.default(10),
    AUTH_RATE_LIMIT_IP_MAX: count.default(100),
    AUTH_RATE_LIMIT_WINDOW_SECONDS: count.default(15 * 60),
  }),
  build: (env): AuthConfig => ({
    sessionTtlMs: env.SESSION_TTL_HOURS * HOUR_MS,
    sessionIdleMs: env.SESSION_IDLE_HOURS * HOUR_MS,
    sessionRotateMs: env.SESSION_ROTATE_HOURS * HOUR_MS,
    rateLimit: {
      max: env.AUTH_RATE_LIMIT_MAX,
      ipMax: env.AUTH_RATE_LIMIT_IP_MAX,
      windowSeconds: env.AUTH_RATE_LIMIT_WINDOW_SECONDS,
    },
  }),
});
