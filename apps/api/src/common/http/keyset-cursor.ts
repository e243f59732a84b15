import { DomainError } from '../domain-error.js';
import { isUuid } from './uuid-param.pipe.js';

/** The position after which the next page starts: lists are ordered by (createdAt, id). */
export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

/** Opaque to clients: base64url of `[createdAt ISO, id]`. */
export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString(
    'base64url',
  );
}

/** Reads a cursor from a previous page; anything else is a validation error on `cursor`. */
export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [
      unknown,
      unknown,
    ];
    const date = new Date(String(createdAt));
    // Only what encodeCursor writes: an ISO time with a four-digit year. JavaScript dates reach
    // 271821 BC, beyond PostgreSQL's timestamptz, which would fail the query instead.
    if (
      typeof createdAt === 'string' &&
      !Number.isNaN(date.getTime()) &&
      /^\d{4}-/.test(createdAt) &&
      date.toISOString() === createdAt &&
      isUuid(id)
    )
      return { createdAt: date, id };
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

/**
 * Builds a page from `limit + 1` fetched rows: the extra row only tells whether a next page exists.
 */
export function toPage<Row extends KeysetPosition, Item>(
  rows: Row[],
  limit: number,
  map: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(map),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}
