/** One field the API refused, as `application/problem+json` lists it. */
export interface ProblemFieldError {
  path: string;
  message: string;
  code?: string;
}

/**
 * The API answered with a problem (RFC 9457): `code` is the stable catalog code scripts can
 * branch on, `detail` the sentence for people.
 */
export class ApiProblemError extends Error {
  override readonly name = 'ApiProblemError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: ProblemFieldError[] = [],
    readonly requestId?: string,
  ) {
    super(describe(status, code, title, detail, errors));
  }

  /** Worth asking again: the server or something in front of it failed, or asked us to slow down. */
  get retryable(): boolean {
    return this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

function describe(
  status: number,
  code: string,
  title: string,
  detail: string | undefined,
  errors: ProblemFieldError[],
): string {
  const fields = errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
  const sentence = detail ?? title;
  return `${sentence}${fields ? ` (${fields})` : ''} [${code}, HTTP ${status}]`;
}

/** The request never got an HTTP answer (refused, reset, DNS, timed out): always worth a retry. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`Could not reach ${new URL(url).origin}: ${causeMessage(cause)}`, { cause });
  }
}

function causeMessage(cause: unknown): string {
  // Duck-typed: errors from fetch come from another realm under some runners (instanceof fails).
  const messageOf = (value: unknown) =>
    value && typeof value === 'object' && typeof (value as Error).message === 'string'
      ? (value as Error).message
      : undefined;
  const inner =
    cause && typeof cause === 'object' ? (cause as { cause?: unknown }).cause : undefined;
  return messageOf(inner) || messageOf(cause) || String(cause);
}

/** Whether `error` is worth another attempt after a pause. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof NetworkError) return true;
  if (error instanceof ApiProblemError) return error.retryable;
  return false;
}
