import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { captureIo } from '../test/support/capture-io.js';
import { exitCodeFor } from './commands/upload.command.js';
import { EXIT } from './exit-codes.js';
import { run } from './program.js';
import type { FileOutcome } from './upload/upload.outcome.js';

async function tempDir(label: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `clearframe-${label}-`));
}

/** A folder with two video files (bytes need not be video: nothing is sent) and other files. */
async function footage(): Promise<string> {
  const dir = await tempDir('footage');
  await writeFile(path.join(dir, 'beach.mp4'), Buffer.alloc(1000, 1));
  await writeFile(path.join(dir, 'Market.MOV'), Buffer.alloc(10, 2));
  await writeFile(path.join(dir, 'notes.txt'), 'hello');
  await writeFile(path.join(dir, '._beach.mp4'), 'resource fork');
  await writeFile(path.join(dir, 'empty.mkv'), '');
  await mkdir(path.join(dir, 'more'));
  return dir;
}

async function runCli(args: string[], env: NodeJS.ProcessEnv = {}, stdin?: string) {
  const io = captureIo({ env: { XDG_CONFIG_HOME: await tempDir('config'), ...env }, stdin });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('exit status', () => {
  const outcome = (state: FileOutcome['state'], error: string | null = null): FileOutcome => ({
    file: 'a.mp4',
    clipId: null,
    uploadId: null,
    state,
    clipState: null,
    sizeBytes: 1,
    bytesSent: 0,
    partsSent: 0,
    partsResumed: 0,
    seconds: 0,
    sha256: null,
    policyApplied: false,
    peopleDeclared: false,
    error,
    warnings: [],
  });

  it('is 0 when every file arrived, 1 when any failed (a policy not set included), 130 after Ctrl-C', () => {
    expect(exitCodeFor([], false)).toBe(0);
    expect(exitCodeFor([outcome('uploaded'), outcome('already_uploaded')], false)).toBe(0);
    expect(exitCodeFor([outcome('uploaded'), outcome('failed', 'refused')], false)).toBe(1);
    expect(
      exitCodeFor([outcome('uploaded', 'Uploaded, but the policy was not set: …')], false),
    ).toBe(1);
    expect(exitCodeFor([outcome('uploaded'), outcome('interrupted')], true)).toBe(130);
    expect(exitCodeFor([outcome('failed', 'x'), outcome('interrupted')], false)).toBe(130);
    expect(EXIT).toEqual({ ok: 0, someFailed: 1, usage: 2, interrupted: 130 });
  });
});

describe('usage errors exit 2 and say what to change', () => {
  it.each([
    [['upload'], "error: missing required argument 'folder'"],
    [['upload', '.', '--bogus'], "error: unknown option '--bogus'"],
    [['bogus'], "error: unknown command 'bogus'"],
    [
      ['upload', '.', '--concurrency', '0'],
      'clearframe: --concurrency: give a whole number from 1 to 32, not "0".',
    ],
    [
      ['upload', '.', '--concurrency', '2.5'],
      'clearframe: --concurrency: give a whole number from 1 to 32, not "2.5".',
    ],
    [
      ['upload', '.', '--max-rate', 'fast'],
      'clearframe: --max-rate: give bytes per second such as 500K, 16M or 1G, not "fast".',
    ],
  ])('%j', async (args, message) => {
    const { code, err } = await runCli(args);
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toBe(message);
  });

  it('a folder that is not there', async () => {
    const missing = path.join(await tempDir('x'), 'nope');
    const { code, err } = await runCli(['upload', missing]);
    expect({ code, err }).toEqual({ code: 2, err: `clearframe: ${missing}: no such folder.\n` });
  });

  it('a sidecar with mistakes, before anything is sent', async () => {
    const dir = await footage();
    const meta = path.join(await tempDir('meta'), 'meta.csv');
    await writeFile(meta, 'file,country\nbeach.mp4,Atlantis\n');
    const { code, err } = await runCli(['upload', dir, '--meta', meta]);
    expect({ code, err }).toEqual({
      code: 2,
      err: 'clearframe: meta.csv: line 2 (beach.mp4), country: "ATLANTIS" is not accepted. Use an ISO 3166-1 alpha-2 code such as FR or BR.\n',
    });
  });

  it('a policy that is not a clip policy, with the path of each mistake', async () => {
    const dir = await footage();
    const policyFile = path.join(await tempDir('policy'), 'policy.json');
    const example = JSON.parse(
      await readFile(new URL('../examples/policy.json', import.meta.url), 'utf8'),
    );
    await writeFile(
      policyFile,
      JSON.stringify({
        ...example,
        allowedUses: [],
        ratePerMinute: { amountMinor: -5, currency: 'USD' },
      }),
    );
    const { code, err } = await runCli(['upload', dir, '--policy', policyFile]);
    expect(code).toBe(2);
    expect(err).toBe(
      `clearframe: ${policyFile} is not a clip policy (clearframe.policy/1):\n  allowedUses: Allow at least one use.\n  ratePerMinute.amountMinor: Amounts cannot be negative.\n`,
    );
  });

  it('no login', async () => {
    const { code, err } = await runCli(['upload', await footage()]);
    expect({ code, err }).toEqual({
      code: 2,
      err: 'clearframe: Not logged in. Run `clearframe login` first.\n',
    });
    expect(await runCli(['whoami'])).toEqual({
      code: 2,
      out: '',
      err: 'clearframe: Not logged in. Run `clearframe login` first.\n',
    });
  });
});

describe('commands that need no API', () => {
  it('--help shows examples and exits 0', async () => {
    for (const args of [['--help'], ['upload', '--help'], ['login', '--help']]) {
      const { code, out } = await runCli(args);
      expect(code).toBe(0);
      expect(out).toContain('Examples:');
    }
  });

  it('--dry-run lists what would be sent and what is skipped, and sends nothing', async () => {
    const dir = await footage();
    const { code, out } = await runCli(['upload', dir, '--dry-run']);
    expect(code).toBe(0);
    expect(out).toBe(
      [
        'would upload Market.MOV (10 B)',
        'would upload beach.mp4 (1000 B)',
        'skipped ._beach.mp4: hidden file',
        'skipped empty.mkv: empty file (0 bytes)',
        'skipped more: folder (only the folder’s own files are uploaded)',
        'skipped notes.txt: not a video file (accepted: mp4, mov, m4v, mkv, webm, avi, mxf)',
        '',
      ].join('\n'),
    );
    await expect(stat(path.join(dir, '.clearframe-upload.json'))).rejects.toThrow('ENOENT');
  });

  it('warns about sidecar rows without a file, files without a row, and people who need releases', async () => {
    const dir = await footage();
    const meta = path.join(await tempDir('meta'), 'meta.json');
    await writeFile(
      meta,
      JSON.stringify({ 'beach.mp4': { people: ['Ana Lima'] }, 'gone.mp4': {} }),
    );
    const { code, err } = await runCli(['upload', dir, '--meta', meta, '--dry-run']);
    expect(code).toBe(0);
    expect(err).toBe(
      [
        `warning: The sidecar describes gone.mp4 (entry "gone.mp4"), which is not a video file in ${dir}.`,
        'warning: Market.MOV has no row in the sidecar: it is uploaded without a description.',
        "warning: beach.mp4 shows Ana Lima: add each person's release in the studio before submitting the clip.",
        '',
      ].join('\n'),
    );
  });

  it('a folder without video files is nothing to do: exit 0', async () => {
    const dir = await tempDir('empty');
    await writeFile(path.join(dir, 'readme.md'), '#');
    const { code, err } = await runCli(['upload', dir]);
    expect(code).toBe(0);
    expect(err).toBe(`No video files in ${dir}.\n`);
  });

  it('logout without a login says so', async () => {
    expect(await runCli(['logout'])).toEqual({ code: 0, out: 'Not logged in.\n', err: '' });
  });
});

describe('login', () => {
  // A stand-in for GET /v1/auth/whoami only: the real API is exercised by test/upload.system-spec.ts.
  let server: Server;
  let apiUrl: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const key = req.headers.authorization?.replace(/^Bearer /, '');
      res.setHeader('Content-Type', 'application/json');
      if (req.url !== '/v1/auth/whoami') return res.writeHead(404).end('{}');
      if (key === 'good')
        return res.end(
          JSON.stringify({
            type: 'api_key',
            keyId: 'k1',
            keyName: 'Laptop',
            scopes: ['clips:read'],
            org: { id: 'o1', name: 'Dune Films', kind: 'creator', extra: 'ignored' },
          }),
        );
      if (key === 'session')
        return res.end(JSON.stringify({ type: 'user', userId: 'u1', email: 'a@b.c' }));
      res.writeHead(401, { 'Content-Type': 'application/problem+json' });
      res.end(
        JSON.stringify({
          code: 'unauthenticated',
          title: 'Unauthorized',
          status: 401,
          detail: 'Sign in again.',
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('checks the key from stdin, stores it and names the organization; whoami and logout follow', async () => {
    const config = await tempDir('config');
    const env = { XDG_CONFIG_HOME: config };
    const login = await runCli(['login', '--api-url', `${apiUrl}/`], env, ' good\n');
    expect(login.code).toBe(0);
    expect(login.out).toBe(
      `Logged in to Dune Films (creator organization o1) at ${apiUrl}, key “Laptop”. Scopes: clips:read.\n`,
    );
    expect(login.err).toContain('this key cannot upload (it lacks the uploads:write scope)');
    const file = path.join(config, 'clearframe', 'config.json');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ apiUrl, key: 'good' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await runCli(['whoami'], env)).out).toBe(
      `Dune Films (creator organization o1) at ${apiUrl}, key “Laptop”. Scopes: clips:read.\n`,
    );
    expect(await runCli(['logout'], env)).toEqual({ code: 0, out: 'Logged out.\n', err: '' });
    expect((await runCli(['whoami'], env)).code).toBe(2);
  });

  it('refuses a key the API refuses (exit 1) and stores nothing', async () => {
    const config = await tempDir('config');
    const { code, err } = await runCli(['login', '--api-url', apiUrl, '--key', 'bad'], {
      XDG_CONFIG_HOME: config,
    });
    expect({ code, err }).toEqual({
      code: 1,
      err: `clearframe: The API at ${apiUrl} refused the key: Sign in again. [unauthenticated, HTTP 401]\n`,
    });
    await expect(stat(path.join(config, 'clearframe', 'config.json'))).rejects.toThrow('ENOENT');
  });

  it('refuses a session token: the CLI works with organization keys', async () => {
    const { code, err } = await runCli(['login', '--api-url', apiUrl, '--key', 'session']);
    expect(code).toBe(1);
    expect(err).toBe(
      'clearframe: That is a signed-in session, not an API key. Create a key in your organization’s settings and log in with it.\n',
    );
  });

  it('refuses an empty key and a URL that is not http(s) as usage errors', async () => {
    expect((await runCli(['login', '--api-url', apiUrl], {}, '\n')).err).toBe(
      'clearframe: No API key given (use --key, stdin or the prompt).\n',
    );
    expect(await runCli(['login', '--api-url', 'ftp://x', '--key', 'k'])).toEqual({
      code: 2,
      out: '',
      err: 'clearframe: --api-url: give an http(s) URL such as http://127.0.0.1:4000, not "ftp://x".\n',
    });
  });

  it('says the API cannot be reached (exit 1) after a few quick tries', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const started = Date.now();
    const { code, err } = await runCli([
      'login',
      '--api-url',
      `http://127.0.0.1:${port}`,
      '--key',
      'good',
    ]);
    expect(code).toBe(1);
    expect(err).toBe(
      `clearframe: Could not reach http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
