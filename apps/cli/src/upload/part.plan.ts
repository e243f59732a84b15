/** One part of a file: bytes [start, end) are sent as part `partNumber` (1-based). */
export interface PlannedPart {
  partNumber: number;
  start: number;
  end: number;
}

/**
 * The parts of a file as the API cut it: every part `partSizeBytes` long but the last; an empty
 * file is one empty part. Refuses an answer that does not add up, rather than sending a file
 * the server will not reassemble.
 */
export function planParts(
  sizeBytes: number,
  partSizeBytes: number,
  partCount: number,
): PlannedPart[] {
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes < 0)
    throw new Error(`A file size must be a whole number of bytes, not ${sizeBytes}.`);
  if (!Number.isSafeInteger(partSizeBytes) || partSizeBytes <= 0)
    throw new Error(`A part size must be a positive whole number of bytes, not ${partSizeBytes}.`);
  const expected = Math.max(1, Math.ceil(sizeBytes / partSizeBytes));
  if (partCount !== expected)
    throw new Error(
      `The API cut ${sizeBytes} bytes into ${partCount} parts of ${partSizeBytes} bytes; that takes ${expected}.`,
    );
  const parts: PlannedPart[] = [];
  for (let index = 0; index < partCount; index += 1) {
    const start = index * partSizeBytes;
    parts.push({ partNumber: index + 1, start, end: Math.min(sizeBytes, start + partSizeBytes) });
  }
  return parts;
}

/** A part storage reports holding. */
export interface HeldPart {
  partNumber: number;
  sizeBytes: number;
  etag: string;
}

/**
 * Which parts still have to be sent, given what storage holds: a part counts as held only if it
 * has the planned size (S3 keeps a part whole or not at all, but a part from another cut of the
 * file would not fit). Returns the parts to send, in order, and the ETags of those held.
 */
export function partsToSend(
  plan: readonly PlannedPart[],
  held: readonly HeldPart[],
): { missing: PlannedPart[]; kept: Map<number, string> } {
  const byNumber = new Map(held.map((part) => [part.partNumber, part]));
  const kept = new Map<number, string>();
  const missing: PlannedPart[] = [];
  for (const part of plan) {
    const stored = byNumber.get(part.partNumber);
    if (stored && stored.sizeBytes === part.end - part.start && stored.etag)
      kept.set(part.partNumber, stored.etag);
    else missing.push(part);
  }
  return { missing, kept };
}

/** Part numbers in the batches one signing call may ask for (at most `max` each). */
export function signingBatches(partNumbers: readonly number[], max: number): number[][] {
  if (!Number.isInteger(max) || max < 1)
    throw new Error(`A batch holds at least one part, not ${max}.`);
  const batches: number[][] = [];
  for (let index = 0; index < partNumbers.length; index += max)
    batches.push(partNumbers.slice(index, index + max));
  return batches;
}

/** The bytes of the file the plan covers, the parts done and the bytes they hold. */
export function progressOf(
  plan: readonly PlannedPart[],
  done: ReadonlySet<number> | ReadonlyMap<number, unknown>,
): { parts: number; bytes: number } {
  let bytes = 0;
  let parts = 0;
  for (const part of plan) {
    if (done.has(part.partNumber)) {
      parts += 1;
      bytes += part.end - part.start;
    }
  }
  return { parts, bytes };
}
