import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { CatalogSortType } from '@clearframe/contracts/supply';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { isUuid } from '../common/http/uuid-param.pipe.js';
import { SigningKeys } from '../signing/signing-keys.js';
import type { CatalogFilterCodes, CatalogPosition } from './catalog-search.sql.js';

/** A cursor is for browsing on, not for keeping: after a day the catalog has moved on. */
export const CATALOG_CURSOR_TTL_MS = 24 * 3_600_000;
const VERSION = 1;
const MAC_BYTES = 16;

/** The search a cursor continues: its words, filters and sort. */
export interface CatalogSearchKey {
  q: string | null;
  sort: CatalogSortType;
  filters: CatalogFilterCodes;
}

interface Payload {
  v: number;
  /** sort */
  s: CatalogSortType;
  /** digest of the search it continues */
  h: string;
  /** issued at (ms) */
  t: number;
  /** listed_at ISO, id, and for relevance the rank as PostgreSQL printed it */
  l: string;
  i: string;
  r?: string;
}

const REAL = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

/**
 * Opaque catalog cursors: the keyset position, the sort and a digest of the search they belong
 * to, MACed with a key derived from the platform's signing key (every instance shares it). A
 * cursor that was altered, belongs to another search or sort, or is older than a day is refused
 * as a validation error on `cursor` rather than silently starting over.
 */
@Injectable()
export class CatalogCursors {
  private readonly key: Buffer;

  constructor(
    keys: SigningKeys,
    private readonly clock: Clock,
  ) {
    this.key = keys.deriveSecret('catalog-cursor/1');
  }

  encode(search: CatalogSearchKey, position: CatalogPosition): string {
    const payload: Payload = {
      v: VERSION,
      s: position.sort,
      h: digest(search),
      t: this.clock.now().getTime(),
      l: position.listedAt.toISOString(),
      i: position.id,
      ...(position.sort === 'relevance' ? { r: position.rank } : {}),
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  decode(cursor: string, search: CatalogSearchKey): CatalogPosition {
    const payload = this.verified(cursor);
    if (!payload)
      throw cursorError('invalid_cursor', 'Use the nextCursor value of the previous page.');
    if (payload.s !== search.sort) {
      throw cursorError('cursor_sort_mismatch', `This cursor continues a ${payload.s} listing.`);
    }
    if (payload.h !== digest(search)) {
      throw cursorError('cursor_search_mismatch', 'This cursor belongs to another search.');
    }
    const age = this.clock.now().getTime() - payload.t;
    if (age > CATALOG_CURSOR_TTL_MS || age < -60_000) {
      throw cursorError('cursor_expired', 'This cursor has expired: start from the first page.');
    }
    const listedAt = new Date(payload.l);
    return payload.s === 'relevance'
      ? { sort: 'relevance', rank: payload.r!, listedAt, id: payload.i }
      : { sort: 'newest', listedAt, id: payload.i };
  }

  private verified(cursor: string): Payload | null {
    const [body, mac, extra] = cursor.split('.');
    if (!body || !mac || extra !== undefined) return null;
    const expected = this.mac(body);
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
      const listedAt = new Date(payload.l);
      const ok =
        payload.v === VERSION &&
        (payload.s === 'newest' || payload.s === 'relevance') &&
        typeof payload.h === 'string' &&
        Number.isSafeInteger(payload.t) &&
        typeof payload.l === 'string' &&
        !Number.isNaN(listedAt.getTime()) &&
        listedAt.toISOString() === payload.l &&
        isUuid(payload.i) &&
        (payload.s === 'newest' || (typeof payload.r === 'string' && REAL.test(payload.r)));
      return ok ? payload : null;
    } catch {
      return null;
    }
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest().subarray(0, MAC_BYTES);
  }
}

function digest(search: CatalogSearchKey): string {
  const filters = Object.entries(search.filters)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256')
    .update(JSON.stringify([search.q, search.sort, filters]))
    .digest('base64url')
    .slice(0, 16);
}

function cursorError(code: string, message: string): DomainError {
  return new DomainError('validation_failed', 'The cursor is not valid.', {
    errors: [{ path: 'cursor', message, code }],
  });
}
