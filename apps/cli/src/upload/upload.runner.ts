import type { ApiClient } from '../api/api.client.js';
import type { RetryPolicy } from '../api/retry.js';
import { RateLimiter } from '../util/rate.limiter.js';
import { Semaphore } from '../util/semaphore.js';
import { uploadFile, type PolicyToApply } from './file.uploader.js';
import type { FolderFile } from './folder.scan.js';
import type { ProgressReporter } from './progress.reporter.js';
import type { Sidecar } from './sidecar.parser.js';
import type { UploadStateFile } from './state.file.js';
import type { FileOutcome } from './upload.outcome.js';

export interface RunOptions {
  api: ApiClient;
  orgId: string;
  files: FolderFile[];
  sidecar: Sidecar | null;
  policy: PolicyToApply | null;
  state: UploadStateFile;
  progress: ProgressReporter;
  /** Part PUTs in flight at once across every file. */
  concurrency: number;
  maxBytesPerSecond: number | null;
  retry?: RetryPolicy;
  signal: AbortSignal;
}

/**
 * Uploads every file. Files start in name order and share one pool of part slots, so a small
 * file does not wait for a big one to finish and the link stays busy while the next file is
 * hashed. Resolves with one outcome per file, in the files' order, once each has ended.
 */
export async function runUpload(options: RunOptions): Promise<FileOutcome[]> {
  const partSlots = new Semaphore(options.concurrency);
  const hashSlots = new Semaphore(1);
  // Files being worked on at once: enough to keep every part slot busy, few enough that the
  // table of lines stays readable.
  const fileSlots = new Semaphore(Math.max(1, Math.min(options.concurrency, 4)));
  const rate = options.maxBytesPerSecond ? new RateLimiter(options.maxBytesPerSecond) : null;
  const context = {
    api: options.api,
    orgId: options.orgId,
    state: options.state,
    partSlots,
    hashSlots,
    rate,
    policy: options.policy,
    peopleSlots: new Semaphore(1),
    retry: options.retry,
    signBatchSize: Math.min(100, Math.max(8, options.concurrency * 8)),
    signal: options.signal,
  };
  const lines = options.files.map((file) => options.progress.file(file.name, file.sizeBytes));
  return Promise.all(
    options.files.map(async (file, index) => {
      const progress = lines[index]!;
      let release: () => void;
      try {
        release = await fileSlots.acquire(options.signal);
      } catch {
        const outcome = notStarted(file);
        progress.end(outcome);
        return outcome;
      }
      try {
        return await uploadFile(context, file, options.sidecar?.get(file.name), progress);
      } finally {
        release();
      }
    }),
  );
}

/** A file Ctrl-C stopped before it began. */
function notStarted(file: FolderFile): FileOutcome {
  return {
    file: file.name,
    clipId: null,
    uploadId: null,
    state: 'interrupted',
    clipState: null,
    sizeBytes: file.sizeBytes,
    bytesSent: 0,
    partsSent: 0,
    partsResumed: 0,
    seconds: 0,
    sha256: null,
    policyApplied: false,
    peopleDeclared: false,
    error: null,
    warnings: [],
  };
}
