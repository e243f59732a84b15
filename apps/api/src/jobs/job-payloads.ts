/**
 * Every job name and the payload it carries. Names are namespaced by domain (`mail.send`,
 * `uploads.probe`, `royalties.statement`). Each domain adds its own jobs from its
 * `<domain>.jobs.ts`, beside their handlers:
 *
 *   declare module '../jobs/job-payloads.js' {
 *     interface JobPayloads { 'uploads.probe': { uploadId: string } }
 *   }
 *
 * so `JobsService.send` and `@JobHandler` check names and payloads at compile time. Payloads are
 * JSON in the queue table: plain data, never class instances or Dates.
 */
export interface JobPayloads {
  /** Round-trips the queue (platform checks and drills); its handler echoes the payload. */
  'system.noop': { echo?: string };
  /** Reports the queue's backlog (`system.jobs.ts`), once a minute from the cron schedule. */
  'system.queue-age': Record<string, never>;
}

export type JobName = keyof JobPayloads & string;
