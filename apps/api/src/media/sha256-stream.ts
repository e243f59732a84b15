import { Readable, Transform, type TransformCallback } from 'node:stream';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** A stream's SHA-256 (lowercase hex, as clients declare it) and its length in bytes. */
export interface StreamDigest {
  sha256: string;
  sizeBytes: number;
}

/**
 * A pass-through stream that hashes and counts what flows through it, chunk by chunk: a 20 GiB
 * upload is read once and never held in memory. Put it between storage and wherever the bytes
 * go (a local copy for the probe), then read `digest` once the stream has finished:
 *
 *     const meter = new Sha256Meter();
 *     await pipeline(storage.stream(key), meter, fs.createWriteStream(copy));
 *     meter.digest; // { sha256, sizeBytes }
 */
export class Sha256Meter extends Transform {
  private readonly hash = sha256.create();
  private bytes = 0;
  private result: StreamDigest | undefined;

  override _transform(chunk: Buffer | string, encoding: BufferEncoding, done: TransformCallback) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
    this.hash.update(bytes);
    this.bytes += bytes.length;
    done(null, bytes);
  }

  override _flush(done: TransformCallback) {
    this.result = { sha256: bytesToHex(this.hash.digest()), sizeBytes: this.bytes };
    done();
  }

  /** The digest of everything that passed; only once the input has ended. */
  get digest(): StreamDigest {
    if (!this.result) throw new Error('Sha256Meter: the stream has not finished');
    return this.result;
  }
}

/** Reads a stream to its end (and so consumes it), hashing and counting its bytes. */
export async function hashStream(input: Readable): Promise<StreamDigest> {
  const hash = sha256.create();
  let sizeBytes = 0;
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    hash.update(bytes);
    sizeBytes += bytes.length;
  }
  return { sha256: bytesToHex(hash.digest()), sizeBytes };
}
