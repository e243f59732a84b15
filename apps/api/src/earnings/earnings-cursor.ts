import { DomainError } from '../common/domain-error.js';
import { isUuid } from '../common/http/uuid-param.pipe.js';
import type { LicenseePosition } from './earnings.repository.js';

/** Opaque to clients: base64url of `[paidAt ISO, orderId, clipId]`. */
export function encodeLicenseeCursor(position: LicenseePosition): string {
  return Buffer.from(
    JSON.stringify([position.paidAt.toISOString(), position.orderId, position.clipId]),
  ).toString('base64url');
}

/** Reads a cursor from a previous page; anything else is a validation error on `cursor`. */
export function decodeLicenseeCursor(cursor: string): LicenseePosition {
  try {
    const [paidAt, orderId, clipId] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as unknown[];
    const date = new Date(String(paidAt));
    // Only what the encoder writes (a four-digit year keeps the date inside timestamptz).
    if (
      typeof paidAt === 'string' &&
      /^\d{4}-/.test(paidAt) &&
      !Number.isNaN(date.getTime()) &&
      date.toISOString() === paidAt &&
      isUuid(orderId) &&
      isUuid(clipId)
    ) {
      return { paidAt: date, orderId, clipId };
    }
  } catch {
    // fall through to the validation error below
  }
  throw new DomainError('validation_failed', 'The cursor is not valid.', {
    errors: [
      {
        path: 'cursor',
        message: 'Use the nextCursor value of the previous page.',
        code: 'invalid_cursor',
      },
    ],
  });
}
