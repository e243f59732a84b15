import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { readPrefix } from './releases.service.js';

describe('readPrefix', () => {
  it('reads only as far as it needs across chunks, and stops the stream', async () => {
    let pulled = 0;
    const stream = new Readable({
      read() {
        pulled++;
        this.push(Buffer.from([pulled, pulled, pulled, pulled, pulled]));
        if (pulled === 100) this.push(null);
      },
    });
    const head = await readPrefix(stream, 12);
    expect([...head]).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3]);
    expect(pulled).toBeLessThan(10);
    expect(stream.destroyed).toBe(true);
  });

  it('answers fewer bytes for a shorter stream', async () => {
    expect([...(await readPrefix(Readable.from([Buffer.from('%PD')]), 12))]).toEqual([
      0x25, 0x50, 0x44,
    ]);
  });
});
