import { NetworkError } from './api.errors.js';

/** Storage refused a part: `code` is S3's error code (`AccessDenied`, `NoSuchUpload`, …). */
export class PartRefusedError extends Error {
  override readonly name = 'PartRefusedError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`Storage refused the part: ${message} [${code}, HTTP ${status}]`);
  }

  /** A 5xx or a throttle from storage: try again later. */
  get retryable(): boolean {
    return this.status >= 500 || this.status === 429 || this.code === 'SlowDown';
  }

  /**
   * The presigned URL no longer works: it expired (S3 answers 403 `AccessDenied` "Request has
   * expired") or its signature is off. A fresh URL from the API may work.
   */
  get needsNewUrl(): boolean {
    return this.status === 403;
  }
}

/**
 * Sends one part's bytes to its presigned URL and returns the ETag storage gives it. The bytes
 * go straight to storage; the API never sees them.
 */
export async function putPart(
  url: string,
  headers: Record<string, string>,
  body: Uint8Array,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<string> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 300_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { method: 'PUT', headers, body, signal });
    text = await res.text();
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new NetworkError(url, error);
  }
  if (!res.ok) {
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? `HTTP${res.status}`;
    const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? (res.statusText || 'refused');
    throw new PartRefusedError(res.status, code, message);
  }
  const etag = res.headers.get('etag');
  if (!etag) throw new PartRefusedError(res.status, 'NoETag', 'storage answered without an ETag');
  return etag;
}
