// `npm run bench`: runs every `bench/*.bench.mjs` of every workspace, one at a time (parallel
// benchmarks on a 2-core machine measure each other), after the root script has built the
// packages and the API. A bench prints what it likes; lines of the form
// `BENCH {"name", "value", "unit"}` are collected into the summary table printed at the end.
// `node scripts/bench.mjs [filter] [--quick]`: `--` flags are passed to every bench (`--quick`:
// small sizes, a smoke run; benches without it ignore it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { workspaces = [] } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
// Optional: only benches whose path contains this text. Flags (`--quick`) go to every bench.
const args = process.argv.slice(2);
const filter = args.find((arg) => !arg.startsWith('--'));
const flags = args.filter((arg) => arg.startsWith('--'));

function workspaceDirs() {
  const dirs = [];
  for (const pattern of workspaces) {
    if (!pattern.endsWith('/*')) {
      dirs.push(path.join(ROOT, pattern));
      continue;
    }
    const parent = path.join(ROOT, pattern.slice(0, -2));
    if (!fs.existsSync(parent)) continue;
    for (const entry of fs.readdirSync(parent, { withFileTypes: true })) {
      if (entry.isDirectory()) dirs.push(path.join(parent, entry.name));
    }
  }
  return dirs.sort();
}

const benches = workspaceDirs()
  .flatMap((dir) => {
    const benchDir = path.join(dir, 'bench');
    if (!fs.existsSync(benchDir)) return [];
    return fs
      .readdirSync(benchDir)
      .filter((file) => file.endsWith('.bench.mjs'))
      .sort()
      .map((file) => path.join(benchDir, file));
  })
  .filter((file) => !filter || file.includes(filter));

const cpus = os.cpus();
console.log(
  `Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`,
);
console.log(
  `Node ${process.version}; load average ${os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`,
);
if (benches.length === 0) {
  console.error('No bench/*.bench.mjs files found in any workspace.');
  process.exit(1);
}

const results = [];
let failed = 0;
for (const file of benches) {
  const relative = path.relative(ROOT, file);
  console.log(`\n▶ ${relative}`);
  const run = spawnSync(process.execPath, ['--expose-gc', file, ...flags], {
    cwd: path.dirname(path.dirname(file)),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('BENCH ')) results.push({ file: relative, ...JSON.parse(line.slice(6)) });
    else if (line.length > 0) console.log(`  ${line}`);
  }
  if (run.status !== 0) {
    failed++;
    console.error(`✗ ${relative} exited with ${run.status ?? run.signal}`);
  }
}

if (results.length > 0) {
  console.log('\nSummary');
  const width = Math.max(...results.map((result) => result.name.length));
  for (const result of results)
    console.log(
      `  ${result.name.padEnd(width)}  ${String(result.value).padStart(10)} ${result.unit}`,
    );
}
process.exit(failed === 0 ? 0 : 1);
