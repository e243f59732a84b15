import { z } from 'zod';
import { bool, configSection } from './config.section.js';

export interface JobsConfig {
  /**
   * Whether this process works the queue (runs handlers, cron schedules and pg-boss maintenance).
   * Every process can enqueue. On (the default) the API works its own jobs, which is what
   * embedded mode wants; a deployment with a separate worker (`node dist/worker.js`) turns it off
   * for the API.
   */
  enabled: boolean;
  /** How often an idle worker asks for new jobs. */
  pollIntervalSeconds: number;
}

export const jobsConfig = configSection({
  variables: z.object({
    JOBS_ENABLED: bool.default(true),
    // pg-boss refuses intervals under half a second.
    JOBS_POLL_INTERVAL_SECONDS: z.coerce.number().min(0.5).max(60).default(1),
  }),
  build: (env): JobsConfig => ({
    enabled: env.JOBS_ENABLED,
    pollIntervalSeconds: env.JOBS_POLL_INTERVAL_SECONDS,
  }),
});
