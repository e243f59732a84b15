import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * The SHA-256 of a file, read once in 1 MiB chunks (never whole in memory), lower-case hex.
 * Node's OpenSSL digest, not @noble/hashes: on these machines it hashes ~430 MB/s against
 * ~65 MB/s, which for a 20 GiB file is under a minute instead of five. `onBytes` hears progress.
 */
export async function sha256OfFile(
  file: string,
  options: { signal?: AbortSignal; onBytes?: (bytesRead: number) => void } = {},
): Promise<string> {
  const hash = createHash('sha256');
  const stream = createReadStream(file, { highWaterMark: 1024 * 1024, signal: options.signal });
  let read = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    read += chunk.length;
    options.onBytes?.(read);
  }
  return hash.digest('hex');
}
