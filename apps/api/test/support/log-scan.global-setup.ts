import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Gives the run a fresh log directory. Workers are started after global setup, so they inherit
 * the variable; the teardown reads the same directory once every file has finished.
 */
export default function globalSetup(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearframe-api-logs-'));
  process.env.CLEARFRAME_TEST_LOG_DIR = dir; // LOG_DIR_ENV in log-secrets.ts
}
