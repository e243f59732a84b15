// `npm start`: builds what changed (turbo caches the rest), then runs API + web on the embedded
// defaults with the demo seed, prints the URLs, and shuts both down cleanly on Ctrl-C.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { assertRuntime } from './runtime.mjs';
import { ROOT, startStack } from './stack.mjs';

assertRuntime();

const started = Date.now();
const build = spawnSync(
  process.platform === 'win32' ? 'npx.cmd' : 'npx',
  [
    'turbo',
    'run',
    'build',
    '--filter=@clearframe/api',
    '--filter=@clearframe/web',
    '--output-logs=errors-only',
  ],
  { cwd: ROOT, stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
);
if (build.status !== 0) process.exit(build.status ?? 1);

const apiPort = Number(process.env.API_PORT ?? 4000);
const webPort = Number(process.env.WEB_PORT ?? 3000);
const dataDir = path.resolve(ROOT, process.env.DATA_DIR ?? '.data');
const seed =
  !process.env.DATABASE_URL &&
  process.env.NODE_ENV !== 'production' &&
  process.env.SEED_DEMO !== 'false';

let stack;
try {
  stack = await startStack({ dataDir, apiPort, webPort, seed });
} catch (error) {
  console.error(`\nClearframe did not start: ${error.message}`);
  process.exit(1);
}

console.log(`
  Clearframe is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)
    Storefront:  ${stack.webUrl}
    API:         ${stack.apiUrl}   (OpenAPI UI at ${stack.apiUrl}/docs)
    Data:        ${dataDir}   (npm run reset wipes it)
    Mail outbox: ${path.join(dataDir, 'outbox')}
  Press Ctrl-C to stop.
`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of [stack.api, stack.web]) {
  child.on('exit', (code) => {
    if (stopping) return;
    console.error(`A Clearframe process exited unexpectedly (code ${code}); stopping the rest.`);
    void stack.stop().then(() => process.exit(1));
  });
}
