import type { Queue } from 'pg-boss';
import type { JobName, JobPayloads } from './job-payloads.js';

/** What a handler learns about the job besides its payload. */
export interface JobContext {
  id: string;
  name: JobName;
  /** 0 on the first attempt. */
  retryCount: number;
}

/** The queue's behaviour, in pg-boss terms (seconds). Applied at every boot, so edits take effect. */
export type JobQueueOptions = Pick<
  Queue,
  | 'retryLimit'
  | 'retryDelay'
  | 'retryBackoff'
  | 'expireInSeconds'
  | 'deleteAfterSeconds'
  | 'retentionSeconds'
  | 'heartbeatSeconds'
> & {
  /**
   * `standard` (default) queues everything. For a job that must run once per business key, use
   * `exclusive` (one queued or active per `singletonKey`) or `short` (one queued per key) and send
   * with `singletonKey`: pg-boss 12's `singleton` policy does NOT dedupe queued jobs with the same
   * key. Set at creation; changing it needs a new queue name.
   */
  policy?: 'standard' | 'short' | 'exclusive' | 'stately';
};

export interface JobHandlerOptions<N extends JobName> extends JobQueueOptions {
  /** Handlers of this queue running at once in one worker process (default 1). */
  concurrency?: number;
  /**
   * A cron schedule (5 fields, UTC unless `tz`); pg-boss keeps one schedule per name in the
   * database and sends each occurrence once across all instances.
   */
  cron?: { expression: string; data: JobPayloads[N]; tz?: string };
}

export type JobMethod<N extends JobName> = (
  data: JobPayloads[N],
  job: JobContext,
) => Promise<unknown>;

export const JOB_HANDLER_METADATA = Symbol('clearframe:job-handler');

export interface JobHandlerMetadata {
  name: JobName;
  options: JobHandlerOptions<JobName>;
}

const NAMESPACED = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/**
 * Marks a provider method as the handler of job `name`. The jobs module finds it at boot (any
 * provider of any module), creates its queue and, in a process that works jobs, runs it. The
 * method gets the payload and a JobContext; it must be idempotent (a job can run again after a
 * crash or a retry) and must not log the payload, which may carry links or personal data.
 */
export function JobHandler<N extends JobName>(name: N, options: JobHandlerOptions<N> = {}) {
  if (!NAMESPACED.test(name)) {
    throw new Error(`Job name "${name}" must be namespaced by its domain, like "mail.send"`);
  }
  return <M extends JobMethod<N>>(
    _target: object,
    _key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    const metadata: JobHandlerMetadata = {
      name,
      options: options as JobHandlerOptions<JobName>,
    };
    Reflect.defineMetadata(JOB_HANDLER_METADATA, metadata, descriptor.value!);
  };
}
