import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  callApi,
  createCreatorWithKey,
  freePort,
  listAll,
  ROOT,
  startApi,
  type RunningApi,
} from './support/api-stack.js';
import { runCli, startCli, type CliRun } from './support/cli-process.js';
import { noisyClip } from './support/media-fixtures.js';

// The whole path a creator takes from a terminal, against the real built API on the embedded
// defaults: log in with a creator key, upload a folder of three generated clips with a
// sidecar and a policy, be stopped twice midway (Ctrl-C, then SIGKILL), rerun, and find every
// clip exactly once, complete, with the bytes storage holds hashing to the local file's SHA-256.

const CLIPS = [
  { name: 'dawn.mp4', seconds: 2, seed: 1 },
  { name: 'harbour.mp4', seconds: 2.6, seed: 2 },
  { name: 'market.mp4', seconds: 3.4, seed: 3 },
];
const SIDECAR = [
  'file,title,description,tags,category,camera_motion,setting,time_of_day,country,people',
  'dawn.mp4,Dawn over the bay,First light on still water,sea;dawn,nature,static,outdoor,dawn,PT,none',
  'harbour.mp4,Harbour cranes,,industry;cranes,industry,pan,outdoor,day,NL,',
  'market.mp4,Night market,Stalls under lanterns,market;night,urban,handheld,outdoor,night,TH,Ana Lima',
].join('\n');

let api: RunningApi;
let apiPort: number;
let s3Port: number;
let dataDir: string;
let work: string;
let footage: string;
let creator: Awaited<ReturnType<typeof createCreatorWithKey>>;
let env: NodeJS.ProcessEnv;
const localSha256 = new Map<string, string>();

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'clearframe-cli-api-'));
  work = await mkdtemp(path.join(tmpdir(), 'clearframe-cli-work-'));
  footage = path.join(work, 'footage');
  await mkdir(footage);
  [apiPort, s3Port] = [await freePort(), await freePort()];
  const [started] = await Promise.all([
    startApi(dataDir, { apiPort, env: { EMBEDDED_S3_PORT: String(s3Port) } }),
    ...CLIPS.map((clip) => noisyClip(path.join(footage, clip.name), clip.seconds, clip.seed)),
  ]);
  api = started;
  await writeFile(path.join(footage, 'notes.txt'), 'shot list');
  await writeFile(path.join(work, 'footage.csv'), `${SIDECAR}\n`);
  for (const clip of CLIPS)
    localSha256.set(
      clip.name,
      createHash('sha256')
        .update(await readFile(path.join(footage, clip.name)))
        .digest('hex'),
    );
  creator = await createCreatorWithKey(api.apiUrl, dataDir, 'cli', [
    'uploads:write',
    'clips:read',
    'clips:write',
  ]);
  env = { CLEARFRAME_CONFIG_DIR: path.join(work, 'config') };
}, 180_000);

afterAll(async () => {
  // The API runs quietly; its error lines (a 5xx names its request id) are what explain a failure.
  const lines = (api?.logs ?? []).join('').split('\n');
  const errors = lines.filter((line) => /"level":(50|60)/.test(line));
  if (errors.length) process.stderr.write(`API error log lines:\n${errors.join('\n')}\n`);
  await api?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  if (work) await rm(work, { recursive: true, force: true });
});

const stateFile = () => path.join(footage, '.clearframe-upload.json');

async function readState(): Promise<any | null> {
  try {
    return JSON.parse(await readFile(stateFile(), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Parts the state file records across every file (it is replaced atomically, never half-written). */
async function recordedParts(): Promise<number> {
  const state = await readState();
  return state
    ? Object.values(state.files as Record<string, { parts: unknown[] }>).reduce(
        (n, f) => n + f.parts.length,
        0,
      )
    : 0;
}

/** Waits until the running upload has recorded `atLeast` parts, then returns how many. */
async function untilParts(run: CliRun, atLeast: number): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const parts = await recordedParts();
    if (parts >= atLeast) return parts;
    if (run.child.exitCode !== null)
      throw new Error(`the upload ended before ${atLeast} parts:\n${run.stderr()}`);
    if (Date.now() > deadline)
      throw new Error(`no ${atLeast} parts within a minute:\n${run.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const UPLOAD = () => [
  'upload',
  footage,
  '--meta',
  path.join(work, 'footage.csv'),
  '--policy',
  path.join(ROOT, 'apps/cli/examples/policy.json'),
  '--concurrency',
  '2',
  // 10 parts of 8 MiB at 16 MiB/s: about five seconds, long enough to stop it midway on purpose.
  '--max-rate',
  '16M',
  '--json',
];

describe('clearframe login', () => {
  it('checks the creator key with the API, stores it readable by its owner only and names the org', async () => {
    const login = await runCli(['login', '--api-url', api.apiUrl], env, `${creator.key}\n`);
    expect(login.code).toBe(0);
    expect(login.stdout).toBe(
      `Logged in to ${creator.orgName} (creator organization ${creator.orgId}) at ${api.apiUrl}, key “CLI”. Scopes: clips:read, clips:write, uploads:write.\n`,
    );
    const config = path.join(work, 'config', 'config.json');
    expect((await stat(config)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(config, 'utf8'))).toEqual({
      apiUrl: api.apiUrl,
      key: creator.key,
    });
    const whoami = await runCli(['whoami', '--json'], env);
    expect(whoami.code).toBe(0);
    expect(JSON.parse(whoami.stdout)).toMatchObject({
      type: 'api_key',
      org: { id: creator.orgId, kind: 'creator' },
    });
  });

  it('refuses a key the API does not know, and stores nothing', async () => {
    const otherEnv = { CLEARFRAME_CONFIG_DIR: path.join(work, 'config-bad') };
    const login = await runCli(
      ['login', '--api-url', api.apiUrl, '--key', 'cf_live_not_a_key'],
      otherEnv,
    );
    expect(login.code).toBe(1);
    expect(login.stderr).toMatch(/^clearframe: The API at .* refused the key: .*HTTP 401\]\n$/);
    expect(existsSync(path.join(work, 'config-bad', 'config.json'))).toBe(false);
  });
});

describe('clearframe upload, stopped twice and rerun', () => {
  it('uploads every clip exactly once, complete, described, with its policy', async () => {
    // Run 1: Ctrl-C once two parts have landed. It stops, writes its state and exits 130.
    const first = startCli(UPLOAD(), env);
    await untilParts(first, 2);
    first.child.kill('SIGINT');
    expect(await first.exited).toEqual({ code: 130, signal: null });
    expect(first.stderr()).toContain('Interrupted. Run the same command again to resume');
    const partsAfterFirst = await recordedParts();
    expect(partsAfterFirst).toBeGreaterThanOrEqual(2);
    expect(partsAfterFirst).toBeLessThan(10);
    expect(JSON.parse(first.stdout()).files.map((f: any) => f.state)).toContain('interrupted');

    // Run 2: SIGKILL (no chance to write anything) after two more parts.
    const second = startCli(UPLOAD(), env);
    await untilParts(second, partsAfterFirst + 2);
    second.child.kill('SIGKILL');
    expect(await second.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // The state file survives a kill at any moment: it is whole and parses.
    const afterKill = await readState();
    expect(afterKill.orgId).toBe(creator.orgId);

    // Run 3: finishes. Files completed before are not sent again; the others send only what
    // storage lacks.
    const third = startCli(UPLOAD(), env);
    const done = await third.exited;
    expect({ done, stderr: third.stderr() }).toEqual({
      done: { code: 0, signal: null },
      stderr: expect.any(String),
    });
    const summary = JSON.parse(third.stdout());
    expect(summary.skipped).toEqual([
      {
        file: 'notes.txt',
        reason: 'not a video file (accepted: mp4, mov, m4v, mkv, webm, avi, mxf)',
      },
    ]);
    const byName = new Map<string, any>(summary.files.map((f: any) => [f.file, f]));
    expect([...byName.keys()].sort()).toEqual(CLIPS.map((c) => c.name));
    for (const file of byName.values()) {
      expect(['uploaded', 'already_uploaded']).toContain(file.state);
      expect(file).toMatchObject({
        error: null,
        policyApplied: true,
        peopleDeclared: file.file !== 'harbour.mp4',
      });
      expect(file.sha256).toBe(localSha256.get(file.file));
    }
    // Something was resumed rather than sent again: fewer parts went out in run 3 than the
    // files have in all (10), and at least one file started from parts storage already held.
    const sentInThird = summary.files.reduce((n: number, f: any) => n + f.partsSent, 0);
    expect(sentInThird).toBeLessThan(10);
    expect(
      summary.files.some((f: any) => f.partsResumed > 0 || f.state === 'already_uploaded'),
    ).toBe(true);

    // The API: exactly three uploads in the org, all completed, one per file, at the right size.
    const uploads = await listAll(api.apiUrl, `/v1/orgs/${creator.orgId}/uploads`, creator.token);
    expect(
      uploads
        .map((u) => ({ fileName: u.fileName, state: u.state, sizeBytes: u.sizeBytes }))
        .sort((a, b) => a.fileName.localeCompare(b.fileName)),
    ).toEqual(
      await Promise.all(
        CLIPS.map(async (clip) => ({
          fileName: clip.name,
          state: 'completed',
          sizeBytes: (await stat(path.join(footage, clip.name))).size,
        })),
      ),
    );
    // Exactly three clips, each the one its upload became, described from the sidecar.
    const clips = await listAll(api.apiUrl, `/v1/orgs/${creator.orgId}/clips`, creator.token);
    expect(clips.map((c) => c.id).sort()).toEqual(uploads.map((u) => u.clipId).sort());
    for (const upload of uploads) {
      const detail = await callApi(api.apiUrl, `/v1/orgs/${creator.orgId}/clips/${upload.clipId}`, {
        token: creator.token,
      });
      expect(detail.policyVersion).toMatchObject({
        version: 1,
        policy: JSON.parse(
          await readFile(path.join(ROOT, 'apps/cli/examples/policy.json'), 'utf8'),
        ),
      });
      if (upload.fileName === 'market.mp4') {
        expect(detail).toMatchObject({
          title: 'Night market',
          category: 'urban',
          country: 'TH',
          cameraMotion: 'handheld',
        });
        expect(detail.people).toMatchObject({
          identifiablePeople: true,
          people: [{ person: { name: 'Ana Lima' }, status: 'release_missing' }],
        });
      }
      if (upload.fileName === 'dawn.mp4')
        expect(detail.people).toMatchObject({ identifiablePeople: false, people: [] });
      if (upload.fileName === 'harbour.mp4') expect(detail.people.identifiablePeople).toBeNull();
    }
    // The API's verification job streams each original from storage, compares its size and
    // SHA-256 with what the CLI declared, and probes it: every clip comes out a verified draft.
    const deadline = Date.now() + 120_000;
    let states: string[];
    for (;;) {
      const listed = await listAll(api.apiUrl, `/v1/orgs/${creator.orgId}/clips`, creator.token);
      states = listed
        .map(
          (clip) =>
            `${clip.fileName}: ${clip.state}${clip.rejection ? ` (${clip.rejection.code})` : ''}`,
        )
        .sort();
      if (listed.every((clip) => clip.state !== 'uploading' && clip.state !== 'processing')) break;
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(states).toEqual(CLIPS.map((clip) => `${clip.name}: draft`));
    // The bytes storage assembled are the file's bytes: same SHA-256, computed here from the
    // embedded store's object file, independently of the CLI and the API.
    for (const upload of uploads) {
      const object = path.join(
        dataDir,
        's3',
        'clearframe-originals',
        'orgs',
        creator.orgId,
        'uploads',
        upload.id,
        'original._S3rver_object',
      );
      const bytes = await readFile(object);
      expect({
        file: upload.fileName,
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      }).toEqual({
        file: upload.fileName,
        size: upload.sizeBytes,
        sha256: localSha256.get(upload.fileName),
      });
    }
  });

  it('a rerun sends nothing and makes no new upload', async () => {
    const rerun = await runCli(UPLOAD(), env);
    expect(rerun.code).toBe(0);
    const summary = JSON.parse(rerun.stdout);
    expect(summary.files.map((f: any) => [f.file, f.state, f.bytesSent])).toEqual(
      CLIPS.map((c) => [c.name, 'already_uploaded', 0]),
    );
    const uploads = await listAll(api.apiUrl, `/v1/orgs/${creator.orgId}/uploads`, creator.token);
    expect(uploads).toHaveLength(3);
  });

  it('a changed file starts over: its open upload is aborted and the new version uploaded', async () => {
    // A fourth clip, interrupted mid-upload, then changed on disk before the rerun.
    const extra = path.join(footage, 'pier.mp4');
    await noisyClip(extra, 2.2, 4);
    const stopped = startCli(UPLOAD(), env);
    await untilParts(stopped, (await recordedParts()) + 1);
    stopped.child.kill('SIGINT');
    expect((await stopped.exited).code).toBe(130);
    const oldUploadId = (await readState()).files['pier.mp4'].upload.id;
    await noisyClip(extra, 2.4, 5);
    const rerun = await runCli(UPLOAD(), env);
    expect(rerun.code).toBe(0);
    const pier = JSON.parse(rerun.stdout).files.find((f: any) => f.file === 'pier.mp4');
    expect(pier).toMatchObject({ state: 'uploaded', partsResumed: 0, error: null });
    expect(pier.uploadId).not.toBe(oldUploadId);
    const uploads = await listAll(api.apiUrl, `/v1/orgs/${creator.orgId}/uploads`, creator.token);
    expect(
      uploads
        .filter((u) => u.fileName === 'pier.mp4')
        .map((u) => [u.id, u.state])
        .sort(),
    ).toEqual(
      [
        [oldUploadId, 'aborted'],
        [pier.uploadId, 'completed'],
      ].sort(),
    );
    expect(uploads.filter((u) => u.state === 'completed')).toHaveLength(4);
  });
});

describe('clearframe upload through a lost connection', () => {
  it('rides out the API and storage going away and coming back, and completes once', async () => {
    const folder = path.join(work, 'footage-restart');
    await mkdir(folder);
    await noisyClip(path.join(folder, 'tide.mp4'), 2.6, 6);
    await noisyClip(path.join(folder, 'ferry.mp4'), 2.2, 7);
    // Both clips show Ana Lima: the second declaration must point at the person the first made.
    const meta = path.join(work, 'restart.json');
    await writeFile(
      meta,
      JSON.stringify({
        'tide.mp4': { people: ['Ana Lima'] },
        'ferry.mp4': { people: ['Ana Lima', 'Deckhand'] },
      }),
    );
    const args = [
      'upload',
      folder,
      '--meta',
      meta,
      '--concurrency',
      '2',
      '--max-rate',
      '8M',
      '--json',
    ];
    const run = startCli(args, env);
    const recorded = async () => {
      const state = JSON.parse(
        await readFile(path.join(folder, '.clearframe-upload.json'), 'utf8').catch(
          () => '{"files":{}}',
        ),
      );
      return Object.values(state.files as Record<string, { parts: unknown[] }>).reduce(
        (n, f) => n + f.parts.length,
        0,
      );
    };
    const deadline = Date.now() + 60_000;
    while ((await recorded()) < 1) {
      if (Date.now() > deadline || run.child.exitCode !== null) throw new Error(run.stderr());
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // The API and its embedded storage stop mid-upload and come back at the same addresses.
    await api.stop();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    api = await startApi(dataDir, { apiPort, env: { EMBEDDED_S3_PORT: String(s3Port) } });
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stderr()).toMatch(/retry \d+ in/);
    const summary = JSON.parse(run.stdout());
    expect(summary.files.map((f: any) => [f.file, f.state, f.error])).toEqual([
      ['ferry.mp4', 'uploaded', null],
      ['tide.mp4', 'uploaded', null],
    ]);
    const uploads = await listAll(api.apiUrl, `/v1/orgs/${creator.orgId}/uploads`, creator.token);
    for (const name of ['tide.mp4', 'ferry.mp4'])
      expect(uploads.filter((u) => u.fileName === name).map((u) => u.state)).toEqual(['completed']);
    const peopleOf = async (clipId: string) =>
      (
        await callApi(api.apiUrl, `/v1/orgs/${creator.orgId}/clips/${clipId}/people`, {
          token: creator.token,
        })
      ).people.map((p: any) => [p.person.name, p.person.id]);
    const [tide, ferry] = ['tide.mp4', 'ferry.mp4'].map((n) =>
      summary.files.find((f: any) => f.file === n),
    );
    const tidePeople = await peopleOf(tide.clipId);
    const ferryPeople = await peopleOf(ferry.clipId);
    expect(tidePeople.map(([name]: string[]) => name)).toEqual(['Ana Lima']);
    expect(ferryPeople.map(([name]: string[]) => name).sort()).toEqual(['Ana Lima', 'Deckhand']);
    expect(ferryPeople.find(([name]: string[]) => name === 'Ana Lima')[1]).toBe(tidePeople[0][1]);
  });
});
