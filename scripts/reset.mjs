// `npm run reset`: wipes the embedded database, storage, keys and outbox in .data/.
import fs from 'node:fs/promises';
import path from 'node:path';
import { assertRuntime } from './runtime.mjs';
import { ROOT } from './stack.mjs';

assertRuntime();

const dataDir = path.resolve(ROOT, process.env.DATA_DIR ?? '.data');
const lock = path.join(dataDir, 'pg.lock');
const pid = Number(await fs.readFile(lock, 'utf8').catch(() => ''));
if (pid) {
  let alive;
  try {
    process.kill(pid, 0);
    alive = true;
  } catch {
    alive = false;
  }
  if (alive) {
    console.error(`Clearframe is still running (process ${pid}). Stop it with Ctrl-C first.`);
    process.exit(1);
  }
}
await fs.rm(dataDir, { recursive: true, force: true });
console.log(`Removed ${dataDir}. The next npm start seeds a fresh demo.`);
