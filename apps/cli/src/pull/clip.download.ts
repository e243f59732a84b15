import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { NetworkError, isRetryable } from '../api/api.errors.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from '../api/retry.js';
import { sha256OfFile } from '../upload/file.hasher.js';

/** What to fetch and what it must turn out to be (from the manifest). */
export interface ClipTarget {
  clipId: string;
  sha256: string;
  bytes: number;
  /** Presigned GET URL: a secret, never printed or written whole. */
  url: string;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  retry?: RetryPolicy;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** The file's bytes on disk so far (a resumed part counts from its size; a restart goes back). */
  onBytes?: (bytesOnDisk: number) => void;
  /** A connection that sends nothing for this long is dropped and resumed (default 60 s). */
  stallMs?: number;
}

export interface DownloadResult {
  /** `present`: a finished file with the right SHA-256 was already there (verified, not fetched). */
  state: 'downloaded' | 'present';
  /** Bytes a `.part` from an earlier run already held. */
  resumedFromBytes: number;
}

/** Storage answered the GET with an error status. */
export class DownloadRefused extends Error {
  override readonly name = 'DownloadRefused';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`storage refused the download: ${message} [${code}, HTTP ${status}]`);
  }

  get retryable(): boolean {
    return this.status >= 500 || this.status === 429 || this.status === 408;
  }

  /** The presigned URL expired (S3 answers 403 "Request has expired"): the manifest has fresh ones. */
  get needsNewUrl(): boolean {
    return this.status === 403;
  }
}

/** The bytes arrived but are not the clip the manifest describes. */
export class ContentMismatch extends Error {
  override readonly name = 'ContentMismatch';
}

/** Storage answered something unusable for a resumed part; the next attempt starts afresh. */
class RestartDownload extends Error {
  override readonly name = 'RestartDownload';
}

const retryable = (error: unknown) =>
  isRetryable(error) ||
  error instanceof RestartDownload ||
  (error instanceof DownloadRefused && error.retryable);

/**
 * Downloads one clip to `file`, through `<file>.part`: the bytes are hashed as they arrive and
 * the part is renamed only when its SHA-256 and size are the manifest's. A part left by an
 * earlier run is resumed with `Range: bytes=<size>-` (appended on 206, replaced on 200); a
 * finished file with the right hash is kept. Network errors and 5xx are retried, each attempt
 * resuming from what the part holds. Throws `DownloadRefused` (a 403 means a fresh URL is
 * needed) or `ContentMismatch`.
 */
export async function downloadClip(
  target: ClipTarget,
  file: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const finished = await sizeOf(file);
  if (finished !== null) {
    if (finished === target.bytes && (await hashOf(file, options.signal)) === target.sha256) {
      options.onBytes?.(finished);
      return { state: 'present', resumedFromBytes: 0 };
    }
    // Something else under the clip's name (an older delivery, a damaged copy): replace it.
    await rm(file, { force: true });
  }
  const part = `${file}.part`;
  let resumedFromBytes: number | null = null;
  for (let round = 1; ; round += 1) {
    const got = await withRetry(() => attempt(target, part, options), {
      policy: options.retry ?? DEFAULT_RETRY,
      signal: options.signal,
      retryable,
      onRetry: options.onRetry,
    });
    resumedFromBytes ??= got.startedAt;
    if (got.size === target.bytes && got.sha256 === target.sha256) {
      await rename(part, file);
      return { state: 'downloaded', resumedFromBytes };
    }
    await rm(part, { force: true });
    options.onBytes?.(0);
    // A part kept from an earlier run may be what is wrong: fetch the whole clip once more.
    if (got.startedAt > 0 && round === 1) continue;
    throw new ContentMismatch(
      got.size !== target.bytes
        ? `size is ${got.size} bytes, the manifest says ${target.bytes}`
        : `sha256 is ${got.sha256}, the manifest says ${target.sha256}`,
    );
  }
}

interface Attempt {
  sha256: string;
  size: number;
  /** Where this attempt's bytes began (the part's size it resumed from). */
  startedAt: number;
}

async function attempt(
  target: ClipTarget,
  part: string,
  options: DownloadOptions,
): Promise<Attempt> {
  let have = (await sizeOf(part)) ?? 0;
  if (have > target.bytes) {
    await rm(part, { force: true });
    have = 0;
  }
  if (have > 0 && have === target.bytes) {
    // Every byte arrived before the last run stopped; only the check and the rename were left.
    options.onBytes?.(have);
    return { sha256: await hashOf(part, options.signal), size: have, startedAt: have };
  }
  const stall = new AbortController();
  const stallMs = options.stallMs ?? 60_000;
  let timer = setTimeout(
    () => stall.abort(new Error(`nothing received for ${stallMs} ms`)),
    stallMs,
  );
  const restartTimer = () => {
    clearTimeout(timer);
    timer = setTimeout(() => stall.abort(new Error(`nothing received for ${stallMs} ms`)), stallMs);
  };
  const signal = options.signal ? AbortSignal.any([options.signal, stall.signal]) : stall.signal;
  const where = describeUrl(target.url);
  try {
    let res: Response;
    try {
      res = await fetch(target.url, {
        headers: have > 0 ? { Range: `bytes=${have}-` } : {},
        signal,
      });
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw new NetworkError(target.url, error);
    }
    let offset: number;
    if (res.status === 206 && have > 0) {
      const start = /^bytes (\d+)-/.exec(res.headers.get('content-range') ?? '')?.[1];
      if (Number(start) !== have) {
        await res.body?.cancel();
        await rm(part, { force: true });
        throw new RestartDownload(`${where} answered another range than bytes=${have}-`);
      }
      offset = have;
    } else if (res.status === 200) {
      offset = 0;
    } else if (res.status === 416) {
      await res.body?.cancel();
      await rm(part, { force: true });
      throw new RestartDownload(`${where} cannot serve bytes=${have}-`);
    } else {
      const text = await res.text().catch(() => '');
      const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? `HTTP${res.status}`;
      const message =
        /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? (res.statusText || 'refused');
      throw new DownloadRefused(res.status, code, message);
    }

    const hash = createHash('sha256');
    if (offset > 0) await hashInto(hash, part, options.signal);
    options.onBytes?.(offset);
    const handle = await open(part, offset > 0 ? 'a' : 'w');
    let size = offset;
    try {
      if (res.body) {
        const body = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
        for await (const chunk of body as AsyncIterable<Buffer>) {
          restartTimer();
          hash.update(chunk);
          await handle.write(chunk);
          size += chunk.length;
          options.onBytes?.(size);
        }
      }
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      // What arrived stays in the part: the retry asks for the rest.
      throw new NetworkError(target.url, error);
    } finally {
      await handle.close();
    }
    return { sha256: hash.digest('hex'), size, startedAt: offset };
  } finally {
    clearTimeout(timer);
  }
}

/** The URL without its query (a presigned URL's query is its credential). */
function describeUrl(url: string): string {
  const { origin, pathname } = new URL(url);
  return `${origin}${pathname}`;
}

async function sizeOf(file: string): Promise<number | null> {
  try {
    const stats = await stat(file);
    return stats.isFile() ? stats.size : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function hashInto(hash: Hash, file: string, signal?: AbortSignal): Promise<void> {
  const stream = createReadStream(file, { highWaterMark: 1024 * 1024, signal });
  for await (const chunk of stream as AsyncIterable<Buffer>) hash.update(chunk);
}

function hashOf(file: string, signal?: AbortSignal): Promise<string> {
  return sha256OfFile(file, { signal });
}

/** An extension as a file name may carry one (`.mp4`, `.MOV`), lower-cased; `''` when there is none. */
function extensionOf(base: string): string {
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot) : '';
  return /^\.[A-Za-z0-9]{1,10}$/.test(ext) ? ext.toLowerCase() : '';
}

/**
 * The file name a clip is saved under: its id and the extension of the name it was uploaded
 * under (`fileName`, from the manifest), else of the download URL's path, else none. Only the
 * extension is taken: the uploaded name itself may be anything (and is the creator's).
 */
export function clipFileName(
  clipId: string,
  fileName: string | undefined,
  downloadUrl: string,
): string {
  const uploaded = (fileName ?? '').split(/[\\/]/).pop() ?? '';
  const pathname = new URL(downloadUrl).pathname;
  const ext = extensionOf(uploaded) || extensionOf(pathname.slice(pathname.lastIndexOf('/') + 1));
  return `${clipId}${ext}`;
}
