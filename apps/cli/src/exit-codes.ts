/**
 * What the command's exit status means, as `gh` and `aws s3` use it: scripts branch on these.
 * 130 is the shell's convention for "stopped by Ctrl-C" (128 + SIGINT).
 */
export const EXIT = {
  ok: 0,
  someFailed: 1,
  usage: 2,
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * A mistake in how the command was called (a flag, a file it was pointed at, a missing login):
 * nothing was sent, and the message says what to change. Exits 2.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
