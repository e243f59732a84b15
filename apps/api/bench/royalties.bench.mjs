// Benchmarks the monthly royalty statement run of the built API (apps/api/dist) against one raw
// SQL aggregate over the same rows:
//   seed: C creator studios (default 10,000 on PostgreSQL, 1,000 on PGlite) with 10 clips each,
//     100 labs, and N order lines (default 1,000,000 on PostgreSQL, 100,000 on PGlite: its seed
//     alone would take over 10 minutes at 1,000,000) in N/10 fulfilled orders of 10 clips from 10 creators, each order with
//     the sale entry the ledger posts (cash, creator-payable per creator, platform fees; the
//     deferred balance triggers run at each batch's COMMIT, timed apart), all recorded in last
//     month, written with multi-row INSERT … SELECT in transactions of 10,000 orders;
//   (a) RoyaltyStatementsService.run(lastMonth), in this process (the service the operator route
//     and the cron call): drafts, lines, covered entries, then the CSV and PDF of every statement
//     stored in s3rver (the service cannot skip documents, so their cost is measured apart);
//   (b) one SQL aggregate: per creator, sum of net, fees, gross and count of the sale lines of the
//     entries recorded in that month; checked equal to the statements the run wrote.
// Reported: total time, statements/s, peak RSS of this process, the ratio (a)/(b), the time by
// phase (candidates, draft, documents) and by statement shape.
//
//   npm run bench:royalties                                  (embedded PGlite, from the root)
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:royalties
//   node --expose-gc bench/royalties.bench.mjs [--creators 10000] [--lines 1000000]
//        [--sample 1000 | --all] [--keep] [--quick]
//
// `--sample K` runs the real service with its candidate list cut to the first K payables (the
// tables still hold every row, so each statement's queries run against the full-size ledger) and
// extrapolates the full run, marked as an estimate; `--all` states every creator. Default: all
// up to 1,000 creators, else a sample of 1,000. `--quick`: 500 creators, 50,000 lines, all.
// Database: as orders.bench.mjs (a temporary cf_bench_royalties_<pid> on DATABASE_URL's server,
// dropped afterwards unless `--keep`; else PGlite in this process).
import 'reflect-metadata';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { LINES_PER_ORDER, seedOrderBatch, seedParties } from './royalties/seed.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.join(HERE, '..', 'dist');
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const optionOf = (name, fallback) => {
  const inline = argv.find((arg) => arg.startsWith(`--${name}=`));
  if (inline) return inline.slice(name.length + 3);
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : fallback;
};
// PGlite seeds about 5,000 order lines/s here (PostgreSQL about 10,000), so its default is a tenth.
const ON_POSTGRES = Boolean(process.env.DATABASE_URL);
const CREATORS = Number(optionOf('creators', QUICK ? 500 : ON_POSTGRES ? 10_000 : 1_000));
const LINES = Number(optionOf('lines', QUICK ? 50_000 : ON_POSTGRES ? 1_000_000 : 100_000));
const ORDERS = Math.ceil(LINES / LINES_PER_ORDER);
const CLIPS_PER_CREATOR = 10;
const LABS = 100;
const BATCH_ORDERS = 10_000;
const SAMPLE = argv.includes('--all')
  ? Infinity
  : Number(optionOf('sample', QUICK || CREATORS <= 1_000 ? Infinity : 1_000));
const KEEP = argv.includes('--keep');
const SAMPLE_MS = 50;
if (CREATORS < LINES_PER_ORDER) throw new Error(`--creators must be ≥ ${LINES_PER_ORDER}`);

try {
  await fs.access(path.join(DIST, 'royalties', 'royalty-statements.service.js'));
} catch {
  console.error('apps/api/dist is missing: build the API first (npm run bench does).');
  process.exit(1);
}
const { createApp } = await import('../dist/app.factory.js');
const { AppConfig } = await import('../dist/config/app-config.js');
const { Runtime } = await import('../dist/infra/runtime.js');
const { startEmbeddedPostgres } = await import('../dist/infra/embedded-postgres.js');
const { startEmbeddedS3 } = await import('../dist/infra/embedded-s3.js');
const { ObjectStorage } = await import('../dist/storage/object-storage.js');
const { RoyaltyStatementsService } =
  await import('../dist/royalties/royalty-statements.service.js');
const { RoyaltyStatementsRepository } =
  await import('../dist/royalties/royalty-statements.repository.js');
const { renderStatementCsv } = await import('../dist/royalties/statement-csv.js');
const { renderStatementPdf } = await import('../dist/royalties/statement-pdf.js');
const { parsePeriod } = await import('../dist/royalties/royalty-period.js');

function bench(name, value, unit) {
  console.log(`BENCH ${JSON.stringify({ name, value, unit })}`);
}
const loadAverage = () =>
  os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');
const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
const sec = (ms) => (ms / 1000).toFixed(1);
const fmt = (n) => Math.round(n).toLocaleString('en');
const gc = () => globalThis.gc?.();

// Every statement this process sends through `pg` passes here; while `statements.on`, they are
// counted and timed by shape (as orders.bench.mjs does).
const statements = { on: false, count: 0, ms: 0, texts: new Map() };
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(...args) {
  if (!statements.on) return originalQuery.apply(this, args);
  const text = typeof args[0] === 'string' ? args[0] : (args[0]?.text ?? '');
  const shape = text.replace(/\s+/g, ' ').trim().slice(0, 90);
  const entry = statements.texts.get(shape) ?? { n: 0, ms: 0 };
  statements.texts.set(shape, entry);
  statements.count++;
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

// ---------------------------------------------------------------------------------------------
// Boot: the database, s3rver and the app, in this process
// ---------------------------------------------------------------------------------------------

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clearframe-bench-royalties-'));
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
  const name = `cf_bench_royalties_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  const { server_version: version } = (await admin.query('SHOW server_version')).rows[0];
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
const mode = process.env.DATABASE_URL ? 'postgres' : 'pglite';
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
const runtime = new Runtime(
  databaseUrl,
  mode,
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
await app.init();
// The documents bucket (and the others): S3_ENDPOINT puts storage in S3 mode, which expects the
// infrastructure to have made them, so the bench makes them in s3rver.
{
  const { CreateBucketCommand } = await import('@aws-sdk/client-s3');
  const storage = app.get(ObjectStorage);
  for (const bucket of Object.values(storage.buckets)) {
    await storage.client.send(new CreateBucketCommand({ Bucket: bucket })).catch(() => undefined);
  }
}
const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
cleanups.unshift(() => db.end());
console.log(
  `API in this process (production mode, jobs off) up and migrated in ${sec(performance.now() - bootStarted)} s; database: ${backend}`,
);

// Last month: closed, so the service accepts it.
const now = new Date();
const period = parsePeriod(
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7),
);

// ---------------------------------------------------------------------------------------------
// Seed
// ---------------------------------------------------------------------------------------------

async function seed() {
  console.log(
    `\n## Seed: ${fmt(CREATORS)} creators × ${CLIPS_PER_CREATOR} clips, ${LABS} labs, ${fmt(ORDERS)} orders × ${LINES_PER_ORDER} lines = ${fmt(ORDERS * LINES_PER_ORDER)} order lines, ${fmt(ORDERS)} sale entries × ${LINES_PER_ORDER + 2} journal lines, recorded in ${period.id} (load average ${loadAverage()})`,
  );
  const suffix = randomBytes(4).toString('hex');
  const client = await db.connect();
  const t0 = performance.now();
  try {
    const accounts = await seedParties(client, {
      creators: CREATORS,
      clipsPerCreator: CLIPS_PER_CREATOR,
      labs: LABS,
      suffix,
    });
    const partiesMs = performance.now() - t0;
    console.log(
      `organizations, ${fmt(CREATORS * CLIPS_PER_CREATOR)} clips and ${fmt(CREATORS + 2)} ledger accounts in ${sec(partiesMs)} s`,
    );
    const totals = {};
    for (let first = 0; first < ORDERS; first += BATCH_ORDERS) {
      const last = Math.min(ORDERS, first + BATCH_ORDERS) - 1;
      const ms = await seedOrderBatch(client, {
        first,
        last,
        orders: ORDERS,
        creators: CREATORS,
        clipsPerCreator: CLIPS_PER_CREATOR,
        labs: LABS,
        accounts,
        periodStart: period.start,
        suffix,
      });
      for (const [key, value] of Object.entries(ms)) totals[key] = (totals[key] ?? 0) + value;
      const n = last - first + 1;
      console.log(
        `  orders ${fmt(first)}–${fmt(last)}: ${sec(ms.total)} s (order_lines ${sec(ms.order_lines)} s, journal ${sec(ms.journal_entries + ms.journal_lines)} s, COMMIT with the balance triggers ${sec(ms.commit)} s = ${((ms.commit * 1000) / n).toFixed(0)} µs an entry)`,
      );
    }
    const a0 = performance.now();
    for (const table of [
      'organizations',
      'clips',
      'orders',
      'order_lines',
      'ledger_accounts',
      'journal_entries',
      'journal_lines',
    ]) {
      await client.query(`ANALYZE ${table}`);
    }
    totals.analyze = performance.now() - a0;
    totals.parties = partiesMs;
    totals.all = performance.now() - t0;
    const entries = ORDERS;
    const journalLines = ORDERS * (LINES_PER_ORDER + 2);
    console.log(
      `seeded in ${sec(totals.all)} s: parties ${sec(partiesMs)} s, temp tables ${sec(totals.temp)} s, orders + terms ${sec(totals.orders)} s, order_lines ${sec(totals.order_lines)} s (${fmt((ORDERS * LINES_PER_ORDER) / (totals.order_lines / 1000))} rows/s), journal_entries ${sec(totals.journal_entries)} s, journal_lines ${sec(totals.journal_lines)} s, COMMITs ${sec(totals.commit)} s (the deferred balance triggers: ${fmt(entries + journalLines)} firings, each re-checking its entry: ${((totals.commit * 1000) / entries).toFixed(0)} µs an entry, ${((100 * totals.commit) / totals.all).toFixed(0)} % of the seed), ANALYZE ${sec(totals.analyze)} s`,
    );
    bench(`royalties ${mode} seed ${ORDERS * LINES_PER_ORDER} lines`, Number(sec(totals.all)), 's');
    bench(
      `royalties ${mode} seed ledger trigger COMMIT per entry`,
      Number(((totals.commit * 1000) / entries).toFixed(0)),
      'µs',
    );
    return totals;
  } finally {
    client.release();
  }
}

// ---------------------------------------------------------------------------------------------
// (b) The raw aggregate
// ---------------------------------------------------------------------------------------------

const RAW_SQL = `
  SELECT ol.creator_org_id AS org_id, sum(ol.creator_share_minor)::text AS net,
         sum(ol.platform_fee_minor)::text AS fee, sum(ol.amount_minor)::text AS gross,
         count(*)::int AS lines
    FROM journal_entries e JOIN order_lines ol ON ol.order_id = e.order_id
   WHERE e.kind = 'sale' AND e.recorded_at >= $1 AND e.recorded_at < $2
   GROUP BY ol.creator_org_id`;

async function rawAggregate() {
  const runs = [];
  let rows;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    rows = (await db.query(RAW_SQL, [period.start, period.end])).rows;
    runs.push(performance.now() - t0);
  }
  const { rows: plan } = await db.query(`EXPLAIN ${RAW_SQL}`, [period.start, period.end]);
  return {
    firstMs: runs[0],
    bestMs: Math.min(...runs),
    rows,
    plan: plan.map((row) => row['QUERY PLAN']).join('\n'),
  };
}

// ---------------------------------------------------------------------------------------------
// (a) The statement run
// ---------------------------------------------------------------------------------------------

async function statementRun() {
  const service = app.get(RoyaltyStatementsService);
  const repository = app.get(RoyaltyStatementsRepository);
  const storage = app.get(ObjectStorage);
  const phases = { candidates: 0, state: 0, finalize: 0, put: 0, putBytes: 0, puts: 0 };
  let allCandidates = 0;
  // Instance wrappers, for the time by phase; the service's own methods run unchanged.
  const candidates = repository.candidates.bind(repository);
  repository.candidates = async (...args) => {
    const t0 = performance.now();
    const refs = await candidates(...args);
    phases.candidates += performance.now() - t0;
    allCandidates = refs.length;
    return refs.slice(0, SAMPLE);
  };
  for (const name of ['state', 'finalize']) {
    const original = service[name].bind(service);
    service[name] = async (...args) => {
      const t0 = performance.now();
      try {
        return await original(...args);
      } finally {
        phases[name] += performance.now() - t0;
      }
    };
  }
  const put = storage.put.bind(storage);
  storage.put = async (bucket, key, body, options) => {
    const t0 = performance.now();
    try {
      return await put(bucket, key, body, options);
    } finally {
      phases.put += performance.now() - t0;
      phases.puts++;
      phases.putBytes += body.length;
    }
  };

  gc();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, SAMPLE_MS);
  const cpu0 = process.cpuUsage();
  Object.assign(statements, { on: true, count: 0, ms: 0, texts: new Map() });
  const t0 = performance.now();
  const result = await service.run(period.id);
  const totalMs = performance.now() - t0;
  statements.on = false;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  const end = process.memoryUsage();
  peakRss = Math.max(peakRss, end.rss);
  peakHeap = Math.max(peakHeap, end.heapUsed);
  return {
    result,
    totalMs,
    allCandidates,
    phases,
    statements: { count: statements.count, ms: statements.ms, texts: new Map(statements.texts) },
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rssBefore: before.rss,
    peakRss,
    heapBefore: before.heapUsed,
    peakHeap,
  };
}

/** The documents of a few final statements rendered again, timed apart from storage. */
async function documentCost(ids) {
  const service = app.get(RoyaltyStatementsService);
  const repository = app.get(RoyaltyStatementsRepository);
  const times = { read: 0, csv: 0, pdf: 0, csvBytes: 0, pdfBytes: 0, n: 0 };
  for (const id of ids) {
    let t = performance.now();
    const statement = await service.full(await repository.byId(id));
    times.read += performance.now() - t;
    t = performance.now();
    const csv = renderStatementCsv(statement);
    times.csv += performance.now() - t;
    t = performance.now();
    const pdf = await renderStatementPdf(statement, service.issuer());
    times.pdf += performance.now() - t;
    times.csvBytes += csv.length;
    times.pdfBytes += pdf.length;
    times.n++;
  }
  return times;
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

let failed = false;
try {
  const seeded = await seed();

  console.log(`\n## (b) Raw aggregate (load average ${loadAverage()})`);
  const raw = await rawAggregate();
  console.log(
    `per creator sum(net), sum(fee), sum(gross), count(*) over the ${period.id} sale lines: ${fmt(raw.rows.length)} rows, first ${raw.firstMs.toFixed(0)} ms, best of 3 ${raw.bestMs.toFixed(0)} ms`,
  );
  console.log(raw.plan.replace(/^/gm, '  '));

  console.log(
    `\n## (a) Statement run for ${period.id} (${SAMPLE === Infinity ? 'every creator' : `the first ${fmt(SAMPLE)} payables of the candidate list`}; load average ${loadAverage()})`,
  );
  const run = await statementRun();
  const stated = run.result.statements;
  const created = stated.filter((s) => s.outcome === 'created' && s.status === 'final');
  if (created.length !== stated.length || created.length !== Math.min(SAMPLE, CREATORS)) {
    throw new Error(
      `run stated ${stated.length} payables, ${created.length} created and final; expected ${Math.min(SAMPLE, CREATORS)}`,
    );
  }
  if (run.allCandidates !== CREATORS) {
    throw new Error(`${run.allCandidates} candidates for ${CREATORS} creators`);
  }

  // The statements the run wrote agree with the raw aggregate, creator by creator.
  const byOrg = new Map(raw.rows.map((row) => [row.org_id, row]));
  const { rows: written } = await db.query(
    `SELECT org_id, net_minor::text AS net, platform_fee_minor::text AS fee,
            gross_minor::text AS gross, line_count, closing_minor::text AS closing
       FROM royalty_statements WHERE period = $1`,
    [period.id],
  );
  for (const statement of written) {
    const expected = byOrg.get(statement.org_id);
    if (
      !expected ||
      expected.net !== statement.net ||
      expected.fee !== statement.fee ||
      expected.gross !== statement.gross ||
      expected.lines !== statement.line_count ||
      statement.closing !== statement.net
    ) {
      throw new Error(
        `statement of ${statement.org_id} ${JSON.stringify(statement)} ≠ aggregate ${JSON.stringify(expected)}`,
      );
    }
  }
  const statementLines = written.reduce((sum, s) => sum + s.line_count, 0);
  console.log(
    `checked: ${fmt(written.length)} statements (${fmt(statementLines)} lines) equal the raw aggregate's rows for their creators`,
  );

  const n = created.length;
  const perStatementMs = (run.totalMs - run.phases.candidates) / n;
  const estimatedFullMs = run.phases.candidates + perStatementMs * run.allCandidates;
  const sampled = n < run.allCandidates;
  const sps = (n / run.totalMs) * 1000;
  console.log(
    `run: ${sec(run.totalMs)} s for ${fmt(n)} statements (${sps.toFixed(1)} statements/s, ${perStatementMs.toFixed(1)} ms a statement); candidates query ${run.phases.candidates.toFixed(0)} ms for ${fmt(run.allCandidates)} payables; drafts (state) ${sec(run.phases.state)} s (${(run.phases.state / n).toFixed(1)} ms each), documents (finalize) ${sec(run.phases.finalize)} s (${(run.phases.finalize / n).toFixed(1)} ms each, of which storage puts ${(run.phases.put / n).toFixed(1)} ms for ${mib(run.phases.putBytes / n)} MiB)`,
  );
  console.log(
    `statements sent: ${fmt(run.statements.count)} (${(run.statements.count / n).toFixed(1)} a statement), ${sec(run.statements.ms)} s waiting on the database; process CPU ${run.cpuSeconds.toFixed(1)} s (${mode === 'pglite' ? 'PGlite included' : 'PostgreSQL is another process'}); RSS ${mib(run.rssBefore)} → peak ${mib(run.peakRss)} MiB, heap used ${mib(run.heapBefore)} → peak ${mib(run.peakHeap)} MiB`,
  );
  console.log("the run's statements by total time (count, ms total, ms each):");
  for (const [shape, entry] of [...run.statements.texts.entries()]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 16)) {
    console.log(
      `  ${String(entry.n).padStart(6)} × ${(entry.ms / entry.n).toFixed(2).padStart(7)} ms = ${sec(entry.ms).padStart(6)} s  ${shape}`,
    );
  }
  const ratio = run.totalMs / raw.bestMs;
  const fullRatio = estimatedFullMs / raw.bestMs;
  if (sampled) {
    console.log(
      `ESTIMATE (extrapolated, not measured): the full run for ${fmt(run.allCandidates)} creators ≈ candidates ${sec(run.phases.candidates)} s + ${fmt(run.allCandidates)} × ${perStatementMs.toFixed(1)} ms ≈ ${sec(estimatedFullMs)} s (${(estimatedFullMs / 60_000).toFixed(1)} min), ≈ ${fmt(fullRatio)}× the raw aggregate`,
    );
  }
  console.log(
    `ratio: the run ${sampled ? `(${fmt(n)} statements) ` : ''}took ${fmt(ratio)}× the raw aggregate over all ${fmt(CREATORS)} creators (best ${raw.bestMs.toFixed(0)} ms)`,
  );

  const sampleIds = created.slice(0, 20).map((s) => s.statementId);
  const docs = await documentCost(sampleIds);
  console.log(
    `documents of ${docs.n} statements rendered again: read back (head, name, lines) ${(docs.read / docs.n).toFixed(1)} ms, CSV ${(docs.csv / docs.n).toFixed(1)} ms (${(docs.csvBytes / docs.n / 1024).toFixed(1)} KiB), PDF ${(docs.pdf / docs.n).toFixed(1)} ms (${(docs.pdfBytes / docs.n / 1024).toFixed(1)} KiB) a statement`,
  );

  bench(`royalties ${mode} run ${n} statements`, Number(sec(run.totalMs)), 's');
  bench(`royalties ${mode} run statements/s`, Number(sps.toFixed(1)), 'statements/s');
  bench(`royalties ${mode} run peak RSS`, Number(mib(run.peakRss)), 'MiB');
  bench(`royalties ${mode} raw aggregate ${CREATORS} creators`, Math.round(raw.bestMs), 'ms');
  bench(`royalties ${mode} run/raw`, Math.round(ratio), '×');
  if (sampled) {
    bench(
      `royalties ${mode} run ${run.allCandidates} statements (ESTIMATE)`,
      Number(sec(estimatedFullMs)),
      's',
    );
  }
  bench(`royalties ${mode} PDF render per statement`, Number((docs.pdf / docs.n).toFixed(1)), 'ms');

  console.log(`\n### Markdown (docs/BENCHMARKS.md), ${backend}\n`);
  console.log(
    `| ${fmt(CREATORS)} creators, ${fmt(ORDERS * LINES_PER_ORDER)} lines | time | statements/s | peak RSS |`,
  );
  console.log('|---|---:|---:|---:|');
  console.log(
    `| seed (INSERT … SELECT, ${BATCH_ORDERS.toLocaleString('en')} orders a transaction) | ${sec(seeded.all)} s (COMMIT/triggers ${sec(seeded.commit)} s) | | |`,
  );
  console.log(
    `| (b) raw aggregate | ${raw.bestMs.toFixed(0)} ms (first ${raw.firstMs.toFixed(0)} ms) | | |`,
  );
  console.log(
    `| (a) statement run, ${fmt(n)} statements${sampled ? ' (sample)' : ''} | ${sec(run.totalMs)} s | ${sps.toFixed(1)} | ${mib(run.peakRss)} MiB |`,
  );
  if (sampled) {
    console.log(
      `| (a) all ${fmt(run.allCandidates)} statements — **estimate** | ≈ ${sec(estimatedFullMs)} s | ≈ ${((run.allCandidates / estimatedFullMs) * 1000).toFixed(1)} | |`,
    );
  }
  console.log(
    `| (a) / (b) | ${fmt(sampled ? fullRatio : ratio)}×${sampled ? ' (estimate)' : ''} | | |`,
  );
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  for (const cleanup of cleanups) await cleanup().catch((error) => console.error(error));
  await fs.rm(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
