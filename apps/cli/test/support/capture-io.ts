import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../../src/cli-io.js';

/** A CliIo whose output is collected, for running commands in-process. */
export function captureIo(
  options: { env?: NodeJS.ProcessEnv; stdin?: string; interrupt?: AbortSignal } = {},
): CliIo & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += String(chunk)));
  stderr.on('data', (chunk) => (err += String(chunk)));
  return {
    stdout,
    stderr,
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    env: options.env ?? {},
    interrupt: options.interrupt ?? new AbortController().signal,
    out: () => out,
    err: () => err,
  };
}
