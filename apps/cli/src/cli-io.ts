import type { Readable, Writable } from 'node:stream';

/**
 * The process's streams and environment, passed in rather than read from globals so specs can
 * run a command in-process and read what it printed.
 */
export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  stdin: Readable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Aborted when the person presses Ctrl-C (SIGINT); long work stops at the next safe point. */
  interrupt: AbortSignal;
}

export function processIo(interrupt: AbortSignal): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    interrupt,
  };
}
