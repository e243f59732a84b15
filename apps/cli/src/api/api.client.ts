import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { z } from 'zod';
import { ApiProblemError, NetworkError, type ProblemFieldError } from './api.errors.js';
import {
  CertificateStatusAnswer,
  type CertificateStatusAnswerType,
  ClipPeopleAnswer,
  type ClipPeopleAnswerType,
  JwksAnswer,
  type JwksAnswerType,
  OrderAnswer,
  type OrderAnswerType,
  SignedParts,
  StoredParts,
  UploadPage,
  UploadWithClip,
  WhoAmIAnswer,
  type SignedPartType,
  type StoredPartType,
  type UploadAnswerType,
  type UploadWithClipType,
  type WhoAmIAnswerType,
} from './api.responses.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.js';

export interface ApiClientOptions {
  apiUrl: string;
  key: string;
  retry?: RetryPolicy;
  /** One request's ceiling; a hung connection is a network error and retried. */
  timeoutMs?: number;
  /** Told about each failed attempt that will be retried (the upload shows it on the file's line). */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  userAgent?: string;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * The Clearframe HTTP API as the CLI uses it. Every call is safe to repeat (reads, signing,
 * idempotent completion, creation under an `Idempotency-Key`), so every call retries network
 * errors and 5xx/429 answers with backoff.
 */
export class ApiClient {
  readonly apiUrl: string;
  private readonly key: string;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly onRetry: ApiClientOptions['onRetry'];
  private readonly userAgent: string;

  constructor(options: ApiClientOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.key = options.key;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.onRetry = options.onRetry;
    this.userAgent = options.userAgent ?? 'clearframe-cli';
  }

  /** Who the key is: `GET /v1/auth/whoami`. */
  whoami(signal?: AbortSignal): Promise<WhoAmIAnswerType> {
    return this.json(WhoAmIAnswer, '/v1/auth/whoami', { signal });
  }

  /** Opens a multipart upload and the clip it becomes; the same key and body give the same upload. */
  createUpload(
    orgId: string,
    body: unknown,
    idempotencyKey: string,
    signal?: AbortSignal,
  ): Promise<UploadWithClipType> {
    return this.json(UploadWithClip, `/v1/orgs/${enc(orgId)}/uploads`, {
      method: 'POST',
      body,
      headers: { 'Idempotency-Key': idempotencyKey },
      signal,
    });
  }

  /** Presigned PUT URLs for up to 100 parts. */
  async signParts(
    orgId: string,
    uploadId: string,
    partNumbers: number[],
    signal?: AbortSignal,
  ): Promise<SignedPartType[]> {
    const answer = await this.json(
      SignedParts,
      `/v1/orgs/${enc(orgId)}/uploads/${enc(uploadId)}/parts`,
      { method: 'POST', body: { partNumbers }, signal },
    );
    return answer.parts;
  }

  /** The parts storage holds for the upload (what a resumed upload need not send again). */
  async listParts(
    orgId: string,
    uploadId: string,
    signal?: AbortSignal,
  ): Promise<StoredPartType[]> {
    const answer = await this.json(
      StoredParts,
      `/v1/orgs/${enc(orgId)}/uploads/${enc(uploadId)}/parts`,
      { signal },
    );
    return answer.parts;
  }

  /** Completes the upload with every part's ETag; completing twice gives the same answer. */
  complete(
    orgId: string,
    uploadId: string,
    parts: Array<{ partNumber: number; etag: string }>,
    signal?: AbortSignal,
  ): Promise<UploadWithClipType> {
    return this.json(UploadWithClip, `/v1/orgs/${enc(orgId)}/uploads/${enc(uploadId)}/complete`, {
      method: 'POST',
      body: { parts },
      signal,
    });
  }

  /** Aborts an upload that will not be finished (its file changed). */
  async abort(orgId: string, uploadId: string, signal?: AbortSignal): Promise<void> {
    await this.request(`/v1/orgs/${enc(orgId)}/uploads/${enc(uploadId)}`, {
      method: 'DELETE',
      signal,
    });
  }

  /** Every upload of the organization in `state`, following the cursor to the end. */
  async listUploads(
    orgId: string,
    state?: string,
    signal?: AbortSignal,
  ): Promise<UploadAnswerType[]> {
    const items: UploadAnswerType[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams();
      if (state) query.set('state', state);
      if (cursor) query.set('cursor', cursor);
      const suffix = query.size > 0 ? `?${query}` : '';
      const page: z.infer<typeof UploadPage> = await this.json(
        UploadPage,
        `/v1/orgs/${enc(orgId)}/uploads${suffix}`,
        { signal },
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  /** Sets the clip's policy (a contracts `ClipPolicy`); each call makes a new policy version. */
  async putClipPolicy(
    orgId: string,
    clipId: string,
    policy: unknown,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.request(`/v1/orgs/${enc(orgId)}/clips/${enc(clipId)}/policy`, {
      method: 'PUT',
      body: policy,
      signal,
    });
  }

  /** Declares who appears in the clip; answers the people as the API recorded them. */
  async putClipPeople(
    orgId: string,
    clipId: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<ClipPeopleAnswerType> {
    return this.json(ClipPeopleAnswer, `/v1/orgs/${enc(orgId)}/clips/${enc(clipId)}/people`, {
      method: 'PUT',
      body,
      signal,
    });
  }

  /** An order of the organization: `GET /v1/orgs/:orgId/orders/:orderId`. */
  getOrder(orgId: string, orderId: string, signal?: AbortSignal): Promise<OrderAnswerType> {
    return this.json(OrderAnswer, `/v1/orgs/${enc(orgId)}/orders/${enc(orderId)}`, { signal });
  }

  /**
   * The order's delivery manifest, one line at a time as it arrives (never held whole): the
   * request is retried until the answer starts; a connection lost midway is a NetworkError.
   */
  async *orderManifestLines(
    orgId: string,
    orderId: string,
    signal?: AbortSignal,
  ): AsyncGenerator<string> {
    const path = `/v1/orgs/${enc(orgId)}/orders/${enc(orderId)}/manifest.jsonl`;
    const url = `${this.apiUrl}${path}`;
    const res = await withRetry(
      async () => {
        let answer: Response;
        const headersTimeout = new AbortController();
        const timer = setTimeout(
          () => headersTimeout.abort(new Error(`no answer within ${this.timeoutMs} ms`)),
          this.timeoutMs,
        );
        try {
          answer = await fetch(url, {
            headers: {
              ...this.headers(),
              Accept: 'application/x-ndjson, application/problem+json',
            },
            signal: signal
              ? AbortSignal.any([signal, headersTimeout.signal])
              : headersTimeout.signal,
          });
        } catch (error) {
          if (signal?.aborted) throw signal.reason;
          throw new NetworkError(url, error);
        } finally {
          // The wait for the answer is bounded; reading a long manifest is not.
          clearTimeout(timer);
        }
        if (!answer.ok) throw toProblem(answer, await answer.text().catch(() => ''));
        return answer;
      },
      { policy: this.retry, signal, onRetry: this.onRetry },
    );
    if (!res.body) return;
    const lines = createInterface({
      input: Readable.fromWeb(res.body as WebReadableStream<Uint8Array>),
      crlfDelay: Infinity,
    });
    try {
      for await (const line of lines) yield line;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw new NetworkError(url, error);
    } finally {
      lines.close();
    }
  }

  /** A certificate and its live status: `GET /v1/certificates/:id` (public). */
  certificateStatus(
    certificateId: string,
    signal?: AbortSignal,
  ): Promise<CertificateStatusAnswerType> {
    return this.json(CertificateStatusAnswer, `/v1/certificates/${enc(certificateId)}`, { signal });
  }

  /** The keys certificates are signed with: `GET /.well-known/jwks.json` (public, not under /v1). */
  jwks(signal?: AbortSignal): Promise<JwksAnswerType> {
    return this.json(JwksAnswer, '/.well-known/jwks.json', { signal });
  }

  private headers(): Record<string, string> {
    return { Authorization: `Bearer ${this.key}`, 'User-Agent': this.userAgent };
  }

  private async json<S extends z.ZodType>(
    schema: S,
    path: string,
    options: RequestOptions,
  ): Promise<z.infer<S>> {
    const text = await this.request(path, options);
    const parsed = schema.safeParse(text ? JSON.parse(text) : null);
    if (!parsed.success)
      throw new Error(
        `The API at ${this.apiUrl} answered ${options.method ?? 'GET'} ${path} with something this clearframe does not understand (${parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}). Is the CLI older than the server?`,
      );
    return parsed.data;
  }

  private request(path: string, options: RequestOptions): Promise<string> {
    return withRetry(() => this.once(path, options), {
      policy: this.retry,
      signal: options.signal,
      onRetry: this.onRetry,
    });
  }

  private async once(path: string, options: RequestOptions): Promise<string> {
    const url = `${this.apiUrl}${path}`;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let res: Response;
    try {
      res = await fetch(url, {
        method: options.method ?? 'GET',
        headers: {
          Authorization: `Bearer ${this.key}`,
          Accept: 'application/json, application/problem+json',
          'User-Agent': this.userAgent,
          ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...options.headers,
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal,
      });
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw new NetworkError(url, error);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw new NetworkError(url, error);
    }
    if (!res.ok) throw toProblem(res, text);
    return text;
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

function toProblem(res: Response, text: string): ApiProblemError {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    // Not a problem document (a proxy's HTML error page, say): keep the status.
  }
  const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const errors = Array.isArray(body.errors)
    ? (body.errors as unknown[]).flatMap((e): ProblemFieldError[] =>
        e && typeof e === 'object'
          ? [
              {
                path: str((e as Record<string, unknown>).path) ?? '',
                message: str((e as Record<string, unknown>).message) ?? '',
                code: str((e as Record<string, unknown>).code),
              },
            ]
          : [],
      )
    : [];
  return new ApiProblemError(
    res.status,
    str(body.code) ?? `http_${res.status}`,
    str(body.title) ?? (res.statusText || `HTTP ${res.status}`),
    str(body.detail),
    errors,
    str(body.requestId),
  );
}
