import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FIXTURE_FFMPEG } from '../../test/support/media-fixtures.js';
import { MediaToolError } from './media.errors.js';
import { expectSuccess, runMediaTool, sanitizeDiagnostics } from './media-process.js';

async function refusal(promise: Promise<unknown>): Promise<MediaToolError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MediaToolError) return error;
    throw error;
  }
  throw new Error('expected the run to fail');
}

// The Node binary stands in for a tool where the test needs to see what a child received.
const node = (script: string, extra: string[] = []) => ({
  tool: 'ffmpeg' as const,
  binary: process.execPath,
  args: ['-e', script, ...extra],
  timeoutMs: 10_000,
});

describe('runMediaTool', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearframe-media-process-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('passes arguments as an array: shell syntax in them reaches the tool as plain text', async () => {
    const marker = path.join(dir, 'created-by-a-shell');
    const args = [
      `$(touch ${marker})`,
      `; touch ${marker}`,
      `\`touch ${marker}\``,
      '*',
      '$HOME',
      `it's "quoted"`,
      '| cat',
    ];
    const result = await runMediaTool(
      node('console.log(JSON.stringify(process.argv.slice(1)))', args),
    );
    expect(JSON.parse(result.stdout.toString())).toEqual(args);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('gives the tool a closed stdin and no environment but PATH and the C locale', async () => {
    const result = await runMediaTool(
      node(`let n = 0;
        process.stdin.on('data', (c) => (n += c.length));
        process.stdin.on('end', () => console.log(JSON.stringify({ n, env: Object.keys(process.env).sort() })));`),
    );
    expect(JSON.parse(result.stdout.toString())).toEqual({ n: 0, env: ['LC_ALL', 'PATH'] });
  });

  it('feeds a stream to stdin when given one, and closes the stream after', async () => {
    const stdin = Readable.from([Buffer.from('abc'), Buffer.from('defg')]);
    const result = await runMediaTool({
      ...node(`let n = 0; process.stdin.on('data', (c) => (n += c.length));
        process.stdin.on('end', () => console.log(n));`),
      stdin,
    });
    expect(result.stdout.toString().trim()).toBe('7');
    expect(stdin.destroyed).toBe(true);
  });

  it('kills a run past its time limit and says so; the promise settles once the process is gone', async () => {
    const started = Date.now();
    // An endless generated source: ffmpeg would run until stopped.
    const error = await refusal(
      runMediaTool({
        tool: 'ffmpeg',
        binary: FIXTURE_FFMPEG,
        args: ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'mandelbrot', '-f', 'null', '-'],
        timeoutMs: 300,
      }),
    );
    expect(error.failure).toBe('timeout');
    expect(error.code).toBe('service_unavailable');
    expect(error.message).toBe(
      'Video processing (ffmpeg) took longer than 300 ms and was stopped.',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('states the limit in seconds', async () => {
    const error = await refusal(
      runMediaTool({ ...node('setTimeout(() => undefined, 60_000)'), timeoutMs: 1_400 }),
    );
    expect(error.message).toBe('Video processing (ffmpeg) took longer than 1.4 s and was stopped.');
  });

  it('kills a run whose stdout passes the bound', async () => {
    const error = await refusal(
      runMediaTool({
        ...node(`process.stdout.write(Buffer.alloc(1 << 20)); setTimeout(() => undefined, 60_000)`),
        maxStdoutBytes: 1000,
      }),
    );
    expect(error.failure).toBe('output_too_large');
  });

  it('reports a binary that cannot start as missing', async () => {
    const error = await refusal(
      runMediaTool({
        tool: 'ffprobe',
        binary: path.join(dir, 'no-such-tool'),
        args: [],
        timeoutMs: 1000,
      }),
    );
    expect(error).toMatchObject({
      tool: 'ffprobe',
      failure: 'missing',
      code: 'service_unavailable',
    });
  });

  it('returns a crash or an error exit as a result, and expectSuccess names it', async () => {
    const crashed = await runMediaTool(node(`process.kill(process.pid, 'SIGSEGV')`));
    expect(crashed.signal).toBe('SIGSEGV');
    expect(() => expectSuccess('ffprobe', crashed)).toThrow(
      expect.objectContaining({ failure: 'crashed' }),
    );
    const failed = await runMediaTool(
      node(`process.stderr.write('bad input\\n'); process.exit(3)`),
    );
    expect(failed).toMatchObject({ code: 3, stderr: 'bad input' });
    expect(() => expectSuccess('ffmpeg', failed)).toThrow(
      expect.objectContaining({ failure: 'failed', diagnostics: 'bad input' }),
    );
  });

  it('keeps only a sanitised tail of stderr', async () => {
    const result = await runMediaTool(
      node(`for (let i = 0; i < 100; i++) process.stderr.write('line ' + i + '\\n');
        process.stderr.write('title: \\u001b[31mred\\u001b[0m\\r\\u0007' + 'x'.repeat(500) + '\\n');`),
    );
    const lines = result.stderr.split('\n');
    expect(lines).toHaveLength(20);
    expect(lines[0]).toBe('line 81');
    expect(lines[19]).toBe(`title: ?[31mred?[0m??${'x'.repeat(279)}…`);
    expect(sanitizeDiagnostics('a\u2028b\n\n\u0000')).toBe('a?b\n?');
  });
});
