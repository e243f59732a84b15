import { createHash, randomUUID } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { CreateUpload } from '@clearframe/contracts/supply';
import { ApiProblemError, isRetryable, NetworkError } from '../api/api.errors.js';
import type { ApiClient } from '../api/api.client.js';
import { PartRefusedError, putPart } from '../api/part.transfer.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from '../api/retry.js';
import type { RateLimiter } from '../util/rate.limiter.js';
import type { Semaphore } from '../util/semaphore.js';
import { sha256OfFile } from './file.hasher.js';
import type { FolderFile } from './folder.scan.js';
import { partsToSend, planParts, progressOf, type PlannedPart } from './part.plan.js';
import { MAX_PARTS_PER_SIGN_REQUEST, PartUrls } from './part.urls.js';
import type { FileProgress } from './progress.reporter.js';
import type { SidecarEntry } from './sidecar.parser.js';
import type { FileUploadStateType, UploadStateFile } from './state.file.js';
import type { FileOutcome } from './upload.outcome.js';

/** The policy `--policy` sets on every clip: the parsed document and its content's SHA-256. */
export interface PolicyToApply {
  document: unknown;
  sha256: string;
}

/** What every file's upload shares: the API, the org, the folder's state and the limits. */
export interface UploadContext {
  api: ApiClient;
  orgId: string;
  state: UploadStateFile;
  /** Part PUTs in flight across all files (`--concurrency`). */
  partSlots: Semaphore;
  /** Files being hashed at once (one: hashing is bound by the disk). */
  hashSlots: Semaphore;
  rate: RateLimiter | null;
  policy: PolicyToApply | null;
  /** One people declaration at a time, so a name new to the API becomes one person, not two. */
  peopleSlots: Semaphore;
  retry?: RetryPolicy;
  /** How many part URLs to ask for at once (the API allows up to 100). */
  signBatchSize?: number;
  signal: AbortSignal;
  now?: () => Date;
}

/** Ends the file with a sentence for the summary (an expected failure, not a bug). */
class FileFailure extends Error {}

/** The upload the state file names is no longer open at the API (aborted, or cleaned up). */
class UploadGone extends Error {}

/** Storage refused a URL once: sign a fresh one and try again. */
class NeedsFreshUrl extends Error {}

/**
 * Uploads one file: hashes it, opens (or resumes) its multipart upload, sends the parts storage
 * lacks in parallel within the shared limits, completes it and sets the policy. Each step is in
 * the state file before the next begins, so a rerun after Ctrl-C, SIGKILL or a lost connection
 * continues where this one stopped and never makes a second clip of the same file.
 */
export async function uploadFile(
  ctx: UploadContext,
  file: FolderFile,
  entry: SidecarEntry | undefined,
  progress: FileProgress,
): Promise<FileOutcome> {
  const startedAt = performance.now();
  const outcome: FileOutcome = {
    file: file.name,
    clipId: null,
    uploadId: null,
    state: 'failed',
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
  const run = new FileRun(ctx, file, entry, progress, outcome);
  try {
    await run.go();
  } catch (error) {
    if (ctx.signal.aborted) {
      outcome.state = 'interrupted';
    } else {
      // A clip that arrived keeps its state; only what failed after it (the policy) is reported.
      if (outcome.state !== 'uploaded' && outcome.state !== 'already_uploaded')
        outcome.state = 'failed';
      outcome.error = error instanceof Error ? error.message : String(error);
    }
  } finally {
    await run.close();
    // Whatever happened, what the parts achieved is on disk before the outcome is reported.
    await ctx.state.save().catch((error: unknown) => {
      outcome.warnings.push(`The state file could not be written: ${(error as Error).message}`);
    });
    outcome.seconds = (performance.now() - startedAt) / 1000;
    progress.end(outcome);
  }
  return outcome;
}

class FileRun {
  private handle: FileHandle | null = null;
  private readonly retry: RetryPolicy;
  private readonly now: () => Date;
  // Stops this file's other parts when one fails for good; the person's Ctrl-C stops them all.
  private readonly fileAbort = new AbortController();
  private readonly signal: AbortSignal;

  constructor(
    private readonly ctx: UploadContext,
    private readonly file: FolderFile,
    private readonly entry: SidecarEntry | undefined,
    private readonly progress: FileProgress,
    private readonly outcome: FileOutcome,
  ) {
    this.retry = ctx.retry ?? DEFAULT_RETRY;
    this.now = ctx.now ?? (() => new Date());
    this.signal = AbortSignal.any([ctx.signal, this.fileAbort.signal]);
  }

  async go(): Promise<void> {
    let record = await this.reconcile();
    if (record?.completedAt) {
      this.fill(record);
      // What the clip's state was then says nothing about now; the studio shows the current one.
      this.outcome.clipState = null;
      this.outcome.state = 'already_uploaded';
      await this.describe();
      return;
    }
    record ??= await this.begin();
    // An upload opened by an earlier run may hold parts already; one opened now holds none.
    const resuming = record.upload !== null;
    if (!record.upload) record = await this.create(record);
    this.fill(record);
    try {
      record = await this.sendAndComplete(record, resuming);
    } catch (error) {
      if (!(error instanceof UploadGone)) throw error;
      // The earlier run's upload was aborted or cleaned up: open a new one (same bytes, same
      // description, a new idempotency key) and send everything.
      this.outcome.warnings.push(`${error.message} Started it over.`);
      record = await this.create(this.restart(record));
      this.fill(record);
      record = await this.sendAndComplete(record, false);
    }
    this.fill(record);
    this.outcome.state = 'uploaded';
    await this.describe();
  }

  /**
   * What the upload body cannot carry: the policy (`--policy`) and the people the sidecar names.
   * Each is done once per content (recorded in the state file); both are tried even if one fails.
   */
  private async describe(): Promise<void> {
    const problems: string[] = [];
    for (const step of [() => this.applyPolicy(), () => this.applyPeople()]) {
      try {
        await step();
      } catch (error) {
        if (this.signal.aborted) throw error;
        problems.push((error as Error).message);
      }
    }
    if (problems.length > 0) throw new FileFailure(`Uploaded, but ${problems.join('; ')}`);
  }

  async close(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = null;
  }

  /**
   * The state file's record if it is still about this version of the file. A changed file
   * (size or modification time) starts over: its open upload is aborted so storage does not keep
   * its parts, and a completed one stays the clip it became.
   */
  private async reconcile(): Promise<FileUploadStateType | undefined> {
    const record = this.ctx.state.get(this.file.name);
    if (!record) return undefined;
    if (record.sizeBytes === this.file.sizeBytes && record.mtimeMs === this.file.mtimeMs)
      return record;
    if (record.upload && !record.completedAt) {
      this.progress.status('changed since the last run: aborting its earlier upload');
      try {
        await this.ctx.api.abort(this.ctx.orgId, record.upload.id, this.signal);
      } catch (error) {
        if (this.signal.aborted) throw error;
        // Gone already (aborted, cleaned up) is what we wanted; anything else is noted.
        if (!(error instanceof ApiProblemError && error.status === 404))
          this.outcome.warnings.push(
            `Its earlier upload ${record.upload.id} could not be aborted (${(error as Error).message}); the API's cleanup job will abort it.`,
          );
      }
    } else if (record.completedAt && record.upload) {
      this.outcome.warnings.push(
        `Changed since it was uploaded as clip ${record.upload.clipId}: the new version becomes a new clip.`,
      );
    }
    this.ctx.state.delete(this.file.name);
    await this.ctx.state.save();
    return undefined;
  }

  /** Hashes the file and records the exact request that will create its upload. */
  private async begin(): Promise<FileUploadStateType> {
    this.progress.status('waiting to hash');
    const sha256 = await this.ctx.hashSlots.run(
      () =>
        sha256OfFile(this.file.path, {
          signal: this.signal,
          onBytes: (read) => this.progress.hashing(read),
        }),
      this.signal,
    );
    const clip = this.entry?.clip ?? {};
    const request = CreateUpload.parse({
      fileName: this.file.name,
      sizeBytes: this.file.sizeBytes,
      contentType: this.file.contentType,
      sha256,
      ...(Object.keys(clip).length > 0 ? { clip } : {}),
    });
    const record: FileUploadStateType = {
      sizeBytes: this.file.sizeBytes,
      mtimeMs: this.file.mtimeMs,
      sha256,
      idempotencyKey: randomUUID(),
      request,
      upload: null,
      parts: [],
      completedAt: null,
      clipState: null,
      policy: null,
      people: null,
    };
    this.ctx.state.set(this.file.name, record);
    await this.ctx.state.save();
    return record;
  }

  private restart(record: FileUploadStateType): FileUploadStateType {
    const fresh: FileUploadStateType = {
      ...record,
      idempotencyKey: randomUUID(),
      upload: null,
      parts: [],
      clipState: null,
    };
    this.ctx.state.set(this.file.name, fresh);
    return fresh;
  }

  /**
   * Opens the upload. The idempotency key and body were saved before the call, so when the
   * answer is lost (a dropped connection, a kill) the rerun's call gets the same upload back.
   */
  private async create(record: FileUploadStateType): Promise<FileUploadStateType> {
    this.progress.status('creating the upload');
    const answer = await this.ctx.api.createUpload(
      this.ctx.orgId,
      record.request,
      record.idempotencyKey,
      this.signal,
    );
    const updated: FileUploadStateType = {
      ...record,
      upload: {
        id: answer.upload.id,
        clipId: answer.upload.clipId,
        partSizeBytes: answer.upload.partSizeBytes,
        partCount: answer.upload.partCount,
      },
      clipState: answer.clip.state,
    };
    this.ctx.state.set(this.file.name, updated);
    await this.ctx.state.save();
    return updated;
  }

  private async sendAndComplete(
    record: FileUploadStateType,
    resuming: boolean,
  ): Promise<FileUploadStateType> {
    const upload = record.upload!;
    const plan = planParts(this.file.sizeBytes, upload.partSizeBytes, upload.partCount);
    const done = new Map(record.parts.map((part) => [part.partNumber, part.etag]));

    // When the state file knows every part, only completion is left (it may even have happened:
    // completing twice gives the same answer). Otherwise ask storage what it holds: a part sent
    // just before a kill is there even if the state file missed its ETag.
    if (
      resuming &&
      !plan.every((part) => done.has(part.partNumber)) &&
      (await this.adoptStoredParts(record, plan, done)) === 'completed'
    )
      return this.markCompleted(done, null);

    for (let round = 1; ; round += 1) {
      const missing = plan.filter((part) => !done.has(part.partNumber));
      this.progress.uploading(progressOf(plan, done).bytes);
      if (missing.length > 0) await this.sendParts(record, plan, missing, done);
      await this.assertUnchanged();
      this.progress.status('completing');
      try {
        const answer = await this.ctx.api.complete(
          this.ctx.orgId,
          upload.id,
          plan.map((part) => ({ partNumber: part.partNumber, etag: done.get(part.partNumber)! })),
          this.signal,
        );
        return await this.markCompleted(done, answer.clip.state);
      } catch (error) {
        // Storage holds other parts than we think (a lost or stale ETag): list again and send
        // what differs, once.
        if (
          round === 1 &&
          error instanceof ApiProblemError &&
          error.code === 'upload_parts_mismatch'
        ) {
          if ((await this.adoptStoredParts(record, plan, done)) === 'completed')
            return this.markCompleted(done, null);
          continue;
        }
        if (error instanceof ApiProblemError && [404, 409, 410].includes(error.status))
          if ((await this.explainClosedUpload(error)) === 'completed')
            return this.markCompleted(done, null);
        throw error;
      }
    }
  }

  private async markCompleted(
    done: Map<number, string>,
    clipState: string | null,
  ): Promise<FileUploadStateType> {
    const updated: FileUploadStateType = {
      ...this.withParts(done),
      completedAt: this.now().toISOString(),
      clipState,
    };
    this.ctx.state.set(this.file.name, updated);
    await this.ctx.state.save();
    return updated;
  }

  /** Replaces what we know with what storage holds (its ETags win). */
  private async adoptStoredParts(
    record: FileUploadStateType,
    plan: PlannedPart[],
    done: Map<number, string>,
  ): Promise<'completed' | 'open'> {
    this.progress.status('resuming: asking which parts storage holds');
    let held;
    try {
      held = await this.ctx.api.listParts(this.ctx.orgId, record.upload!.id, this.signal);
    } catch (error) {
      if (error instanceof ApiProblemError && [404, 409, 410].includes(error.status))
        if ((await this.explainClosedUpload(error)) === 'completed') return 'completed';
      throw error;
    }
    const { kept } = partsToSend(plan, held);
    done.clear();
    for (const [number, etag] of kept) done.set(number, etag);
    this.outcome.partsResumed = kept.size;
    this.ctx.state.set(this.file.name, this.withParts(done));
    await this.ctx.state.save();
    return 'open';
  }

  /**
   * The API says the upload is not open (409), expired (410) or unknown (404). Look it up:
   * aborted, expired or gone means start over (UploadGone); completed means an earlier run (or
   * the studio) finished it without this state file hearing so: the clip arrived, and must not
   * arrive twice.
   */
  private async explainClosedUpload(cause: ApiProblemError): Promise<'completed'> {
    const id = this.outcome.uploadId!;
    if (cause.status === 410) throw new UploadGone(`Its earlier upload ${id} expired.`);
    const uploads = await this.ctx.api.listUploads(this.ctx.orgId, undefined, this.signal);
    const found = uploads.find((upload) => upload.id === id);
    if (!found || found.state === 'aborted')
      throw new UploadGone(`Its earlier upload ${id} is ${found ? 'cancelled' : 'gone'}.`);
    if (found.state === 'completed') return 'completed';
    throw cause;
  }

  /** Sends `missing` parts within the shared limit; the first part that fails for good stops the rest. */
  private async sendParts(
    record: FileUploadStateType,
    plan: PlannedPart[],
    missing: PlannedPart[],
    done: Map<number, string>,
  ): Promise<void> {
    this.handle ??= await open(this.file.path, 'r');
    const uploadId = record.upload!.id;
    const urls = new PartUrls({
      sign: (numbers) => this.ctx.api.signParts(this.ctx.orgId, uploadId, numbers, this.signal),
      order: missing.map((part) => part.partNumber),
      batchSize: this.ctx.signBatchSize ?? MAX_PARTS_PER_SIGN_REQUEST,
      now: this.now,
    });
    const queue = [...missing];
    let failure: unknown = null;
    const worker = async () => {
      while (queue.length > 0 && !this.signal.aborted) {
        const part = queue.shift()!;
        let etag: string;
        try {
          etag = await this.ctx.partSlots.run(() => this.sendPart(part, urls), this.signal);
        } catch (error) {
          if (!this.signal.aborted) {
            failure ??= error;
            this.fileAbort.abort(error);
          }
          return;
        }
        done.set(part.partNumber, etag);
        this.ctx.state.set(this.file.name, this.withParts(done));
        await this.ctx.state.save();
        this.progress.uploading(progressOf(plan, done).bytes);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(queue.length, this.ctx.partSlots.size) }, worker),
    );
    if (failure) throw failure;
    this.ctx.signal.throwIfAborted();
  }

  private async sendPart(part: PlannedPart, urls: PartUrls): Promise<string> {
    const length = part.end - part.start;
    const body = Buffer.allocUnsafe(length);
    for (let offset = 0; offset < length;) {
      const { bytesRead } = await this.handle!.read(
        body,
        offset,
        length - offset,
        part.start + offset,
      );
      if (bytesRead === 0)
        throw new FileFailure('The file got shorter while it was being uploaded.');
      offset += bytesRead;
    }
    await this.ctx.rate?.take(length, this.signal);
    let refreshed = false;
    const etag = await withRetry(
      async () => {
        const signed = await urls.get(part.partNumber);
        try {
          return await putPart(signed.url, signed.headers, body, { signal: this.signal });
        } catch (error) {
          // Storage unreachable: the next attempt signs afresh (after a restart, storage may
          // answer elsewhere, and the wait may have outlived the URL).
          if (error instanceof NetworkError) urls.forget(part.partNumber);
          // A refused URL (expired, say) gets one fresh signature; a second refusal is final.
          if (error instanceof PartRefusedError && error.needsNewUrl && !refreshed) {
            refreshed = true;
            urls.forget(part.partNumber);
            throw new NeedsFreshUrl(error.message, { cause: error });
          }
          throw error;
        }
      },
      {
        policy: this.retry,
        signal: this.signal,
        retryable: (error) =>
          error instanceof NeedsFreshUrl ||
          (error instanceof PartRefusedError ? error.retryable : isRetryable(error)),
        onRetry: (error, attempt, delayMs) =>
          this.progress.status(
            `part ${part.partNumber}: ${(error as Error).message}; retry ${attempt} in ${(delayMs / 1000).toFixed(1)} s`,
          ),
      },
    );
    this.outcome.bytesSent += length;
    this.outcome.partsSent += 1;
    return etag;
  }

  /** The file must still be the one hashed and planned: completing a changed file would make a wrong clip. */
  private async assertUnchanged(): Promise<void> {
    const info = await stat(this.file.path);
    if (info.size !== this.file.sizeBytes || info.mtimeMs !== this.file.mtimeMs)
      throw new FileFailure(
        'The file changed while it was being uploaded, so it was not completed. Run again to upload the new version.',
      );
  }

  private async applyPolicy(): Promise<void> {
    const policy = this.ctx.policy;
    const record = this.ctx.state.get(this.file.name)!;
    if (!policy) return;
    if (record.policy?.sha256 === policy.sha256) {
      this.outcome.policyApplied = true;
      return;
    }
    this.progress.status('setting the policy');
    try {
      await this.ctx.api.putClipPolicy(
        this.ctx.orgId,
        record.upload!.clipId,
        policy.document,
        this.signal,
      );
    } catch (error) {
      if (error instanceof ApiProblemError && error.code === 'route_not_found')
        throw new FileFailure(
          'this API cannot set clip policies (no PUT /v1/orgs/:orgId/clips/:clipId/policy): set it in the studio',
        );
      throw new FileFailure(`the policy was not set: ${(error as Error).message}`);
    }
    this.ctx.state.set(this.file.name, {
      ...this.ctx.state.get(this.file.name)!,
      policy: { sha256: policy.sha256, appliedAt: this.now().toISOString() },
    });
    await this.ctx.state.save();
    this.outcome.policyApplied = true;
  }

  /**
   * Declares the sidecar's people on the clip: `none` as "no identifiable person", names as
   * people (the same name across clips is the same person, so one release covers them all).
   */
  private async applyPeople(): Promise<void> {
    const names = this.entry?.people;
    if (names === null || names === undefined) return;
    const digest = createHash('sha256').update(JSON.stringify(names)).digest('hex');
    if (this.ctx.state.get(this.file.name)!.people?.sha256 === digest) {
      this.outcome.peopleDeclared = true;
      return;
    }
    await this.ctx.peopleSlots.run(async () => {
      this.progress.status('declaring the people in it');
      const clipId = this.ctx.state.get(this.file.name)!.upload!.clipId;
      const body =
        names.length === 0
          ? { identifiablePeople: false }
          : {
              identifiablePeople: true,
              people: names.map((name) => {
                const personId = this.ctx.state.personId(name);
                return personId ? { personId } : { name };
              }),
            };
      let answer;
      try {
        answer = await this.ctx.api.putClipPeople(this.ctx.orgId, clipId, body, this.signal);
      } catch (error) {
        throw new FileFailure(`its people were not declared: ${(error as Error).message}`);
      }
      for (const { person } of answer.people)
        if (names.includes(person.name)) this.ctx.state.rememberPerson(person.name, person.id);
      this.ctx.state.set(this.file.name, {
        ...this.ctx.state.get(this.file.name)!,
        people: { sha256: digest, appliedAt: this.now().toISOString() },
      });
      await this.ctx.state.save();
    }, this.signal);
    this.outcome.peopleDeclared = true;
  }

  /** The file's current record with `done` as its parts, in part order. */
  private withParts(done: Map<number, string>): FileUploadStateType {
    const latest = this.ctx.state.get(this.file.name)!;
    return {
      ...latest,
      parts: [...done.entries()]
        .sort(([a], [b]) => a - b)
        .map(([partNumber, etag]) => ({ partNumber, etag })),
    };
  }

  private fill(record: FileUploadStateType): void {
    this.outcome.sha256 = record.sha256;
    this.outcome.uploadId = record.upload?.id ?? null;
    this.outcome.clipId = record.upload?.clipId ?? null;
    this.outcome.clipState = record.clipState;
  }
}
