import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { sha256Hex } from '@clearframe/contracts/certificates';
import type { BundleTermsGroupType } from '@clearframe/contracts/demand';
import { canonicalize } from '@clearframe/contracts/license';
import type { QuoteType } from '@clearframe/contracts/pricing';
import { SigningKeys } from '../signing/signing-keys.js';

const MAC_BYTES = 16;

/** What a quote token names: the bundle, when it was quoted, and the quote's content. */
export interface QuoteTokenClaims {
  bundleId: string;
  orgId: string;
  quotedAtMs: number;
  fingerprint: string;
}

/**
 * The content of a quote that an order must match: the rate card, every priced clip with its
 * amount and shares, the totals and the terms hashes. Two quotes with the same fingerprint
 * charge the same lab the same amounts for the same clips under the same terms.
 */
export function quoteFingerprint(
  priced: QuoteType,
  terms: readonly Pick<BundleTermsGroupType, 'termsHash' | 'clipIds'>[],
): string {
  return sha256Hex(
    canonicalize({
      rateCardId: priced.rateCardId,
      currency: priced.currency,
      lines: priced.lines.map((line) => [
        line.clipId,
        line.net.amountMinor,
        line.platformFee.amountMinor,
        line.creatorShare.amountMinor,
      ]),
      total: priced.total.amountMinor,
      terms: terms.map((group) => [group.termsHash, group.clipIds]),
    }),
  );
}

/**
 * Quote tokens: `<claims>.<mac>`, MACed with a key derived from the signing key, so a client
 * can hand a quote back to the order endpoint but cannot forge its time or content.
 */
@Injectable()
export class QuoteTokens {
  private readonly key: Buffer;

  constructor(keys: SigningKeys) {
    this.key = keys.deriveSecret('quote-token/1');
  }

  issue(claims: QuoteTokenClaims): string {
    const body = Buffer.from(
      JSON.stringify([claims.bundleId, claims.orgId, claims.quotedAtMs, claims.fingerprint]),
    ).toString('base64url');
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  /** The claims of a token this server issued, or null for anything else. */
  read(token: string): QuoteTokenClaims | null {
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return null;
    const given = Buffer.from(mac, 'base64url');
    const expected = this.mac(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const [bundleId, orgId, quotedAtMs, fingerprint] = JSON.parse(
        Buffer.from(body, 'base64url').toString('utf8'),
      ) as [string, string, number, string];
      return { bundleId, orgId, quotedAtMs, fingerprint };
    } catch {
      return null;
    }
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest().subarray(0, MAC_BYTES);
  }
}
