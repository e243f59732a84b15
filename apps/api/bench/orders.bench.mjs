// Benchmarks the orders of the built API (apps/api/dist):
//   1. order placement: N orders (default 200), each a bundle of 10 listed clips from 10
//      different creators, placed through `POST /v1/orgs/:orgId/orders` (offline provider) by a
//      client process with a few requests in flight, against the insert transaction `place()`
//      wraps (orders + order_terms + order_lines + audit_log in one transaction, the API's own
//      statements from its repositories) sent on plain `pg` with the same concurrency and the
//      same rows; orders/s, p50/p95/p99 and the ratios, and the statements each order costs;
//   2. manifest streaming: fulfilled orders of 1,000 (warm-up), 10,000 and 100,000 clips,
//      seeded with SQL, streamed through `GET …/orders/:id/manifest.jsonl` by a client process
//      while the API process (this one) samples its own memory every 50 ms: time, lines/s, and
//      peak RSS and heap over what they were before the request.
//
//   npm run bench:orders                                   (embedded PGlite, from the root)
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:orders
//   node --expose-gc bench/orders.bench.mjs [--orders 200] [--concurrency 4] [--clips 100000]
//        [--only placement|manifest] [--keep] [--quick]
//
// Database: with DATABASE_URL, a temporary database cf_bench_orders_<pid> is created on that
// server (through the URL's database) and dropped afterwards (`--keep` keeps it); without it,
// PGlite is started in this process on a temporary directory, as `npm start` runs it. Storage is
// s3rver in this process (presigning is local). The app runs in this process in production mode
// (no response re-validation, logs at warn, jobs off). Run after building the API (`npm run
// bench` does).
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { seedClips, seedCreators, seedFulfilledOrder, seedMember } from './orders/seed.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.join(HERE, '..', 'dist');
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
// `--name value` or `--name=value` (the root `npm run bench` passes on only `--` arguments).
const optionOf = (name, fallback) => {
  const inline = argv.find((arg) => arg.startsWith(`--${name}=`));
  if (inline) return inline.slice(name.length + 3);
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : fallback;
};
const ORDERS = Number(optionOf('orders', QUICK ? 40 : 200));
const WARMUP = Math.max(5, Math.round(ORDERS / 10));
const CLIPS_PER_ORDER = 10;
const CONCURRENCY = Number(optionOf('concurrency', 4));
const MANIFEST_CLIPS = Number(optionOf('clips', QUICK ? 10_000 : 100_000));
const CREATORS = 20;
const SAMPLE_MS = 50;
const ONLY = optionOf('only', undefined);
const selected = (section) => !ONLY || ONLY.split(',').some((part) => section.includes(part));
const KEEP = argv.includes('--keep');

try {
  await fs.access(path.join(DIST, 'orders', 'orders.repository.js'));
} catch {
  console.error('apps/api/dist is missing: build the API first (npm run bench does).');
  process.exit(1);
}
const { createApp } = await import('../dist/app.factory.js');
const { AppConfig } = await import('../dist/config/app-config.js');
const { Runtime } = await import('../dist/infra/runtime.js');
const { startEmbeddedPostgres } = await import('../dist/infra/embedded-postgres.js');
const { startEmbeddedS3 } = await import('../dist/infra/embedded-s3.js');
const { OrdersRepository } = await import('../dist/orders/orders.repository.js');
const { AuditLog } = await import('../dist/audit/audit.service.js');
const { ObjectStorage } = await import('../dist/storage/object-storage.js');
const { BundleQuote } = await import('@clearframe/contracts/demand');

function bench(name, value, unit) {
  console.log(`BENCH ${JSON.stringify({ name, value, unit })}`);
}
const loadAverage = () =>
  os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');
/** The nearest-rank percentile. */
const percentile = (values, p) =>
  [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * values.length) - 1)];
const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
const gc = () => globalThis.gc?.();

// Every statement this process sends through `pg` (the app's TypeORM pool and this bench's own)
// passes here; while `statements.on`, they are counted by kind and timed from send to answer.
const statements = { on: false, count: 0, ms: 0, kinds: new Map(), texts: new Map() };
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(...args) {
  if (!statements.on) return originalQuery.apply(this, args);
  const text = typeof args[0] === 'string' ? args[0] : (args[0]?.text ?? '');
  const kind = text.trim().split(/\s+/, 1)[0].toUpperCase() || '?';
  statements.count++;
  statements.kinds.set(kind, (statements.kinds.get(kind) ?? 0) + 1);
  const shape = text.replace(/\s+/g, ' ').trim().slice(0, 90);
  const entry = statements.texts.get(shape) ?? { n: 0, ms: 0 };
  statements.texts.set(shape, entry);
  entry.n++;
  const t0 = performance.now();
  const done = () => {
    const ms = performance.now() - t0;
    statements.ms += ms;
    entry.ms += ms;
  };
  const callback = typeof args.at(-1) === 'function' ? args.length - 1 : -1;
  if (callback >= 0) {
    const original = args[callback];
    args[callback] = (...result) => {
      done();
      original(...result);
    };
    return originalQuery.apply(this, args);
  }
  const result = originalQuery.apply(this, args);
  if (result && typeof result.then === 'function') result.then(done, done);
  return result;
};
function countStatements() {
  Object.assign(statements, { on: true, count: 0, ms: 0, kinds: new Map(), texts: new Map() });
  return () => {
    statements.on = false;
    return {
      count: statements.count,
      ms: statements.ms,
      kinds: new Map(statements.kinds),
      texts: new Map(statements.texts),
    };
  };
}

// Event-loop delay: the histogram records each 5 ms timer's interval, so the delay is that minus 5 ms.
const LOOP_RESOLUTION_MS = 5;
const loopHistogram = () => monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
/** This process's event-loop delay while `work` runs. */
async function withLoopDelay(work) {
  const histogram = loopHistogram();
  histogram.enable();
  try {
    return { result: await work(), loop: histogram };
  } finally {
    histogram.disable();
  }
}
const lag = (ns) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS).toFixed(1);
const loopText = (h) =>
  `p50 ${lag(h.percentile(50))} ms, p99 ${lag(h.percentile(99))} ms, max ${lag(h.max)} ms`;

function runChild(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: path.join(HERE, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(stdout.trim().split('\n').at(-1)))
        : reject(new Error(`${path.basename(args[0])} exited ${code}: ${stderr}`)),
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Boot: the database, s3rver and the app, in this process
// ---------------------------------------------------------------------------------------------

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clearframe-bench-orders-'));
const cleanups = [];
let backend;
let databaseUrl;
if (process.env.DATABASE_URL) {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  try {
    await admin.connect();
  } catch (error) {
    console.log(`skipped: no PostgreSQL at DATABASE_URL (${error.message})`);
    process.exit(0);
  }
  const name = `cf_bench_orders_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  const [{ version }] = (await admin.query('SHOW server_version')).rows.map((row) => ({
    version: row.server_version,
  }));
  backend = `PostgreSQL ${version} (${url.host}, database ${name}${KEEP ? ', kept' : ', dropped afterwards'})`;
  cleanups.unshift(async () => {
    if (!KEEP) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });
} else {
  const embedded = await startEmbeddedPostgres({
    dir: path.join(dataDir, 'pg'),
    port: 0,
    maxConnections: 40,
  });
  databaseUrl = embedded.url;
  backend = `embedded PGlite (in this process, ${path.join(dataDir, 'pg')})`;
  cleanups.unshift(() => embedded.stop());
}
const s3 = await startEmbeddedS3({ dir: path.join(dataDir, 's3'), port: 0 });
cleanups.unshift(() => s3.stop());
const ffmpeg = await import('@ffmpeg-installer/ffmpeg');
const ffprobe = await import('@ffprobe-installer/ffprobe');
const { privateKey } = generateKeyPairSync('ed25519');
const config = AppConfig.fromEnv({
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: '0',
  DATA_DIR: dataDir,
  DATABASE_URL: databaseUrl,
  LOG_LEVEL: 'warn',
  JOBS_ENABLED: 'false',
  SMTP_URL: 'smtp://127.0.0.1:2525',
  S3_BUCKET: 'clearframe-bench',
  S3_ENDPOINT: s3.endpoint,
  S3_ACCESS_KEY_ID: s3.credentials.accessKeyId,
  S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
  S3_FORCE_PATH_STYLE: 'true',
  CERT_SIGNING_KEY: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  FFMPEG_PATH: ffmpeg.default.path,
  FFPROBE_PATH: ffprobe.default.path,
  WEB_ORIGIN: 'http://localhost:3000',
  PAYMENTS_PROVIDER: 'offline',
});
// The runtime Runtime.start would build for these URLs, naming the backend truthfully.
const runtime = new Runtime(
  databaseUrl,
  process.env.DATABASE_URL ? 'postgres' : 'pglite',
  {
    endpoint: s3.endpoint,
    region: config.storage.region,
    credentials: s3.credentials,
    forcePathStyle: true,
  },
  [],
);
const bootStarted = performance.now();
const app = await createApp({ config, runtime });
cleanups.unshift(() => app.close());
await app.listen(0, '127.0.0.1');
const api = `http://127.0.0.1:${app.getHttpServer().address().port}`;
const db = new pg.Pool({ connectionString: databaseUrl, max: Math.max(CONCURRENCY, 4) });
cleanups.unshift(() => db.end());
console.log(
  `API in this process (production mode, offline payments) up and migrated in ${((performance.now() - bootStarted) / 1000).toFixed(1)} s; database: ${backend}`,
);
const mode = process.env.DATABASE_URL ? 'postgres' : 'pglite';

async function http(method, route, token, body) {
  const res = await fetch(`${api}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}
const count = async (sql, values = []) => Number((await db.query(sql, values)).rows[0].n);

// ---------------------------------------------------------------------------------------------
// 1. Order placement
// ---------------------------------------------------------------------------------------------

/** The repositories' statements on one plain `pg` client (the app's UnitOfWork, minus TypeORM). */
function onClient(client) {
  const uow = {
    inTransaction: () => true,
    manager: () => ({
      query: async (text, values) => (await client.query(text, values)).rows,
    }),
  };
  return {
    orders: new OrdersRepository(uow),
    audit: new AuditLog(uow, { now: () => new Date() }),
  };
}

async function placementBench() {
  const total = WARMUP + ORDERS;
  console.log(
    `\n## Order placement: ${ORDERS} orders of ${CLIPS_PER_ORDER} clips (+ ${WARMUP} warm-up), ${CONCURRENCY} in flight (load average ${loadAverage()})`,
  );
  const lab = await seedMember(db, 'lab', 'Bench Lab');
  const creators = await seedCreators(db, CREATORS);
  let started = performance.now();
  const clips = await seedClips(db, {
    creators,
    count: total * CLIPS_PER_ORDER,
    prefix: 'order',
    policies: true,
  });
  console.log(
    `seeded ${clips.length} listed clips of ${CREATORS} creators with policy versions in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  // Bundles and their quotes through the API (not timed): bundle b holds clips 10b … 10b+9,
  // owned by 10 different creators (clip i belongs to creator i mod 20).
  started = performance.now();
  const jobs = new Array(total);
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const b = next++;
        const route = `/v1/orgs/${lab.orgId}/bundles`;
        const bundle = await http('POST', route, lab.token, { name: `Bench bundle ${b}` });
        const ids = clips.slice(b * CLIPS_PER_ORDER, (b + 1) * CLIPS_PER_ORDER);
        const added = await http('POST', `${route}/${bundle.id}/clips`, lab.token, {
          clipIds: ids,
        });
        if (added.added !== CLIPS_PER_ORDER) throw new Error(`bundle ${b}: ${added.added} added`);
        const quote = BundleQuote.parse(
          await http('GET', `${route}/${bundle.id}/quote`, lab.token),
        );
        if (quote.quote.lines.length !== CLIPS_PER_ORDER || quote.excluded.length > 0) {
          throw new Error(`bundle ${b}: quote of ${quote.quote.lines.length} lines`);
        }
        jobs[b] = {
          bundleId: bundle.id,
          quoteToken: quote.quoteToken,
          acceptedTermsHashes: quote.terms.map((group) => group.termsHash),
          key: `bench-order-${b}`,
        };
      }
    }),
  );
  console.log(
    `${total} bundles created, filled and quoted over HTTP in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const place = async (orders) => {
    const file = path.join(dataDir, `place-${orders[0].key}.json`);
    await fs.writeFile(
      file,
      JSON.stringify({
        api,
        token: lab.token,
        orgId: lab.orgId,
        concurrency: CONCURRENCY,
        orders,
      }),
    );
    const result = await runChild([path.join(HERE, 'orders', 'place-client.mjs'), file]);
    if (result.ids.length !== orders.length) {
      throw new Error(
        `placed ${result.ids.length} of ${orders.length}: ${JSON.stringify(result.statuses)} ${result.errors.join('; ')}`,
      );
    }
    return result;
  };
  await place(jobs.slice(0, WARMUP));
  gc();
  const stop = countStatements();
  const cpuBefore = process.cpuUsage();
  const { result: viaApi, loop: apiLoop } = await withLoopDelay(() => place(jobs.slice(WARMUP)));
  const apiCpu = process.cpuUsage(cpuBefore);
  const apiStatements = stop();

  const placed = viaApi.ids;
  const lines = await count(
    `SELECT count(*)::int AS n FROM order_lines WHERE order_id = ANY($1::uuid[])`,
    [placed],
  );
  const terms = await count(
    `SELECT count(*)::int AS n FROM order_terms WHERE order_id = ANY($1::uuid[])`,
    [placed],
  );
  const audits = await count(
    `SELECT count(*)::int AS n FROM audit_log WHERE action = 'order.placed' AND target_id = ANY($1::text[])`,
    [placed],
  );
  if (lines !== ORDERS * CLIPS_PER_ORDER || audits !== ORDERS) {
    throw new Error(`API rows: ${lines} lines, ${audits} audit rows for ${ORDERS} orders`);
  }

  // The raw side: the rows the API wrote, read back with the API's own repository, inserted
  // again under new keys with the same statements in one transaction each.
  const sources = [];
  {
    const client = await db.connect();
    const { orders: repository } = onClient(client);
    for (const id of placed) {
      const order = await repository.findInOrg(lab.orgId, id);
      const { rows } = await client.query(
        `SELECT data FROM audit_log WHERE action = 'order.placed' AND target_id = $1`,
        [id],
      );
      sources.push({
        order,
        terms: await repository.termsOf(id),
        lines: await repository.linesOf(id),
        audit: rows[0].data,
      });
    }
    client.release();
  }
  const rawPlace = async (source, key) => {
    const client = await db.connect();
    const t0 = performance.now();
    try {
      const { orders, audit } = onClient(client);
      await client.query('BEGIN');
      const id = await orders.insert({
        ...source.order,
        idempotencyKey: key,
        createdAt: new Date(),
        placedBy: lab.userId,
        placedByApiKey: null,
      });
      await orders.insertTerms(id, lab.orgId, source.terms);
      await orders.insertLines(
        lab.orgId,
        source.lines.map((line) => ({ ...line, orderId: id })),
      );
      await audit.record({
        actor: { userId: lab.userId },
        action: 'order.placed',
        orgId: lab.orgId,
        target: { type: 'order', id },
        data: source.audit,
      });
      await client.query('COMMIT');
      return performance.now() - t0;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  const rawRun = async (list, prefix) => {
    const latencies = [];
    let i = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (i < list.length) {
          const at = i++;
          latencies.push(await rawPlace(list[at], `${prefix}-${at}`));
        }
      }),
    );
    return { latencies, elapsedMs: performance.now() - t0 };
  };
  await rawRun(sources.slice(0, WARMUP), 'bench-raw-warmup');
  gc();
  const stopRaw = countStatements();
  const { result: raw, loop: rawLoop } = await withLoopDelay(() => rawRun(sources, 'bench-raw'));
  const rawStatements = stopRaw();
  const rawLines = await count(
    `SELECT count(*)::int AS n FROM order_lines l JOIN orders o ON o.id = l.order_id
     WHERE o.idempotency_key LIKE 'bench-raw-%' AND o.idempotency_key NOT LIKE 'bench-raw-warmup-%'`,
  );
  if (rawLines !== lines) throw new Error(`raw side wrote ${rawLines} lines, the API ${lines}`);

  const sides = [
    ['HTTP API (POST /v1/orgs/:orgId/orders)', viaApi],
    ['raw insert transaction (pg)', raw],
  ].map(([name, result]) => ({
    name,
    rps: (result.latencies.length / result.elapsedMs) * 1000,
    p50: percentile(result.latencies, 50),
    p95: percentile(result.latencies, 95),
    p99: percentile(result.latencies, 99),
    n: result.latencies.length,
  }));
  for (const side of sides) {
    console.log(
      `${side.name}: ${side.n} orders, ${side.rps.toFixed(1)} orders/s, p50 ${side.p50.toFixed(1)} ms, p95 ${side.p95.toFixed(1)} ms, p99 ${side.p99.toFixed(1)} ms`,
    );
  }
  const [viaHttp, direct] = sides;
  console.log(
    `API/raw: p50 ${(viaHttp.p50 / direct.p50).toFixed(2)}×, p95 ${(viaHttp.p95 / direct.p95).toFixed(2)}×, throughput ${((100 * viaHttp.rps) / direct.rps).toFixed(0)} % of raw`,
  );
  const kinds = (entry) =>
    [...entry.kinds.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([kind, n]) => `${kind} ${(n / ORDERS).toFixed(1)}`)
      .join(', ');
  console.log(
    `statements per order: API ${(apiStatements.count / ORDERS).toFixed(1)} (${kinds(apiStatements)}), ${(apiStatements.ms / ORDERS).toFixed(1)} ms in the database per order; raw ${(rawStatements.count / ORDERS).toFixed(1)} (${kinds(rawStatements)}), ${(rawStatements.ms / ORDERS).toFixed(1)} ms`,
  );
  console.log("the API's statements by total time (per order: count, ms):");
  for (const [shape, entry] of [...apiStatements.texts.entries()]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 25)) {
    console.log(
      `  ${(entry.n / ORDERS).toFixed(1)} × ${(entry.ms / ORDERS).toFixed(1).padStart(5)} ms  ${shape}`,
    );
  }
  console.log(
    `API process CPU while placing: ${((apiCpu.user + apiCpu.system) / 1000 / ORDERS).toFixed(1)} ms per order (${mode === 'pglite' ? 'PGlite included: it runs in this process' : 'PostgreSQL is another process'})`,
  );
  console.log(
    `event-loop delay of the API process: while the API placed ${loopText(apiLoop)}; while the raw side ran ${loopText(rawLoop)}`,
  );
  console.log(
    `rows per order, both sides: 1 order, ${terms / ORDERS} terms, ${lines / ORDERS} lines, 1 audit`,
  );
  bench(`orders ${mode} placement API`, Number(viaHttp.rps.toFixed(1)), 'orders/s');
  bench(`orders ${mode} placement API p50`, Number(viaHttp.p50.toFixed(1)), 'ms');
  bench(`orders ${mode} placement API p95`, Number(viaHttp.p95.toFixed(1)), 'ms');
  bench(`orders ${mode} placement raw`, Number(direct.rps.toFixed(1)), 'orders/s');
  bench(`orders ${mode} placement raw p50`, Number(direct.p50.toFixed(1)), 'ms');
  bench(`orders ${mode} placement API/raw p50`, Number((viaHttp.p50 / direct.p50).toFixed(2)), '×');
  bench(
    `orders ${mode} placement API/raw throughput`,
    Number(((100 * viaHttp.rps) / direct.rps).toFixed(0)),
    '%',
  );
  bench(
    `orders ${mode} placement statements per order (API)`,
    Number((apiStatements.count / ORDERS).toFixed(1)),
    'count',
  );
  return { sides, apiStatements, rawStatements, apiCpu };
}

// ---------------------------------------------------------------------------------------------
// 2. Manifest streaming
// ---------------------------------------------------------------------------------------------

async function manifestBench() {
  console.log(
    `\n## Manifest streaming: orders of 1,000 (warm-up), ${Math.min(10_000, MANIFEST_CLIPS).toLocaleString('en')} and ${MANIFEST_CLIPS.toLocaleString('en')} clips (load average ${loadAverage()})`,
  );
  const lab = await seedMember(db, 'lab', 'Bench Manifest Lab');
  const creators = await seedCreators(db, CREATORS);
  let started = performance.now();
  const clips = await seedClips(db, { creators, count: MANIFEST_CLIPS, prefix: 'manifest' });
  const sizes = [...new Set([1_000, Math.min(10_000, MANIFEST_CLIPS), MANIFEST_CLIPS])];
  const orders = [];
  for (const size of sizes) {
    orders.push({
      size,
      id: await seedFulfilledOrder(db, {
        labId: lab.orgId,
        userId: lab.userId,
        clipIds: clips.slice(0, size),
        key: `bench-manifest-${size}`,
      }),
    });
  }
  await db.query('ANALYZE clips');
  await db.query('ANALYZE order_lines');
  console.log(
    `seeded ${MANIFEST_CLIPS.toLocaleString('en')} clips and ${sizes.length} fulfilled orders (${sizes.reduce((a, b) => a + b, 0).toLocaleString('en')} lines, one grant each) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  // What each manifest response carried at its end: listeners its writer left behind.
  const responses = new Map();
  app.getHttpServer().on('request', (req, res) => {
    if (!req.url.endsWith('/manifest.jsonl')) return;
    res.on('finish', () =>
      responses.set(req.url.split('/').at(-2), {
        close: res.listenerCount('close'),
        drain: res.listenerCount('drain'),
      }),
    );
  });
  const results = [];
  for (const { size, id } of orders) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 200));
    gc();
    const before = process.memoryUsage();
    let peak = { ...before };
    let samples = 0;
    const sample = () => {
      const now = process.memoryUsage();
      samples++;
      for (const key of ['rss', 'heapUsed', 'heapTotal', 'external', 'arrayBuffers']) {
        if (now[key] > peak[key]) peak[key] = now[key];
      }
    };
    const timer = setInterval(sample, SAMPLE_MS);
    const cpuBefore = process.cpuUsage();
    const stop = countStatements();
    const loop = loopHistogram();
    loop.enable();
    const client = await runChild([
      path.join(HERE, 'orders', 'manifest-client.mjs'),
      JSON.stringify({
        url: `${api}/v1/orgs/${lab.orgId}/orders/${id}/manifest.jsonl`,
        token: lab.token,
        expected: size,
      }),
    ]);
    const used = stop();
    loop.disable();
    clearInterval(timer);
    sample();
    const cpu = process.cpuUsage(cpuBefore);
    gc();
    const after = process.memoryUsage();
    const result = {
      size,
      ...client,
      linesPerSecond: client.lines / (client.totalMs / 1000),
      rssBefore: before.rss,
      rssPeak: peak.rss,
      rssGrowth: peak.rss - before.rss,
      heapBefore: before.heapUsed,
      heapGrowth: peak.heapUsed - before.heapUsed,
      externalGrowth: peak.external - before.external,
      rssAfter: after.rss,
      heapAfter: after.heapUsed,
      loop,
      serverCpuSeconds: (cpu.user + cpu.system) / 1e6,
      statements: used.count,
      samples,
      listeners: responses.get(id) ?? { close: NaN, drain: NaN },
    };
    results.push(result);
    console.log(
      `${size.toLocaleString('en')} clips${size === 1_000 ? ' (warm-up)' : ''}: ${(client.totalMs / 1000).toFixed(2)} s (first byte ${client.firstByteMs.toFixed(0)} ms), ${result.linesPerSecond.toFixed(0)} lines/s, ${mib(client.bytes)} MiB (${(client.bytes / client.lines).toFixed(0)} B a line), ${used.count} statements; API process RSS ${mib(before.rss)} → peak ${mib(peak.rss)} MiB (+${mib(result.rssGrowth)}), heap used ${mib(before.heapUsed)} → peak ${mib(peak.heapUsed)} MiB (+${mib(result.heapGrowth)}), external +${mib(result.externalGrowth)} MiB; ${samples} samples; API process CPU ${result.serverCpuSeconds.toFixed(1)} s (${((result.serverCpuSeconds * 1e6) / size).toFixed(0)} µs a line), client CPU ${client.cpuSeconds.toFixed(1)} s; after the request and a GC, RSS ${mib(after.rss)} MiB, heap used ${mib(after.heapUsed)} MiB; event-loop delay ${loopText(loop)}; 'close' listeners on the response at its end: ${result.listeners.close}`,
    );
  }

  // Where the API's time per line goes: the download link of every line, presigned as the
  // manifest does (with the file name, through the SDK's GetObjectCommand) and without it (the
  // plain-GET presigner the catalog's previews use).
  const storage = app.get(ObjectStorage);
  const { rows: keys } = await db.query(
    `SELECT original_key AS key, file_name AS name FROM clips WHERE id = ANY($1::uuid[])`,
    [clips.slice(0, 2_000)],
  );
  const presignUs = {};
  for (const [label, withName] of [
    ['with downloadName', true],
    ['plain', false],
    ['with downloadName', true],
    ['plain', false],
  ]) {
    const t0 = performance.now();
    for (const { key, name } of keys) {
      await storage.presignGet('originals', key, {
        expiresInSeconds: 3_600,
        ...(withName ? { downloadName: name } : {}),
      });
    }
    presignUs[label] = ((performance.now() - t0) * 1000) / keys.length;
  }
  console.log(
    `presignGet per link (${keys.length} keys, second round): with downloadName (the manifest's) ${presignUs['with downloadName'].toFixed(0)} µs, plain ${presignUs.plain.toFixed(0)} µs`,
  );
  bench(
    `orders ${mode} manifest presign per link (with file name)`,
    Number(presignUs['with downloadName'].toFixed(0)),
    'µs',
  );
  bench(
    `orders ${mode} manifest presign per link (plain)`,
    Number(presignUs.plain.toFixed(0)),
    'µs',
  );
  const small = results.find((entry) => entry.size === Math.min(10_000, MANIFEST_CLIPS));
  const large = results.at(-1);
  console.log(
    `peak growth ${large.size.toLocaleString('en')} vs ${small.size.toLocaleString('en')} clips: RSS +${mib(large.rssGrowth)} vs +${mib(small.rssGrowth)} MiB (difference ${mib(large.rssGrowth - small.rssGrowth)} MiB), heap +${mib(large.heapGrowth)} vs +${mib(small.heapGrowth)} MiB; ${(large.size / small.size).toFixed(0)}× the lines, ${mib(large.bytes)} MiB sent`,
  );
  bench(
    `orders ${mode} manifest ${large.size} lines/s`,
    Number(large.linesPerSecond.toFixed(0)),
    'lines/s',
  );
  bench(
    `orders ${mode} manifest ${large.size} total`,
    Number((large.totalMs / 1000).toFixed(2)),
    's',
  );
  bench(
    `orders ${mode} manifest ${large.size} peak RSS growth`,
    Number(mib(large.rssGrowth)),
    'MiB',
  );
  bench(
    `orders ${mode} manifest ${small.size} peak RSS growth`,
    Number(mib(small.rssGrowth)),
    'MiB',
  );
  bench(
    `orders ${mode} manifest ${large.size} peak heap growth`,
    Number(mib(large.heapGrowth)),
    'MiB',
  );
  return results;
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

let failed = false;
try {
  const placement = selected('placement') ? await placementBench() : null;
  const manifest = selected('manifest') ? await manifestBench() : null;

  console.log(`\n### Markdown (docs/BENCHMARKS.md), ${backend}\n`);
  if (placement) {
    console.log('| placing an order of 10 clips | orders/s | p50 ms | p95 ms | p99 ms |');
    console.log('|---|---:|---:|---:|---:|');
    for (const side of placement.sides) {
      console.log(
        `| ${side.name} | ${side.rps.toFixed(1)} | ${side.p50.toFixed(1)} | ${side.p95.toFixed(1)} | ${side.p99.toFixed(1)} |`,
      );
    }
    const [h, r] = placement.sides;
    console.log(
      `| API / raw | ${((100 * h.rps) / r.rps).toFixed(0)} % | ${(h.p50 / r.p50).toFixed(2)}× | ${(h.p95 / r.p95).toFixed(2)}× | ${(h.p99 / r.p99).toFixed(2)}× |`,
    );
  }
  if (manifest) {
    console.log(
      '\n| manifest | time | first byte | lines/s | MiB sent | RSS before → peak (growth) | heap used growth | API CPU |',
    );
    console.log('|---|---:|---:|---:|---:|---|---:|---:|');
    for (const entry of manifest) {
      console.log(
        `| ${entry.size.toLocaleString('en')} clips | ${(entry.totalMs / 1000).toFixed(2)} s | ${entry.firstByteMs.toFixed(0)} ms | ${entry.linesPerSecond.toFixed(0)} | ${mib(entry.bytes)} | ${mib(entry.rssBefore)} → ${mib(entry.rssPeak)} MiB (+${mib(entry.rssGrowth)}) | +${mib(entry.heapGrowth)} MiB | ${entry.serverCpuSeconds.toFixed(1)} s |`,
      );
    }
  }
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  for (const cleanup of cleanups) await cleanup().catch((error) => console.error(error));
  await fs.rm(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
