import type { INestApplicationContext } from '@nestjs/common';
import { JobsService } from '../../src/jobs/jobs.service.js';

/**
 * Runs every job that is ready until none remains (mail included), in the test's own process:
 * tests boot with JOBS_ENABLED=false, so nothing runs unless a test drains.
 */
export function drainJobs(app: INestApplicationContext): Promise<number> {
  return app.get(JobsService).drain();
}

/** Waits until `probe` answers something truthy; for work another process or poller does. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
