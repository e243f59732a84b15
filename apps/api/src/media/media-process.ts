import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { type MediaTool, MediaToolError } from './media.errors.js';

/** One run of ffmpeg or ffprobe over untrusted input. */
export interface MediaToolRun {
  tool: MediaTool;
  binary: string;
  /** Passed to the binary as they are: no shell ever sees them, so nothing in them is syntax. */
  args: readonly string[];
  /** The run is killed (SIGKILL) past this, and fails with a `timeout` MediaToolError. */
  timeoutMs: number;
  /** Bytes for the tool's stdin; without it, stdin is closed (the tool reads end of file). */
  stdin?: Readable;
  /**
   * Receives stdout as it arrives, for outputs read as a stream (fingerprint frames). Without
   * it, stdout is collected and returned.
   */
  onStdout?: (chunk: Buffer) => void;
  /** More stdout than this kills the run (`output_too_large`). */
  maxStdoutBytes?: number;
}

export interface MediaToolResult {
  /** Exit code; null when the tool was killed by a signal it did not get from us. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Collected stdout (empty when `onStdout` consumed it). */
  stdout: Buffer;
  /** The sanitised tail of stderr (see `sanitizeDiagnostics`). */
  stderr: string;
}

const DEFAULT_MAX_STDOUT_BYTES = 16 * 1024 * 1024;
const STDERR_TAIL_BYTES = 16 * 1024;

/**
 * Runs a media tool with an argument array (`shell: false`), stdin closed unless a stream is
 * given, an empty environment (a process that parses uploads has no use for our secrets), a time
 * limit and a bound on stdout. It resolves with what the tool said for any exit the tool made on
 * its own, crashes included (a crash on an input is a fact about that input); it rejects with a
 * MediaToolError when the binary cannot start, or when we killed it (time, output size, a failed
 * input stream).
 */
export function runMediaTool(run: MediaToolRun): Promise<MediaToolResult> {
  const maxStdout = run.maxStdoutBytes ?? DEFAULT_MAX_STDOUT_BYTES;
  return new Promise((resolve, reject) => {
    const child = spawn(run.binary, [...run.args], {
      shell: false,
      stdio: [run.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      // PATH only, so a bare FFMPEG_PATH=ffmpeg resolves as it would in a shell.
      env: { PATH: process.env.PATH ?? '', LC_ALL: 'C' },
      windowsHide: true,
    });
    let killedFor: 'timeout' | 'output_too_large' | 'input_failed' | undefined;
    let inputError: unknown;
    const kill = (reason: 'timeout' | 'output_too_large' | 'input_failed') => {
      killedFor ??= reason;
      child.kill('SIGKILL');
    };
    // Our own timer: spawn's `timeout` option leaves its timer behind when the spawn fails.
    const timer = setTimeout(() => kill('timeout'), run.timeoutMs);
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    child.stdout!.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxStdout) return kill('output_too_large');
      if (run.onStdout) run.onStdout(chunk);
      else stdout.push(chunk);
    });
    let stderrTail = Buffer.alloc(0);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderrTail = Buffer.concat([stderrTail, chunk]);
      if (stderrTail.length > STDERR_TAIL_BYTES) {
        stderrTail = stderrTail.subarray(stderrTail.length - STDERR_TAIL_BYTES);
      }
    });
    const input = run.stdin;
    if (input && child.stdin) {
      // A tool stops reading once it has what it needs; the rest of the stream is not an error.
      child.stdin.on('error', () => undefined);
      input.on('error', (error) => {
        inputError ??= error;
        kill('input_failed');
      });
      input.pipe(child.stdin);
    }
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new MediaToolError(run.tool, 'missing', '', { cause: error }));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      // What the tool did not read is of no use to anyone; release the file or socket behind it.
      input?.unpipe();
      input?.destroy();
      const stderr = sanitizeDiagnostics(stderrTail.toString('utf8'));
      if (killedFor) {
        reject(
          new MediaToolError(run.tool, killedFor, stderr, {
            limitMs: run.timeoutMs,
            cause: inputError,
          }),
        );
      } else {
        resolve({ code, signal, stdout: Buffer.concat(stdout), stderr });
      }
    });
  });
}

/** Rejects a result whose tool did not exit 0, with its diagnostics. */
export function expectSuccess(tool: MediaTool, result: MediaToolResult): MediaToolResult {
  if (result.code === 0) return result;
  throw new MediaToolError(tool, result.signal ? 'crashed' : 'failed', result.stderr);
}

const MAX_LINES = 20;
const MAX_LINE_CHARS = 300;

/**
 * Stderr of a tool that read an uploaded file can carry bytes of that file (metadata strings,
 * names): keep the last lines, replace control characters (terminal escapes, NUL, CR) with `?`
 * and cut long lines, so a look at it cannot be steered by the file.
 */
export function sanitizeDiagnostics(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[\p{Cc}\u2028\u2029]/gu, '?'))
    .map((line) => (line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line))
    .filter((line) => line.trim() !== '')
    .slice(-MAX_LINES)
    .join('\n');
}
