import { Injectable } from '@nestjs/common';
import { JobHandler } from '../jobs/job-handler.decorator.js';
import type { JobPayloads } from '../jobs/job-payloads.js';
import { UploadsService } from './uploads.service.js';

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
  constructor(private readonly uploads: UploadsService) {}

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
