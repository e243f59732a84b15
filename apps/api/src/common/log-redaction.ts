import { pino } from 'pino';

/**
 * Two layers keep secrets and personal data out of the logs:
 *
 * 1. `serializeLogError` shapes `err` before it is written: a failed query carries its bound
 *    parameters (password hashes, key hashes, emails) and the driver's `detail` ("Failing row
 *    contains (...)", "Key (email)=(...)"); those never leave the process.
 * 2. `scrubLogLine` is the last step before a line reaches its destination (pino's `streamWrite`
 *    hook): whatever a future log call passes, values under credential-like keys are dropped and
 *    anything shaped like one of our secrets is replaced, and emails are masked.
 */

const REDACTED = '[redacted]';

/** Properties of a driver error that are safe and useful: which statement and constraint failed. */
const DRIVER_ERROR_KEEP = new Set([
  'type',
  'message',
  'stack',
  'code',
  'constraint',
  'table',
  'column',
  'schema',
  'query',
  'aggregateErrors',
]);
/** Driver internals that may carry row values, dropped from every error. */
const ERROR_DROP = ['parameters', 'driverError', 'detail', 'where', 'internalQuery', 'hint'];

function isDriverError(err: Record<string, unknown>): boolean {
  return (
    'parameters' in err || 'driverError' in err || ('severity' in err && 'routine' in err) // pg's DatabaseError
  );
}

function stripError(serialized: Record<string, unknown>, driver: boolean): Record<string, unknown> {
  for (const key of Object.keys(serialized)) {
    const value = serialized[key];
    if ((driver && !DRIVER_ERROR_KEEP.has(key)) || ERROR_DROP.includes(key)) {
      delete serialized[key];
    } else if (Array.isArray(value)) {
      serialized[key] = value.map((item) =>
        item && typeof item === 'object'
          ? stripError(item as Record<string, unknown>, isDriverError(item))
          : item,
      );
    } else if (value && typeof value === 'object' && 'message' in value && 'stack' in value) {
      stripError(value as Record<string, unknown>, isDriverError(value as Record<string, unknown>));
    }
  }
  return serialized;
}

/** pino's standard error serializer without query parameters and driver internals. */
export function serializeLogError(err: unknown): unknown {
  if (!err || typeof err !== 'object') return err;
  const driver = isDriverError(err as Record<string, unknown>);
  const serialized = pino.stdSerializers.err(err as Error) as unknown;
  if (serialized === err || !serialized || typeof serialized !== 'object') return serialized;
  return stripError(serialized as Record<string, unknown>, driver);
}

/** Keys whose values are credentials (or their hashes) whatever they look like. */
const SECRET_KEY =
  /pass(?:word|phrase|wd)|secret|token|authorization|cookie|credential|^parameters$|^driverError$/i;

/** Each pattern replaces one shape of secret; the order matters only where shapes overlap. */
const TEXT_RULES: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  // argon2 PHC strings: $argon2id$v=19$m=...,t=...,p=...$salt$hash
  [/\$argon2(?:id|i|d)\$[A-Za-z0-9+/=$,.-]*/g, '[redacted-hash]'],
  // Lab API keys: the 8-character id after cf_live_ is public (shown in the UI); the rest is not.
  [/\b(cf_live_[A-Za-z0-9_-]{8})_[A-Za-z0-9_-]{8,}/g, `$1_${REDACTED}`],
  // Session (cfs_), invitation (cfi_) and any later cf?_ token.
  [/\b(cf[a-z]_)[A-Za-z0-9_-]{8,}/g, `$1${REDACTED}`],
  // Credentials in URLs: ?token=…, &signature=…, X-Amz-Signature=…, user:password@host.
  [
    /\b((?:[\w-]*(?:token|secret|password|signature|credential)|code|key)=)[^&#\s"'<>]+/gi,
    `$1${REDACTED}`,
  ],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s"'@]+):[^@\s"'/]+@/gi, `$1:${REDACTED}@`],
  // A SHA-256 next to a credential word (token_hash)=(…), secretHash: '…', session …
  [
    /((?:token|secret|password|session|api_?key)[\w"'\s:=(),[\]-]{0,24}?)\b[0-9a-f]{64}\b/gi,
    `$1${REDACTED}`,
  ],
  // Emails are personal data: keep the first character and the domain for debugging deliveries.
  [/\b([A-Za-z0-9])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\b/g, '$1***@$2'],
];

/** Replaces everything in `text` shaped like a secret or an email address. */
export function scrubText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_RULES) out = out.replace(pattern, replacement);
  return out;
}

/** Deep copy of a log record with credential keys dropped and every string scrubbed. */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (!value || typeof value !== 'object') return value;
  if (depth > 20) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      SECRET_KEY.test(key) && item !== null && item !== undefined && typeof item !== 'boolean'
        ? REDACTED
        : scrubValue(item, depth + 1);
  }
  return out;
}

/**
 * The last line of defence, run on each serialized record just before it is written. Records
 * are JSON lines; anything else (a pretty-printed line) is scrubbed as text.
 */
export function scrubLogLine(line: string): string {
  const newline = line.endsWith('\n') ? '\n' : '';
  try {
    return `${JSON.stringify(scrubValue(JSON.parse(line)))}${newline}`;
  } catch {
    return scrubText(line);
  }
}
