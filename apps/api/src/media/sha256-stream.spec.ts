import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { videoFixture } from '../../test/support/media-fixtures.js';
import { Sha256Meter, hashStream } from './sha256-stream.js';

// The reference is Node's own SHA-256 (OpenSSL), independent of @noble/hashes.
const reference = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** `count` chunks of `size` bytes, made one at a time as the reader asks for them. */
function generated(count: number, size: number) {
  const expected = createHash('sha256');
  const seed = randomBytes(size);
  let made = 0;
  const stream = Readable.from(
    (function* () {
      for (let i = 0; i < count; i++) {
        // Each chunk differs (its first bytes are its index), so order and repeats matter.
        const chunk = Buffer.from(seed);
        chunk.writeUInt32BE(i, 0);
        expected.update(chunk);
        made++;
        yield chunk;
      }
    })(),
  );
  return { stream, expected: () => expected.digest('hex'), made: () => made };
}

describe('streaming SHA-256', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearframe-sha256-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives the standard digests', async () => {
    expect(await hashStream(Readable.from([]))).toEqual({
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      sizeBytes: 0,
    });
    expect(await hashStream(Readable.from(['a', 'bc']))).toEqual({
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      sizeBytes: 3,
    });
  });

  it('hashes a video file as a whole-file digest would', async () => {
    const file = await videoFixture({ seconds: 2, audio: true });
    const bytes = fs.readFileSync(file);
    // Small read chunks, so the digest spans many updates.
    const digest = await hashStream(fs.createReadStream(file, { highWaterMark: 1000 }));
    expect(digest).toEqual({ sha256: reference(bytes), sizeBytes: bytes.length });
  });

  it('hashes 96 MiB made on demand, one 1 MiB chunk at a time', async () => {
    const source = generated(96, 1 << 20);
    const digest = await hashStream(source.stream);
    expect(source.made()).toBe(96);
    expect(digest).toEqual({ sha256: source.expected(), sizeBytes: 96 << 20 });
  });

  it('passes the bytes through unchanged while it measures them', async () => {
    const source = generated(40, 64 * 1024 + 7);
    const meter = new Sha256Meter();
    const copy = path.join(dir, 'copy.bin');
    expect(() => meter.digest).toThrow('has not finished');
    await pipeline(source.stream, meter, fs.createWriteStream(copy));
    const written = fs.readFileSync(copy);
    expect(meter.digest).toEqual({ sha256: source.expected(), sizeBytes: 40 * (64 * 1024 + 7) });
    expect(reference(written)).toBe(meter.digest.sha256);
  });

  it('fails with the source when the source fails', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('connection reset by storage'));
      },
    });
    await expect(hashStream(failing)).rejects.toThrow('connection reset by storage');
    const meter = new Sha256Meter();
    const broken = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('connection reset by storage'));
      },
    });
    await expect(
      pipeline(broken, meter, fs.createWriteStream(path.join(dir, 'x'))),
    ).rejects.toThrow('connection reset by storage');
    expect(() => meter.digest).toThrow('has not finished');
  });
});
