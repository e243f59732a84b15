import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const API_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Compiles the API to dist/ when dist/ is missing or older than a source file, so the processes a
 * test starts run the code under test (turbo builds dependencies before tests, not the package).
 */
export function ensureBuilt(): void {
  const main = path.join(API_ROOT, 'dist', 'main.js');
  const built = fs.existsSync(main) ? fs.statSync(main).mtimeMs : 0;
  const src = path.join(API_ROOT, 'src');
  const newest = Math.max(
    ...(fs.readdirSync(src, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts'))
      .map((f) => fs.statSync(path.join(src, f)).mtimeMs),
  );
  if (built >= newest) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync('nice', ['-n', '10', process.execPath, tsc, '-p', 'tsconfig.build.json'], {
    cwd: API_ROOT,
    stdio: 'inherit',
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface AppProcess {
  name: string;
  child: ChildProcess;
  /** Every line the process wrote to stdout or stderr so far. */
  lines: string[];
  exited: Promise<number | null>;
  /** Resolves when a line matches; rejects if the process exits first or time runs out. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM, then the exit (the process finishes its work as in a deployment's rollout). */
  stop(): Promise<void>;
  /** SIGKILL: the process dies on the spot, as on a lost host. */
  kill(): Promise<void>;
}

/**
 * Starts `node dist/<entry>` of the API as its own OS process (at lower CPU priority), with
 * exactly `env`. Its output goes to `logFile` too, when given, for the run's secret scan.
 */
export function startProcess(
  name: string,
  entry: 'main.js' | 'worker.js',
  env: Record<string, string>,
  logFile?: string,
): AppProcess {
  const child = spawn('nice', ['-n', '10', process.execPath, path.join('dist', entry)], {
    cwd: API_ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const log = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : undefined;
  for (const stream of [child.stdout!, child.stderr!]) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        log?.write(`${line}\n`);
      }
      for (const wake of waiters) wake();
    });
  }
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      log?.end();
      for (const wake of waiters) wake();
      resolve(code);
    }),
  );
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    name,
    child,
    lines,
    exited,
    waitForLine(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${name}: no line matching ${pattern} in ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          const line = lines.find((l) => pattern.test(l));
          if (line !== undefined || gone()) {
            clearTimeout(timer);
            waiters.delete(check);
            if (line !== undefined) resolve(line);
            else
              reject(
                new Error(`${name} exited before ${pattern}:\n${lines.slice(-20).join('\n')}`),
              );
          }
        };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (!gone()) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
  };
}
