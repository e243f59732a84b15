// Benchmarks the catalog search of the built API (apps/api/dist) against the same SQL sent
// straight to PostgreSQL, as issue 8 asks:
//   1. seeds N listed clips with COPY (deterministic from --seed): a 50,000-word Zipf(1.1)
//      vocabulary plus 25 topical words per category used for 20–50 % of a clip's words, titles
//      of 3–8 words, descriptions of 15–60, 2–8 tags, 1–3 caption sentences, 12 categories of
//      skewed sizes, 720p/1080p/4K ≈ 20/55/25 % (8 % vertical), 24/25/30/50/60 fps, durations
//      2 s–10 min with a median near 10 s, listed over three years;
//   2. draws a fixed query set (≥ 2,000; 1/2/3 words ≈ 49/36/15 %, words Zipf over document
//      frequency; 0/1/2/3 facets ≈ 34/36/21/9 %);
//   3. runs each request class for a fixed time with the same concurrency through the HTTP API
//      (a child process, production mode) and as the API's own statements on `pg` with the
//      search pool's settings: relevance page 1 + facets, newest page 1 + facets, next page by
//      cursor, browse with facets and no text, clip detail;
//   4. prints p50/p95/p99 and requests/s per side and the API/SQL ratios (BENCH lines and a
//      markdown table for docs/BENCHMARKS.md), the relevance kept by the bound, and a load run.
//
//   npm run bench:catalog -- --clips=1000000      (from the root: builds, then runs this file)
//   node bench/catalog.bench.mjs [--clips 100000] [--seconds 20] [--concurrency 4] [--queries 2000]
//        [--load-clients 16] [--load-seconds 60] [--reuse] [--keep] [--explain] [--quick]
//
// PostgreSQL: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres). The
// database is cf_bench_catalog_<clips>; `--reuse` keeps a seeded one from an earlier run with
// `--keep` (seeding 1M clips takes minutes). Run after building the API (`npm run bench` does).
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

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
const CLIPS = Number(optionOf('clips', QUICK ? 5_000 : 100_000));
const SECONDS = Number(optionOf('seconds', QUICK ? 3 : 20));
const CONCURRENCY = Number(optionOf('concurrency', 4));
const QUERIES = Number(optionOf('queries', QUICK ? 300 : 2_000));
const LOAD_CLIENTS = Number(optionOf('load-clients', 16));
const LOAD_SECONDS = Number(optionOf('load-seconds', QUICK ? 5 : 60));
const SEED = Number(optionOf('seed', 20261201));
const REUSE = argv.includes('--reuse');
const KEEP = argv.includes('--keep') || REUSE;
const EXPLAIN = argv.includes('--explain');
// `--profile-api`: the API child runs with --cpu-prof; its functions by self time are printed.
const PROFILE = argv.includes('--profile-api');
// `--only relevance` (or `load`, `browse,load`…): only the sections whose name contains one.
const ONLY = optionOf('only', undefined);
const selected = (section) => !ONLY || ONLY.split(',').some((part) => section.includes(part));
const POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PAGE = 24;

try {
  await fs.access(path.join(DIST, 'clips', 'catalog-search.sql.js'));
} catch {
  console.error('apps/api/dist is missing: build the API first (npm run bench does).');
  process.exit(1);
}
const { FACET_COLUMNS, catalogDetailStatement, catalogSearchStatement, filterCodes } =
  await import('../dist/clips/catalog-search.sql.js');
const { queryWords } = await import('../dist/clips/catalog.service.js');
const { CatalogSearchRepository } = await import('../dist/clips/catalog-search.repository.js');
const supply = await import('@clearframe/contracts/supply');
const license = await import('@clearframe/contracts/license');

function bench(name, value, unit) {
  console.log(`BENCH ${JSON.stringify({ name, value, unit })}`);
}
const loadAverage = () =>
  os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');

// ---------------------------------------------------------------------------------------------
// Deterministic data
// ---------------------------------------------------------------------------------------------

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
const int = (min, max) => min + Math.floor(random() * (max - min + 1));
const pick = (list) => list[Math.floor(random() * list.length)];
function weighted(entries) {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  return () => {
    let r = random() * total;
    for (const [value, weight] of entries) if ((r -= weight) < 0) return value;
    return entries.at(-1)[0];
  };
}
/** A sampler of ranks 0..n-1 with P(k) ∝ (k+1)^-s. */
function zipf(n, s) {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) cdf[k] = sum += (k + 1) ** -s;
  return () => {
    const r = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
function uuid() {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 3) | 8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// Pronounceable made-up words: no real word's stemming or stop-word status gets in the way.
const ONSETS = [
  'b',
  'd',
  'f',
  'g',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'z',
  'br',
  'tr',
  'st',
  'kl',
  'pr',
  'sh',
];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou'];
const CODAS = ['', '', 'n', 'r', 'l', 'm', 'k'];
function makeWords(count, taken) {
  const words = [];
  while (words.length < count) {
    const syllables = int(2, 3);
    let word = '';
    for (let i = 0; i < syllables; i++) word += pick(ONSETS) + pick(VOWELS);
    word += pick(CODAS);
    if (!taken.has(word)) {
      taken.add(word);
      words.push(word);
    }
  }
  return words;
}
const taken = new Set();
const VOCABULARY = makeWords(50_000, taken);
const CATEGORIES = supply.CLIP_CATEGORIES;
const TOPICAL = Object.fromEntries(CATEGORIES.map((category) => [category, makeWords(25, taken)]));
const vocabularyRank = zipf(VOCABULARY.length, 1.1);
const topicalRank = zipf(25, 0.8);
// Skewed category sizes: nature largest, other smallest.
const category = weighted(CATEGORIES.map((name, i) => [name, 1 / (i + 1) ** 0.9]));
const resolution = weighted([
  [[1280, 720], 20],
  [[1920, 1080], 55],
  [[3840, 2160], 25],
]);
const fps = weighted([
  [24, 25],
  [25, 25],
  [30, 30],
  [50, 10],
  [60, 10],
]);
const motion = weighted([...supply.CAMERA_MOTIONS.map((m) => [m, 1]), [null, 1]]);
// Policies: the four templates, exclusivity offered on the exclusive one.
const POLICIES = license.LICENSE_TEMPLATE_IDS.map((id, i) => {
  const policy = supply.policyFromTemplate(id, { amountMinor: 300 + 100 * i, currency: 'USD' });
  return {
    json: JSON.stringify(policy),
    uses: `{${[...new Set(policy.allowedUses.map((use) => license.PERMITTED_USES.indexOf(use) + 1))].sort((a, b) => a - b).join(',')}}`,
    exclusive: policy.exclusivity.offered,
  };
});
const policy = weighted(POLICIES.map((entry, i) => [entry, [50, 15, 20, 15][i]]));

/** Gaussian by Box–Muller, for log-normal durations. */
function normal() {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
const THREE_YEARS_MS = 3 * 365 * 24 * 3_600_000;
const NOW = Date.parse('2026-12-01T00:00:00Z');
const documentFrequency = new Map();

function clipText(cat) {
  const share = 0.2 + 0.3 * random();
  const seen = new Set();
  const word = () => {
    const w = random() < share ? TOPICAL[cat][topicalRank()] : VOCABULARY[vocabularyRank()];
    seen.add(w);
    return w;
  };
  const words = (n) => Array.from({ length: n }, word);
  const title = words(int(3, 8)).join(' ');
  const description = words(int(15, 60)).join(' ');
  const tags = [...new Set(words(int(2, 8)))];
  const captions = Array.from({ length: int(1, 3) }, () => `${words(int(6, 14)).join(' ')}.`).join(
    ' ',
  );
  for (const w of seen) documentFrequency.set(w, (documentFrequency.get(w) ?? 0) + 1);
  return { title, description, tags, captions };
}

// ---------------------------------------------------------------------------------------------
// Seeding with COPY
// ---------------------------------------------------------------------------------------------

const escapeCopy = (value) =>
  value === null || value === undefined
    ? '\\N'
    : String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');

const CLIP_COLUMNS = [
  'id',
  'org_id',
  'state',
  'file_name',
  'title',
  'description',
  'tags',
  'category',
  'captions',
  'camera_motion',
  'size_bytes',
  'original_key',
  'duration_ms',
  'width',
  'height',
  'fps',
  'has_audio',
  'thumbnail_key',
  'preview_key',
  'current_policy_version_id',
  'listed_at',
  'created_at',
  'updated_at',
  'facet_uses',
  'facet_exclusive',
  'identifiable_people',
];

async function seed(db, orgIds) {
  // The clips and their policy versions point at each other (the version's clip, the clip's
  // current version): load both with triggers off (foreign keys and the policy-facet trigger),
  // writing the policy facets the trigger would, then check a sample against the trigger.
  // Rows are made as COPY reads them (1M clips do not fit in memory as text); the versions
  // keep only what their rows need until their own COPY.
  const versions = [];
  const sample = [];
  function* clipChunks() {
    for (let start = 0; start < CLIPS; start += 5_000) {
      const rows = [];
      for (let i = start; i < Math.min(CLIPS, start + 5_000); i++) {
        const id = uuid();
        const versionId = uuid();
        const orgId = orgIds[Math.floor(random() ** 1.5 * orgIds.length)];
        const cat = category();
        const text = clipText(cat);
        let [width, height] = resolution();
        if (random() < 0.08) [width, height] = [height, width];
        const durationMs = Math.round(
          Math.min(600, Math.max(2, Math.exp(Math.log(10) + 1.1 * normal()))) * 1000,
        );
        const listedAt = new Date(NOW - Math.floor(random() * THREE_YEARS_MS)).toISOString();
        const chosen = policy();
        rows.push(
          [
            id,
            orgId,
            'listed',
            `clip-${i}.mp4`,
            text.title,
            text.description,
            `{${text.tags.join(',')}}`,
            cat,
            text.captions,
            motion(),
            10_000_000 + i,
            `orgs/${orgId}/uploads/${id}/original`,
            durationMs,
            width,
            height,
            fps(),
            random() < 0.5,
            `clips/${id}/thumbnail.jpg`,
            `clips/${id}/preview.mp4`,
            versionId,
            listedAt,
            listedAt,
            listedAt,
            chosen.uses,
            chosen.exclusive,
            false,
          ]
            .map(escapeCopy)
            .join('\t'),
        );
        versions.push([versionId, id, POLICIES.indexOf(chosen), listedAt]);
        if (i % Math.max(1, Math.floor(CLIPS / 200)) === 0) sample.push(id);
      }
      yield `${rows.join('\n')}\n`;
    }
  }
  function* versionChunks() {
    for (let start = 0; start < versions.length; start += 5_000) {
      yield `${versions
        .slice(start, start + 5_000)
        .map(([versionId, clipId, policyIndex, listedAt]) =>
          [
            versionId,
            clipId,
            1,
            POLICIES[policyIndex].json,
            `sha256:${'0'.repeat(64)}`,
            'training-standard',
            listedAt,
          ]
            .map(escapeCopy)
            .join('\t'),
        )
        .join('\n')}\n`;
    }
  }
  const copy = async (table, columns, chunks) => {
    const client = await db.connect();
    try {
      await client.query(`SET session_replication_role = replica`);
      const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
      await pipeline(Readable.from(chunks), stream);
    } finally {
      await client.query(`RESET session_replication_role`);
      client.release();
    }
  };
  // Indexes are built after the load (as a bulk load would), from their own definitions.
  const { rows: indexes } = await db.query(
    `SELECT indexname, indexdef AS def FROM pg_indexes
      WHERE tablename = 'clips' AND indexname IN ('clips_search_idx', 'clips_listed_newest_idx', 'clips_listed_idx')`,
  );
  for (const index of indexes) await db.query(`DROP INDEX ${index.indexname}`);
  let started = performance.now();
  await copy('clips', CLIP_COLUMNS, clipChunks());
  await copy(
    'clip_policy_versions',
    ['id', 'clip_id', 'version', 'policy', 'policy_hash', 'template_id', 'created_at'],
    versionChunks(),
  );
  const copySeconds = (performance.now() - started) / 1000;
  started = performance.now();
  for (const index of indexes) await db.query(index.def);
  const indexSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  await db.query(`VACUUM ANALYZE clips`);
  await db.query(`VACUUM ANALYZE clip_policy_versions`);
  const analyzeSeconds = (performance.now() - started) / 1000;
  // The trigger's answer for a sample (setting the pointer fires it) must equal what was loaded.
  const before = await db.query(
    `SELECT id, facet_uses, facet_exclusive FROM clips WHERE id = ANY($1::uuid[]) ORDER BY id`,
    [sample],
  );
  await db.query(
    `UPDATE clips SET current_policy_version_id = current_policy_version_id WHERE id = ANY($1::uuid[])`,
    [sample],
  );
  const after = await db.query(
    `SELECT id, facet_uses, facet_exclusive FROM clips WHERE id = ANY($1::uuid[]) ORDER BY id`,
    [sample],
  );
  if (JSON.stringify(before.rows) !== JSON.stringify(after.rows)) {
    throw new Error('seeded policy facets differ from what the trigger computes');
  }
  started = performance.now();
  const repository = new CatalogSearchRepository(null, {
    manager: () => ({ query: async (text, values) => (await db.query(text, values)).rows }),
  });
  const words = await repository.rebuildLexicon();
  const lexiconSeconds = (performance.now() - started) / 1000;
  return { copySeconds, indexSeconds, analyzeSeconds, lexiconSeconds, words };
}

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

const FACET_VALUES = {
  category: () => category(),
  resolution: () =>
    weighted([
      ['720p', 20],
      ['1080p', 55],
      ['4k', 25],
    ])(),
  orientation: () => (random() < 0.08 ? 'vertical' : 'landscape'),
  fps: () => String(fps()),
  duration: () =>
    weighted([
      ['0-5s', 25],
      ['5-10s', 25],
      ['10-30s', 30],
      ['30-60s', 10],
      ['1-3m', 7],
      ['3m+', 3],
    ])(),
  motion: () => pick(supply.CAMERA_MOTIONS),
  use: () => pick(['ai-train', 'ai-eval', 'research']),
  exclusivity: () => (random() < 0.15 ? 'offered' : 'not-offered'),
};

function makeQueries() {
  // Words by document frequency, drawn Zipf over that ranking.
  const byFrequency = [...documentFrequency.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  const wordRank = zipf(byFrequency.length, 1.1);
  const words = weighted([
    [1, 49],
    [2, 36],
    [3, 15],
  ]);
  const facets = weighted([
    [0, 34],
    [1, 36],
    [2, 21],
    [3, 9],
  ]);
  const queries = [];
  for (let i = 0; i < QUERIES; i++) {
    const q = Array.from({ length: words() }, () => byFrequency[wordRank()]).join(' ');
    const names = [...supply.CATALOG_FACET_NAMES].sort(() => random() - 0.5).slice(0, facets());
    const filters = Object.fromEntries(names.map((name) => [name, FACET_VALUES[name]()]));
    queries.push({ q, filters });
  }
  return queries;
}

const searchParams = (entry) =>
  new URLSearchParams({
    ...(entry.q ? { q: entry.q } : {}),
    ...entry.filters,
    ...(entry.sort ? { sort: entry.sort } : {}),
    ...(entry.cursor ? { cursor: entry.cursor } : {}),
  });
function planOf(entry, after = null) {
  const query = supply.CatalogQuery.parse({ ...(entry.q ? { q: entry.q } : {}), ...entry.filters });
  return {
    q: entry.q ?? null,
    sort: entry.q ? (entry.sort ?? 'relevance') : 'newest',
    filters: filterCodes(query),
    limit: PAGE,
    after,
    words: entry.q && !after ? queryWords(entry.q) : [],
  };
}

// ---------------------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------------------

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `requests` round-robin from `clients` workers for `seconds`; latencies in ms. */
async function drive(requests, clients, seconds) {
  const latencies = [];
  let errors = 0;
  let next = 0;
  const firstErrors = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const request = requests[next++ % requests.length];
        const t0 = performance.now();
        try {
          await request();
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors++;
          if (firstErrors.length < 3) firstErrors.push(error.message);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    n: latencies.length,
    errors,
    firstErrors,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    rps: latencies.length / elapsed,
  };
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function startApi(databaseUrl) {
  const port = await freePort();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clearframe-bench-catalog-'));
  const { privateKey } = generateKeyPairSync('ed25519');
  // The API checks its storage at boot; presigning the previews' links is local.
  const { startEmbeddedS3 } = await import('../dist/infra/embedded-s3.js');
  const s3 = await startEmbeddedS3({ dir: path.join(dataDir, 's3'), port: 0 });
  const ffmpeg = await import('@ffmpeg-installer/ffmpeg');
  const ffprobe = await import('@ffprobe-installer/ffprobe');
  // Production mode, as deployed: responses are not re-validated, logs at warn.
  const profileDir = path.join(dataDir, 'profile');
  const child = spawn(
    process.execPath,
    [
      ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      path.join(DIST, 'main.js'),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
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
      },
    },
  );
  let logs = '';
  child.stdout.on('data', (chunk) => (logs += chunk));
  child.stderr.on('data', (chunk) => (logs += chunk));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the API exited: ${logs.slice(-2000)}`);
    try {
      const res = await fetch(`${url}/health/live`);
      await res.text();
      if (res.status < 500) break;
    } catch {
      // not yet listening
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    logs: () => logs,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await s3.stop();
      if (PROFILE) await printProfile(profileDir);
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The API's functions by self time over the whole run (a V8 .cpuprofile), top 25. */
async function printProfile(dir) {
  for (const file of await fs.readdir(dir).catch(() => [])) {
    const profile = JSON.parse(await fs.readFile(path.join(dir, file), 'utf8'));
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const self = new Map();
    const intervals = profile.timeDeltas;
    profile.samples.forEach((id, i) => {
      const node = byId.get(id);
      const frame = node.callFrame;
      const where = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/apps\/api\//, '')}:${frame.lineNumber + 1}`;
      self.set(where, (self.get(where) ?? 0) + (intervals[i] ?? 0));
    });
    const total = [...self.values()].reduce((sum, value) => sum + value, 0);
    console.log(
      `\n## API CPU profile (${(total / 1e6).toFixed(1)} s sampled), top functions by self time`,
    );
    for (const [where, micros] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
      console.log(`${((100 * micros) / total).toFixed(1).padStart(5)} %  ${where}`);
    }
  }
}

async function getJson(url) {
  const res = await fetch(url);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

const name = `cf_bench_catalog_${CLIPS}`;
const admin = new pg.Client({ connectionString: POSTGRES_URL });
try {
  await admin.connect();
} catch (error) {
  console.log(`skipped: no PostgreSQL at ${POSTGRES_URL} (${error.message})`);
  process.exit(0);
}
const url = new URL(POSTGRES_URL);
url.pathname = `/${name}`;
const settings = await admin.query(
  `SELECT name, setting, unit FROM pg_settings
    WHERE name IN ('server_version', 'shared_buffers', 'effective_cache_size', 'work_mem', 'max_parallel_workers_per_gather', 'jit', 'random_page_cost')
    ORDER BY name`,
);
console.log(
  `PostgreSQL ${settings.rows.map((row) => `${row.name}=${row.setting}${row.unit ? ` ${row.unit}` : ''}`).join(', ')}`,
);
const exists =
  (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount > 0;
let api;
const db = new pg.Pool({
  connectionString: url.toString(),
  max: Math.max(CONCURRENCY, 4),
  options: '-c jit=off -c random_page_cost=1.1 -c work_mem=16MB',
});
try {
  const started = performance.now();
  if (!(REUSE && exists)) {
    if (exists) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    // The app migrates the empty database at boot.
    api = await startApi(url.toString());
    const { rows: orgs } = await db.query(
      `INSERT INTO organizations (name, slug, kind)
       SELECT 'Studio ' || i, 'bench-studio-' || i, 'creator' FROM generate_series(1, 200) i RETURNING id`,
    );
    console.log(
      `\n## Seeding ${CLIPS.toLocaleString('en')} listed clips (seed ${SEED}, load average ${loadAverage()})`,
    );
    const seeded = await seed(
      db,
      orgs.map((row) => row.id),
    );
    const { rows: size } = await db.query(
      `SELECT pg_size_pretty(pg_total_relation_size('clips')) AS clips,
              pg_size_pretty(pg_relation_size('clips_search_idx')) AS gin`,
    );
    console.log(
      `COPY ${seeded.copySeconds.toFixed(1)} s, indexes ${seeded.indexSeconds.toFixed(1)} s, VACUUM ANALYZE ${seeded.analyzeSeconds.toFixed(1)} s, lexicon ${seeded.lexiconSeconds.toFixed(1)} s (${seeded.words.toLocaleString('en')} words); clips ${size[0].clips} with indexes, GIN ${size[0].gin}; total ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
    bench(`catalog seed ${CLIPS} clips (COPY)`, Number(seeded.copySeconds.toFixed(1)), 's');
  } else {
    console.log(`\nReusing ${name} (seeded earlier); regenerating the same vocabulary and queries`);
    // The query set depends on the document frequencies the generator saw: draw them again.
    for (let i = 0; i < CLIPS; i++) {
      uuid();
      uuid();
      random();
      const cat = category();
      clipText(cat);
      resolution();
      random();
      normal();
      random();
      policy();
      motion();
      fps();
      random();
    }
    api = await startApi(url.toString());
  }

  const queries = makeQueries();
  const { rows: ids } = await db.query(
    `SELECT id FROM clips TABLESAMPLE SYSTEM (5) REPEATABLE (${SEED % 1000}) WHERE state = 'listed' LIMIT $1`,
    [QUERIES],
  );
  console.log(
    `${queries.length} queries, e.g. ${queries
      .slice(0, 3)
      .map((entry) => JSON.stringify(entry))
      .join(' ')}`,
  );

  // Warm the cache and collect what the cursor class needs: each query's first newest page,
  // once through SQL (the keyset position) and once through the API (its opaque cursor).
  console.log(`\n## Warm-up (load average ${loadAverage()})`);
  const cursorPairs = [];
  let approximate = 0;
  for (const entry of queries) {
    const { text, values } = catalogSearchStatement(planOf({ ...entry, sort: 'newest' }));
    const [row] = (await db.query(text, values)).rows;
    if (row.matched > supply.CATALOG_SEARCH_BOUND) approximate++;
    const items = row.items ?? [];
    if (items.length > PAGE && cursorPairs.length < 500) {
      const last = items[PAGE - 1];
      const page = await getJson(
        `${api.url}/v1/catalog?${searchParams({ ...entry, sort: 'newest' })}`,
      );
      cursorPairs.push({
        entry,
        after: { sort: 'newest', listedAt: new Date(last.listed_at), id: last.id },
        cursor: page.nextCursor,
      });
    }
  }
  console.log(
    `${approximate} of ${queries.length} queries match more than ${supply.CATALOG_SEARCH_BOUND.toLocaleString('en')} clips; ${cursorPairs.length} have a second page`,
  );

  const sqlOf = (plan) => {
    const { text, values } = catalogSearchStatement(plan);
    return () => db.query(text, values);
  };
  const apiOf = (params) => async () => {
    const res = await fetch(`${api.url}/v1/catalog?${params}`);
    await res.text();
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  };
  const browse = queries.map((entry) => ({
    filters: Object.keys(entry.filters).length ? entry.filters : { category: 'nature' },
  }));
  const classes = [
    {
      name: 'relevance page 1 + facets',
      sql: queries.map((entry) => sqlOf(planOf(entry))),
      api: queries.map((entry) => apiOf(searchParams(entry))),
    },
    {
      name: 'newest page 1 + facets',
      sql: queries.map((entry) => sqlOf(planOf({ ...entry, sort: 'newest' }))),
      api: queries.map((entry) => apiOf(searchParams({ ...entry, sort: 'newest' }))),
    },
    {
      name: 'next page by cursor (newest)',
      sql: cursorPairs.map((pair) => sqlOf(planOf({ ...pair.entry, sort: 'newest' }, pair.after))),
      api: cursorPairs.map((pair) =>
        apiOf(searchParams({ ...pair.entry, sort: 'newest', cursor: pair.cursor })),
      ),
    },
    {
      name: 'browse with facets, no text',
      sql: browse.map((entry) => sqlOf(planOf(entry))),
      api: browse.map((entry) => apiOf(searchParams(entry))),
    },
    {
      name: 'clip detail',
      sql: ids.map(({ id }) => {
        const { text, values } = catalogDetailStatement(id);
        return () => db.query(text, values);
      }),
      api: ids.map(({ id }) => async () => {
        const res = await fetch(`${api.url}/v1/catalog/clips/${id}`);
        await res.text();
        if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      }),
    },
  ];

  const table = [];
  for (const entry of classes) {
    if (entry.sql.length === 0 || !selected(entry.name)) continue;
    console.log(
      `\n## ${entry.name}: ${CONCURRENCY} clients × ${SECONDS} s each side (load average ${loadAverage()})`,
    );
    const sql = await drive(entry.sql, CONCURRENCY, SECONDS);
    const http = await drive(entry.api, CONCURRENCY, SECONDS);
    for (const [side, result] of [
      ['SQL', sql],
      ['API', http],
    ]) {
      console.log(
        `${side}: n=${result.n} errors=${result.errors} p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${result.rps.toFixed(0)} req/s${result.firstErrors.length ? ` (${result.firstErrors.join('; ')})` : ''}`,
      );
    }
    const ratio = (key) => http[key] / sql[key];
    console.log(
      `API/SQL: p50 ${ratio('p50').toFixed(2)}×, p95 ${ratio('p95').toFixed(2)}×, p99 ${ratio('p99').toFixed(2)}×, throughput ${(100 * ratio('rps')).toFixed(0)} %`,
    );
    bench(`catalog ${CLIPS} ${entry.name} API p50`, Number(http.p50.toFixed(1)), 'ms');
    bench(`catalog ${CLIPS} ${entry.name} API/SQL p95`, Number(ratio('p95').toFixed(2)), '×');
    table.push({ name: entry.name, sql, http });
  }

  // Relevance kept by the bound: for queries over it, the bounded top-24's rank mass over the
  // exact top-24's (ts_rank over every match, the expensive plan the bound avoids).
  console.log(
    `\n## Relevance kept by the ${supply.CATALOG_SEARCH_BOUND.toLocaleString('en')} bound`,
  );
  let kept = 0;
  let measured = 0;
  for (const entry of selected('relevance kept') ? queries : []) {
    if (measured >= (QUICK ? 10 : 100)) break;
    const plan = planOf(entry);
    const { text, values } = catalogSearchStatement(plan);
    const [row] = (await db.query(text, values)).rows;
    if (row.matched <= supply.CATALOG_SEARCH_BOUND) continue;
    const bounded = (row.items ?? [])
      .slice(0, PAGE)
      .reduce((sum, item) => sum + Number(item.rank), 0);
    const exact = plan.filters;
    const filterSql = Object.entries(exact)
      .map(([key], i) => {
        const column = FACET_COLUMNS[key];
        return key === 'use'
          ? ` AND ${column} @> ARRAY[$${i + 2}::smallint]`
          : ` AND ${column} = $${i + 2}`;
      })
      .join('');
    const { rows } = await db.query(
      `SELECT sum(rank) AS mass FROM (
         SELECT ts_rank(search, websearch_to_tsquery('english', $1)) AS rank FROM clips
          WHERE state = 'listed' AND search @@ websearch_to_tsquery('english', $1)${filterSql}
          ORDER BY 1 DESC LIMIT ${PAGE}) AS top`,
      [entry.q, ...Object.values(exact)],
    );
    if (Number(rows[0].mass) > 0) {
      kept += bounded / Number(rows[0].mass);
      measured++;
    }
  }
  if (measured > 0) {
    console.log(
      `${measured} queries over the bound: ${(kept / measured).toFixed(3)} of the exact top-${PAGE} rank mass kept`,
    );
    bench(
      `catalog ${CLIPS} relevance kept by the bound`,
      Number((kept / measured).toFixed(3)),
      'share',
    );
  }

  if (EXPLAIN) {
    const entry = queries.find((candidate) => candidate.q.split(' ').length === 1);
    const { text, values } = catalogSearchStatement(planOf(entry));
    const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
    console.log(
      `\nEXPLAIN ANALYZE relevance page 1 for ${JSON.stringify(entry)}:\n${rows.map((row) => row['QUERY PLAN']).join('\n')}`,
    );
  }

  // Load: many clients on search through the API; every answer must be a 200.
  const load = selected('load')
    ? await loadRun(classes[0].api)
    : { n: 0, errors: 0, firstErrors: [], p50: NaN, p95: NaN, p99: NaN, rps: NaN };
  async function loadRun(requests) {
    console.log(
      `\n## Load: ${LOAD_CLIENTS} clients × ${LOAD_SECONDS} s, relevance + facets through the API (load average ${loadAverage()})`,
    );
    const result = await drive(requests, LOAD_CLIENTS, LOAD_SECONDS);
    console.log(
      `n=${result.n} errors=${result.errors} p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${result.rps.toFixed(0)} req/s${result.firstErrors.length ? ` (${result.firstErrors.join('; ')})` : ''}`,
    );
    bench(`catalog ${CLIPS} load ${LOAD_CLIENTS} clients errors`, result.errors, 'count');
    return result;
  }

  console.log(
    `\n### Markdown (docs/BENCHMARKS.md), ${CLIPS.toLocaleString('en')} clips, ${CONCURRENCY} clients, ${SECONDS} s per side\n`,
  );
  console.log(
    '| request | SQL p50 / p95 / p99 ms | SQL req/s | API p50 / p95 / p99 ms | API req/s | API/SQL p50 | API/SQL p95 | API/SQL req/s |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  const f = (value) => value.toFixed(1);
  for (const { name: label, sql, http } of table) {
    console.log(
      `| ${label} | ${f(sql.p50)} / ${f(sql.p95)} / ${f(sql.p99)} | ${sql.rps.toFixed(0)} | ${f(http.p50)} / ${f(http.p95)} / ${f(http.p99)} | ${http.rps.toFixed(0)} | ${(http.p50 / sql.p50).toFixed(2)}× | ${(http.p95 / sql.p95).toFixed(2)}× | ${((100 * http.rps) / sql.rps).toFixed(0)} % |`,
    );
  }
  console.log(
    `| load: ${LOAD_CLIENTS} clients × ${LOAD_SECONDS} s, relevance (API) | | | ${f(load.p50)} / ${f(load.p95)} / ${f(load.p99)} | ${load.rps.toFixed(0)} | errors: ${load.errors} | | |`,
  );
} finally {
  await api?.stop().catch(() => undefined);
  await db.end();
  if (!KEEP) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
