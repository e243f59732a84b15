// Benchmarks the supply side of the built API (apps/api/dist), as issue 7 asks:
//   1. bytes through the API's own HTTP server per GiB of footage uploaded (expected: only the
//      API calls' JSON, no footage), with the bytes of each API call;
//   2. upload throughput through presigned multipart parts on the embedded storage (s3rver);
//   3. CPU seconds per 10 s of 720p per verification step (hash, probe, thumbnail, preview,
//      fingerprint), the ffmpeg/ffprobe children included;
//   4. the near-duplicate lookup at 100,000 fingerprinted clips on PostgreSQL.
//
//   node bench/supply.bench.mjs [--quick] [--only upload|media|duplicates] [--parallel N] [--explain]
//
// `--quick` runs every section small (a smoke run); `--explain` prints the query plans of one
// near-duplicate lookup. Section 4 needs PostgreSQL: BENCH_POSTGRES_URL, by default
// postgres://postgres@127.0.0.1:5432/postgres, where a temporary database is created and dropped
// afterwards (without a server the section is skipped). FFMPEG_PATH, FFPROBE_PATH and
// MEDIA_THREADS reach the media toolkit as they reach the app. Run after building the API
// (`npm run bench` does).
import 'reflect-metadata';
import { execFile, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { DataSource } from 'typeorm';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const optionOf = (name) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : undefined;
};
const ONLY = optionOf('only');
const EXPLAIN = argv.includes('--explain');
const PARALLEL = Number(optionOf('parallel') ?? 4);
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

const SIZES = QUICK
  ? { uploadBytes: 64 * MIB, clipSeconds: 2, mediaRuns: 1, clips: 5_000, queries: 10 }
  : { uploadBytes: GIB, clipSeconds: 10, mediaRuns: 3, clips: 100_000, queries: 50 };
const FRAMES_PER_CLIP = 20;
const POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const run = promisify(execFile);

// Every server this process listens with (the API's, s3rver's, PGlite's) and the sockets it
// accepted, so bytes are counted per server: in embedded mode all three share the process.
const listening = [];
const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenCounted(...args) {
  const entry = { server: this, sockets: new Set() };
  listening.push(entry);
  this.on('connection', (socket) => entry.sockets.add(socket));
  return originalListen.apply(this, args);
};
function serverBytes(server) {
  const entry = listening.find((candidate) => candidate.server === server);
  if (!entry) throw new Error('that server was not seen listening');
  let read = 0;
  let written = 0;
  for (const socket of entry.sockets) {
    read += socket.bytesRead;
    written += socket.bytesWritten;
  }
  return { read, written, connections: entry.sockets.size };
}
function serverOnPort(port) {
  const entry = listening.find((candidate) => candidate.server.address()?.port === port);
  if (!entry) throw new Error(`no server of this process listens on port ${port}`);
  return entry.server;
}

try {
  await fs.access(path.join(HERE, '..', 'dist', 'app.factory.js'));
} catch {
  console.error('apps/api/dist is missing: build the API first (npm run bench does).');
  process.exit(1);
}
const { createApp, createWorker } = await import('../dist/app.factory.js');
const { AppConfig } = await import('../dist/config/app-config.js');
const { Runtime } = await import('../dist/infra/runtime.js');
const { ObjectStorage } = await import('../dist/storage/object-storage.js');
const { UploadVerifier } = await import('../dist/uploads/upload-verifier.js');
const { ffmpegBinary, ffprobeBinary } = await import('../dist/media/media-binaries.js');
const { hashToInt64, lshBands } = await import('../dist/media/fingerprint.js');

function bench(name, value, unit) {
  console.log(`BENCH ${JSON.stringify({ name, value, unit })}`);
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/** The nearest-rank percentile. */
const percentile = (values, p) =>
  [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * values.length) - 1)];
const loadAverage = () =>
  os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');
const mb = (bytes) => (bytes / 1e6).toFixed(1);

/** The variables every app this bench boots shares (the rest are embedded-mode defaults). */
function appEnv(dataDir, extra = {}) {
  return {
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    PORT: '0',
    SEED_DEMO: 'false',
    ...Object.fromEntries(
      ['FFMPEG_PATH', 'FFPROBE_PATH', 'MEDIA_THREADS'].flatMap((name) =>
        process.env[name] ? [[name, process.env[name]]] : [],
      ),
    ),
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------
// 1 and 2: an upload through the API and the presigned part URLs
// ---------------------------------------------------------------------------------------------

/** Bytes read and written per API call, by route, counted on the API server's sockets. */
function recordApiCalls(server) {
  const calls = [];
  const seen = new WeakMap();
  server.on('request', (req, res) => {
    res.on('finish', () => {
      const socket = req.socket;
      const before = seen.get(socket) ?? { read: 0, written: 0 };
      const now = { read: socket.bytesRead, written: socket.bytesWritten };
      seen.set(socket, now);
      calls.push({
        route: `${req.method} ${req.url
          .split('?')[0]
          .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id')}`,
        status: res.statusCode,
        read: now.read - before.read,
        written: now.written - before.written,
      });
    });
  });
  return calls;
}

async function uploadBench() {
  console.log(`\n## Upload through presigned parts (load average ${loadAverage()})`);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clearframe-bench-upload-'));
  // Jobs off: verification would read the file back from storage in this process (embedded mode
  // works jobs in the API process); its cost per clip is section 3.
  const config = AppConfig.fromEnv(appEnv(dataDir, { JOBS_ENABLED: 'false' }));
  const bootStarted = performance.now();
  const runtime = await Runtime.start(config);
  const app = await createApp({ config, runtime }).catch(async (error) => {
    await runtime.stop();
    throw error;
  });
  try {
    const apiServer = app.getHttpServer();
    const calls = recordApiCalls(apiServer);
    await app.listen(0, '127.0.0.1');
    const api = `http://127.0.0.1:${apiServer.address().port}`;
    const storageServer = serverOnPort(Number(new URL(runtime.s3.endpoint).port));
    console.log(
      `embedded API up in ${((performance.now() - bootStarted) / 1000).toFixed(1)} s (PGlite in ${config.database.dir}, s3rver in ${config.storage.dir})`,
    );

    // A creator: sign up over HTTP, confirm the address in SQL (the mailed link is not needed
    // here), sign in, create the studio.
    const email = `bench-${randomBytes(4).toString('hex')}@example.com`;
    const password = 'bench correct horse battery staple';
    const post = async (route, body, token) => {
      const res = await fetch(`${api}${route}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`POST ${route}: ${res.status} ${text}`);
      return JSON.parse(text);
    };
    await post('/v1/auth/sign-up', { email, password, name: 'Bench Creator' });
    const sql = new pg.Client({ connectionString: runtime.databaseUrl });
    await sql.connect();
    await sql.query('UPDATE users SET email_verified_at = now() WHERE email = $1', [email]);
    await sql.end();
    const { session } = await post('/v1/auth/sign-in', { email, password });
    const studio = await post('/v1/orgs', { name: 'Bench Studio', kind: 'creator' }, session.token);

    const setupCalls = calls.length;
    const apiBefore = serverBytes(apiServer);
    const storageBefore = serverBytes(storageServer);
    const cpuBefore = process.cpuUsage();
    const client = await runChild(process.execPath, [
      path.join(HERE, 'supply', 'upload-client.mjs'),
      JSON.stringify({
        api,
        token: session.token,
        orgId: studio.id,
        sizeBytes: SIZES.uploadBytes,
        parallel: PARALLEL,
      }),
    ]);
    const cpu = process.cpuUsage(cpuBefore);
    const result = JSON.parse(client.stdout.trim().split('\n').at(-1));
    const apiAfter = serverBytes(apiServer);
    const storageAfter = serverBytes(storageServer);
    const apiRead = apiAfter.read - apiBefore.read;
    const apiWritten = apiAfter.written - apiBefore.written;
    const storageRead = storageAfter.read - storageBefore.read;

    // The upload arrived whole in storage, and it is the upload the API completed.
    const stored = await app
      .get(ObjectStorage)
      .head('originals', `orgs/${studio.id}/uploads/${result.uploadId}/original`);
    if (result.state !== 'completed' || stored?.size !== SIZES.uploadBytes) {
      throw new Error(`upload not stored whole: ${result.state}, ${stored?.size} bytes`);
    }
    if (storageRead < SIZES.uploadBytes) {
      throw new Error(`s3rver read ${storageRead} bytes, fewer than the file's`);
    }

    const gib = SIZES.uploadBytes / GIB;
    const uploadCalls = calls.slice(setupCalls);
    console.log(
      `uploaded ${mb(SIZES.uploadBytes)} MB (${(SIZES.uploadBytes / MIB).toFixed(0)} MiB) as ${result.partCount} parts of ${result.partSizeBytes / MIB} MiB, ${PARALLEL} PUTs in flight; stored object ${stored.size} bytes`,
    );
    console.log(
      `API server (Nest listener): ${apiRead} B read + ${apiWritten} B written over ${uploadCalls.length} calls = ${Math.round((apiRead + apiWritten) / gib).toLocaleString('en')} B per GiB uploaded`,
    );
    console.log(
      `storage server (s3rver, same process): ${storageRead.toLocaleString('en')} B read (${((storageRead / SIZES.uploadBytes - 1) * 100).toFixed(3)} % over the file: request lines and headers)`,
    );
    const byRoute = new Map();
    for (const call of uploadCalls) {
      const entry = byRoute.get(call.route) ?? {
        calls: 0,
        read: 0,
        written: 0,
        statuses: new Set(),
      };
      entry.calls++;
      entry.read += call.read;
      entry.written += call.written;
      entry.statuses.add(call.status);
      byRoute.set(call.route, entry);
    }
    for (const [route, entry] of byRoute) {
      console.log(
        `  ${route}: ${entry.calls} call(s), ${entry.read} B request, ${entry.written} B response (HTTP ${[...entry.statuses].join(', ')})`,
      );
    }
    const putSeconds = result.ms.puts / 1000;
    const totalSeconds = result.ms.total / 1000;
    console.log(
      `phases: create ${result.ms.create.toFixed(0)} ms, sign ${result.ms.sign.toFixed(0)} ms, PUT parts ${result.ms.puts.toFixed(0)} ms, complete ${result.ms.complete.toFixed(0)} ms`,
    );
    console.log(
      `CPU: API + s3rver + PGlite process ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, uploader process ${result.cpuSeconds.toFixed(1)} s`,
    );
    bench('API server bytes per GiB uploaded', Math.round((apiRead + apiWritten) / gib), 'B');
    bench('API request bytes per GiB uploaded', Math.round(apiRead / gib), 'B');
    bench(
      `upload throughput, parts (${PARALLEL} in parallel)`,
      Number((SIZES.uploadBytes / 1e6 / putSeconds).toFixed(1)),
      'MB/s',
    );
    bench(
      'upload throughput, create to complete',
      Number((SIZES.uploadBytes / 1e6 / totalSeconds).toFixed(1)),
      'MB/s',
    );
  } finally {
    await app.close();
    await runtime.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

function runChild(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve({ stdout, stderr })
        : reject(new Error(`${path.basename(args[0] ?? command)} exited ${code}: ${stderr}`)),
    );
  });
}

// ---------------------------------------------------------------------------------------------
// 3: CPU per verification step
// ---------------------------------------------------------------------------------------------

const STEPS = ['hash', 'probe', 'thumbnail', 'preview', 'fingerprint'];

async function mediaBench() {
  console.log(`\n## Processing cost per clip (load average ${loadAverage()})`);
  try {
    await fs.access('/usr/bin/time');
  } catch {
    console.log('skipped: GNU time (/usr/bin/time) is not installed');
    return;
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'clearframe-bench-media-'));
  try {
    const media = AppConfig.fromEnv(appEnv(dir)).media;
    const ffmpeg = ffmpegBinary(media);
    const ffprobe = ffprobeBinary(media);
    for (const [name, binary] of [
      ['ffmpeg', ffmpeg],
      ['ffprobe', ffprobe],
    ]) {
      const { stdout } = await run(binary, ['-version']);
      console.log(`${name}: ${binary} (${stdout.split('\n')[0]})`);
    }
    console.log(`MEDIA_THREADS ${media.threads}`);

    const clip = path.join(dir, 'clip.mp4');
    const generated = performance.now();
    // The mandelbrot source zooms in continuously, so every frame differs in detail: at CRF 18
    // this is about the bitrate of a camera's 720p H.264.
    await run(ffmpeg, [
      '-nostdin',
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      `mandelbrot=size=1280x720:rate=30`,
      '-t',
      String(SIZES.clipSeconds),
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '18',
      '-pix_fmt',
      'yuv420p',
      '-movflags',
      '+faststart',
      '-y',
      clip,
    ]);
    const { size } = await fs.stat(clip);
    console.log(
      `clip: ${SIZES.clipSeconds} s 1280×720 30 fps H.264 (mandelbrot, CRF 18), ${mb(size)} MB = ${((size * 8) / SIZES.clipSeconds / 1e6).toFixed(1)} Mb/s, generated in ${((performance.now() - generated) / 1000).toFixed(1)} s`,
    );

    const runStep = async (step) => {
      const timeFile = path.join(dir, `time-${step}.txt`);
      const started = performance.now();
      const { stdout } = await runChild('/usr/bin/time', [
        '-f',
        '%U %S',
        '-o',
        timeFile,
        process.execPath,
        path.join(HERE, 'supply', 'media-step.mjs'),
        step,
        clip,
        dir,
        String(SIZES.clipSeconds * 1000),
      ]);
      const wall = (performance.now() - started) / 1000;
      const [user, system] = (await fs.readFile(timeFile, 'utf8'))
        .trim()
        .split('\n')
        .at(-1)
        .split(' ')
        .map(Number);
      const lines = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      const ready = lines[0].readyCpuSeconds;
      return { cpu: user + system - ready, ready, wall, result: lines[1].result };
    };

    // One warm-up round (page cache, lazy loading), then rounds that run each step once, so a
    // burst of load on the shared machine spreads over the steps instead of hitting one.
    for (const step of ['none', ...STEPS]) await runStep(step);
    const samples = Object.fromEntries(['none', ...STEPS].map((step) => [step, []]));
    for (let round = 0; round < SIZES.mediaRuns; round++) {
      for (const step of ['none', ...STEPS]) samples[step].push(await runStep(step));
    }
    const per10s = 10 / SIZES.clipSeconds;
    if (per10s !== 1) {
      console.log(
        `(a ${SIZES.clipSeconds} s clip: figures ×${per10s}, which overstates the thumbnail, one frame whatever the length)`,
      );
    }
    // What a child costs beyond its start when its step does nothing (its exit, mostly): taken
    // off too, so what remains is the step's own work.
    const idle = median(samples.none.map((s) => s.cpu));
    console.log(
      `a child's own start (Node + imports): median ${median(samples.none.map((s) => s.ready)).toFixed(2)} s CPU, and ${idle.toFixed(2)} s more doing nothing; both subtracted below`,
    );
    let total = 0;
    for (const step of STEPS) {
      const cpu = Math.max(0, median(samples[step].map((s) => s.cpu)) - idle) * per10s;
      const wall = median(samples[step].map((s) => s.wall));
      total += cpu;
      console.log(
        `${step.padEnd(11)} ${cpu.toFixed(2)} s CPU per 10 s of 720p (runs, per clip: ${samples[step].map((s) => (s.cpu - idle).toFixed(2)).join(', ')} s; wall median ${wall.toFixed(1)} s) → ${JSON.stringify(samples[step][0].result)}`,
      );
      bench(`CPU per 10 s of 720p: ${step}`, Number(cpu.toFixed(2)), 's');
    }
    console.log(`all steps: ${total.toFixed(2)} s CPU per 10 s of 720p`);
    bench('CPU per 10 s of 720p: all steps', Number(total.toFixed(2)), 's');
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// 4: near-duplicate lookup at 100k clips
// ---------------------------------------------------------------------------------------------

const randomHash = () => randomBytes(8).readBigUInt64LE();
/** `hash` with `bits` distinct random bits flipped. */
function flipBits(hash, bits) {
  const positions = new Set();
  while (positions.size < bits) positions.add(Math.floor(Math.random() * 64));
  let flipped = hash;
  for (const bit of positions) flipped ^= 1n << BigInt(bit);
  return flipped;
}

async function duplicatesBench() {
  console.log(
    `\n## Near-duplicate lookup at ${SIZES.clips.toLocaleString('en')} clips (load average ${loadAverage()})`,
  );
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await admin.connect();
  } catch (error) {
    console.log(`skipped: no PostgreSQL at ${POSTGRES_URL} (${error.message})`);
    return;
  }
  const { rows: versionRows } = await admin.query('SHOW server_version');
  const name = `cf_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clearframe-bench-dup-'));
  let app;
  let runtime;
  let sql;
  try {
    // The app's own boot runs its migrations on the empty database.
    const config = AppConfig.fromEnv(
      appEnv(dataDir, { DATABASE_URL: url.toString(), JOBS_ENABLED: 'false' }),
    );
    runtime = await Runtime.start(config);
    app = await createWorker({ config, runtime });
    sql = new pg.Client({ connectionString: url.toString() });
    await sql.connect();
    console.log(
      `PostgreSQL ${versionRows[0].server_version}, database ${name}, migrated by the app`,
    );

    // 100 creator studios share the clips; the queries come from one more, as an upload of
    // another organization would (the lookup leaves out the asking organization's own clips).
    const { rows: orgs } = await sql.query(
      `INSERT INTO organizations (name, slug, kind)
       SELECT 'Studio ' || i, 'bench-studio-' || i, 'creator' FROM generate_series(1, 101) i
       RETURNING id`,
    );
    const [queryOrg, ...studios] = orgs.map((row) => row.id);

    const loadStarted = performance.now();
    const clipIds = Array.from({ length: SIZES.clips }, () => randomUUID());
    const hashes = Array.from({ length: SIZES.clips }, () =>
      Array.from({ length: FRAMES_PER_CLIP }, randomHash),
    );
    const CLIP_BATCH = 10_000;
    for (let start = 0; start < SIZES.clips; start += CLIP_BATCH) {
      const ids = clipIds.slice(start, start + CLIP_BATCH);
      await sql.query(
        `INSERT INTO clips (id, org_id, state, file_name, title, size_bytes, sha256, duration_ms,
           width, height, fps, codec, container, has_audio, original_key)
         SELECT c.id, ($2::uuid[])[1 + (c.n % $3)], 'listed', 'clip.mp4', 'Clip ' || c.n,
           10000000, encode(sha256(c.id::text::bytea), 'hex'), 10000, 1280, 720, 30, 'h264',
           'mov,mp4,m4a,3gp,3g2,mj2', false, 'orgs/bench/' || c.id
         FROM unnest($1::uuid[]) WITH ORDINALITY AS c(id, n)`,
        [ids, studios, studios.length],
      );
    }
    const ROW_BATCH = 50_000;
    const clipsPerBatch = ROW_BATCH / FRAMES_PER_CLIP;
    for (let start = 0; start < SIZES.clips; start += clipsPerBatch) {
      const columns = [[], [], [], [], [], [], [], []];
      for (let c = start; c < Math.min(start + clipsPerBatch, SIZES.clips); c++) {
        hashes[c].forEach((hash, frame) => {
          const bands = lshBands(hash);
          columns[0].push(clipIds[c]);
          columns[1].push(frame);
          columns[2].push(frame * 500);
          columns[3].push(hashToInt64(hash).toString());
          for (let band = 0; band < 4; band++) columns[4 + band].push(bands[band]);
        });
      }
      await sql.query(
        `INSERT INTO clip_fingerprints (clip_id, frame_index, t_ms, hash, band0, band1, band2, band3)
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[], $4::bigint[], $5::smallint[],
           $6::smallint[], $7::smallint[], $8::smallint[])`,
        columns,
      );
    }
    await sql.query('ANALYZE clips; ANALYZE clip_fingerprints');
    const { rows: counts } = await sql.query(
      `SELECT (SELECT count(*) FROM clips)::int AS clips, (SELECT count(*) FROM clip_fingerprints)::int AS frames,
         pg_size_pretty(pg_total_relation_size('clip_fingerprints')) AS size`,
    );
    console.log(
      `loaded ${counts[0].clips.toLocaleString('en')} clips, ${counts[0].frames.toLocaleString('en')} fingerprint frames (${counts[0].size} with the band indexes) in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s; ANALYZEd`,
    );

    // Half the queries are copies of stored clips with 1–6 bits of each frame flipped (as a
    // re-encode moves a dHash a few bits), half are unrelated clips. The mirrored frames (part
    // of every probe) are unrelated hashes, as for footage that is not symmetric.
    const queries = Array.from({ length: SIZES.queries + 5 }, (_, i) => {
      const planted = i % 2 === 0 ? Math.floor(Math.random() * SIZES.clips) : null;
      const bits = 1 + (i % 6);
      return {
        planted,
        bits,
        fingerprint: {
          hashes:
            planted === null
              ? Array.from({ length: FRAMES_PER_CLIP }, randomHash)
              : hashes[planted].map((hash) => flipBits(hash, bits)),
          mirrored: Array.from({ length: FRAMES_PER_CLIP }, randomHash),
        },
      };
    });
    // The job's own lookup: exact copies by SHA-256, LSH candidates sharing ≥ 2 of 4 bands of
    // a frame (ClipFingerprintsRepository.candidates), their stored hashes (hashesOf), and the
    // exact comparison of aligned frames. `duplicates` is private in TypeScript only.
    const verifier = app.get(UploadVerifier);
    if (typeof verifier.duplicates !== 'function') {
      throw new Error('UploadVerifier.duplicates is gone: update this bench');
    }
    const lookup = (query) =>
      verifier.duplicates(
        { id: randomUUID(), orgId: queryOrg },
        randomBytes(32).toString('hex'),
        query.fingerprint,
      );
    for (const query of queries.slice(0, 5)) await lookup(query); // warm-up

    // Each statement the lookup sends, timed on its way through the data source's manager (the
    // unit of work's manager outside a transaction), so the figure splits into its queries.
    const manager = app.get(DataSource).manager;
    const query = manager.query.bind(manager);
    let statements = [];
    manager.query = async (text, params) => {
      const started = performance.now();
      try {
        return await query(text, params);
      } finally {
        statements.push({ text, params, ms: performance.now() - started });
      }
    };
    const statementName = (text) =>
      /WITH probe/.test(text)
        ? 'candidates (LSH bands)'
        : /sha256 = \$1/.test(text)
          ? 'sameBytes (SHA-256)'
          : /hash::text/.test(text)
            ? 'hashesOf'
            : text.replace(/\s+/g, ' ').slice(0, 40);
    const byStatement = new Map();
    const times = [];
    let found = 0;
    let missed = 0;
    let falseMatches = 0;
    let planted = 0;
    for (const query of queries.slice(5)) {
      const started = performance.now();
      const matches = await lookup(query);
      times.push(performance.now() - started);
      for (const statement of statements) {
        const name = statementName(statement.text);
        byStatement.set(name, [...(byStatement.get(name) ?? []), statement.ms]);
      }
      statements = [];
      if (query.planted !== null) {
        planted++;
        const hit = matches.find((match) => match.matchClipId === clipIds[query.planted]);
        if (hit?.kind === 'near' && Math.abs(hit.score - query.bits) < 1e-9) found++;
        else missed++;
        falseMatches += matches.filter((match) => match !== hit).length;
      } else {
        falseMatches += matches.length;
      }
    }
    console.log(
      `${times.length} lookups: median ${median(times).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms; planted copies found ${found} of ${planted} (score = bits flipped), missed ${missed}, other matches ${falseMatches}`,
    );
    for (const [name, ms] of byStatement) {
      console.log(
        `  ${name}: median ${median(ms).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms (${ms.length} runs)`,
      );
    }
    if (EXPLAIN) {
      // The plans of one planted copy's statements, exactly as the repository sent them.
      await lookup(queries.find((q) => q.planted !== null));
      for (const statement of statements) {
        const { rows } = await sql.query(
          `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`,
          statement.params,
        );
        console.log(`  plan of ${statementName(statement.text)}:`);
        for (const row of rows) console.log(`    ${row['QUERY PLAN']}`);
      }
    }
    manager.query = query;
    if (missed > 0 || falseMatches > 0) {
      throw new Error(
        `the lookup missed ${missed} planted copies and matched ${falseMatches} others`,
      );
    }
    const label = `${(SIZES.clips / 1000).toFixed(0)}k clips`;
    bench(`near-duplicate lookup at ${label}, median`, Number(median(times).toFixed(1)), 'ms');
    bench(`near-duplicate lookup at ${label}, p95`, Number(percentile(times, 95).toFixed(1)), 'ms');
  } finally {
    await sql?.end();
    await app?.close();
    await runtime?.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

console.log(
  `supply bench${QUICK ? ' (--quick)' : ''}: Node ${process.version}, load average ${loadAverage()}`,
);
if (!ONLY || ONLY === 'upload') await uploadBench();
if (!ONLY || ONLY === 'media') await mediaBench();
if (!ONLY || ONLY === 'duplicates') await duplicatesBench();
