import { describe, expect, it } from '@jest/globals';
import { EarningsQuery, monthsBetween } from '@clearframe/contracts/money';
import { DomainError } from '../common/domain-error.js';
import { decodeLicenseeCursor, encodeLicenseeCursor } from './earnings-cursor.js';
import { addMonths } from './earnings.service.js';

describe('earnings months', () => {
  it('moves across year ends both ways', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
    expect(addMonths('2026-12', -11)).toBe('2026-01');
    expect(addMonths('2026-03', -15)).toBe('2024-12');
  });

  it('counts both ends of a range', () => {
    expect(monthsBetween('2026-01', '2026-01')).toBe(1);
    expect(monthsBetween('2025-11', '2026-02')).toBe(4);
    expect(monthsBetween('2026-02', '2026-01')).toBe(0);
  });

  it('refuses a backwards or over-long range and a month that is not one', () => {
    expect(EarningsQuery.safeParse({ from: '2026-01', to: '2026-12' }).success).toBe(true);
    expect(EarningsQuery.safeParse({ from: '2026-02', to: '2026-01' }).success).toBe(false);
    expect(EarningsQuery.safeParse({ from: '2020-01', to: '2025-01' }).success).toBe(false);
    expect(EarningsQuery.safeParse({ from: '2020-01', to: '2024-12' }).success).toBe(true);
    for (const month of ['2026-13', '2026-00', '26-01', '1969-12', '2026-1']) {
      expect(EarningsQuery.safeParse({ from: month }).success).toBe(false);
    }
  });
});

describe('licensee cursors', () => {
  const position = {
    paidAt: new Date('2026-11-03T10:00:00.123Z'),
    orderId: '00000000-0000-4000-8000-000000000001',
    clipId: '00000000-0000-4000-8000-000000000002',
  };

  it('round-trips the keyset position', () => {
    expect(decodeLicenseeCursor(encodeLicenseeCursor(position))).toEqual(position);
  });

  it('refuses anything the encoder did not write as a validation error on cursor', () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of [
      'bogus',
      forged(['2026-11-03T10:00:00.123Z', position.orderId]),
      forged(['+275760-09-13T00:00:00.000Z', position.orderId, position.clipId]),
      forged(['2026-11-03', position.orderId, position.clipId]),
      forged(['2026-11-03T10:00:00.123Z', position.orderId, "x' OR 1=1"]),
    ]) {
      let error: unknown;
      try {
        decodeLicenseeCursor(cursor);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).extras.errors?.[0]).toMatchObject({
        path: 'cursor',
        code: 'invalid_cursor',
      });
    }
  });
});
