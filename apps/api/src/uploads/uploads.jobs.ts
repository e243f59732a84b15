import { Injectable } from '@nestjs/common';
import { type JobContext, JobHandler } from '../jobs/job-handler.decorator.js';
import type { JobPayloads } from '../jobs/job-payloads.js';
import { UploadVerifier, type VerifyOutcome } from './upload-verifier.js';
import { UploadsService } from './uploads.service.js';

const VERIFY_RETRY_LIMIT = 3;

declare module '../jobs/job-payloads.js' {
  interface JobPayloads {
    /** Verifies a completed upload's file and makes its previews (one at a time per upload). */
    'uploads.verify': { uploadId: string };
    /** Aborts uploads left open past their expiry. */
    'uploads.cleanup': Record<string, never>;
  }
}

/** The uploads domain's background work. */
@Injectable()
export class UploadsJobs {
  constructor(
    private readonly uploads: UploadsService,
    private readonly verifier: UploadVerifier,
  ) {}

  // One job per upload (exclusive on its id), retried with backoff when storage or the media
  // tools fail on our side; after the last try the clip is failed as processing_failed. A long
  // original takes a while: the job may run for up to an hour before pg-boss expires it.
  @JobHandler('uploads.verify', {
    policy: 'exclusive',
    retryLimit: VERIFY_RETRY_LIMIT,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 3600,
    // A worker that dies mid-verification gives the job back within a minute, not an hour.
    heartbeatSeconds: 60,
    concurrency: 1,
  })
  async verify(data: JobPayloads['uploads.verify'], job: JobContext): Promise<VerifyOutcome> {
    return this.verifier.verify(data.uploadId, job.retryCount >= VERIFY_RETRY_LIMIT);
  }

  // Every 10 minutes on every deployment; pg-boss sends each occurrence once across instances.
  @JobHandler('uploads.cleanup', {
    policy: 'short',
    retryLimit: 3,
    retryDelay: 60,
    cron: { expression: '*/10 * * * *', data: {} },
  })
  async cleanup(_data: JobPayloads['uploads.cleanup']): Promise<{ aborted: number }> {
    return { aborted: await this.uploads.abortAbandoned() };
  }
}
