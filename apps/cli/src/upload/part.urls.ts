import type { SignedPartType } from '../api/api.responses.js';

/** How many part URLs one signing call may ask for (the API's limit). */
export const MAX_PARTS_PER_SIGN_REQUEST = 100;

/** A URL is used only while this much of its life is left: a minute, or a quarter of a short TTL. */
const MAX_MARGIN_MS = 60_000;

interface CachedUrl {
  part: SignedPartType;
  /** When it stops being handed out. */
  useBefore: number;
}

/**
 * Presigned part URLs for one upload, asked for in batches as the parts come up (a batch signed
 * far ahead would expire before a slow link reaches it), asked for again when one is close to
 * expiring or storage refused it, and never asked for twice at once.
 */
export class PartUrls {
  private readonly cache = new Map<number, CachedUrl>();
  private readonly inFlight = new Map<number, Promise<void>>();
  private readonly sign: (partNumbers: number[]) => Promise<SignedPartType[]>;
  private readonly order: readonly number[];
  private readonly batchSize: number;
  private readonly now: () => Date;

  constructor(options: {
    /** Signs these parts (one API call). */
    sign: (partNumbers: number[]) => Promise<SignedPartType[]>;
    /** The parts still to send, in the order they will be sent. */
    order: readonly number[];
    batchSize: number;
    now: () => Date;
  }) {
    this.sign = options.sign;
    this.order = options.order;
    this.batchSize = Math.max(1, Math.min(MAX_PARTS_PER_SIGN_REQUEST, options.batchSize));
    this.now = options.now;
  }

  /** A URL for the part with life left in it, signing it (and the next parts in line) if needed. */
  async get(partNumber: number): Promise<SignedPartType> {
    const cached = this.cache.get(partNumber);
    if (cached && this.now().getTime() < cached.useBefore) return cached.part;
    this.cache.delete(partNumber);
    await (this.inFlight.get(partNumber) ?? this.signFrom(partNumber));
    const signed = this.cache.get(partNumber);
    if (!signed) throw new Error(`The API did not sign part ${partNumber}.`);
    return signed.part;
  }

  /** Drops a URL storage refused or could not be reached with, so the next get signs anew. */
  forget(partNumber: number): void {
    this.cache.delete(partNumber);
  }

  /** Signs `partNumber` and the next parts in line that have no URL yet, in one call. */
  private signFrom(partNumber: number): Promise<void> {
    const batch = [partNumber];
    const start = this.order.indexOf(partNumber);
    for (
      let i = start + 1;
      start >= 0 && i < this.order.length && batch.length < this.batchSize;
      i += 1
    ) {
      const next = this.order[i]!;
      if (!this.cache.has(next) && !this.inFlight.has(next)) batch.push(next);
    }
    const signedAt = this.now().getTime();
    const work = this.sign(batch)
      .then((parts) => {
        for (const part of parts) {
          const expiresAt = Date.parse(part.expiresAt);
          const margin = Math.min(MAX_MARGIN_MS, Math.max(0, expiresAt - signedAt) / 4);
          this.cache.set(part.partNumber, { part, useBefore: expiresAt - margin });
        }
      })
      .finally(() => {
        for (const number of batch) this.inFlight.delete(number);
      });
    for (const number of batch) this.inFlight.set(number, work);
    return work;
  }
}
