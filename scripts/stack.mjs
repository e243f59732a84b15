// Starts the API and the built web app as child processes and waits until both answer.
// Used by `npm start`, the browser tests and the CLI's system test (API only, `web: false`), so
// all of them run the product the same way.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const API_MAIN = path.join(ROOT, 'apps/api/dist/main.js');
const WEB_SERVER = path.join(ROOT, 'apps/web/server.mjs');

/** Asks the OS for a free loopback port. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url, child, name, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with code ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (error) {
      lastError = error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} was not ready at ${url} within ${timeoutMs} ms (${lastError})`);
}

function stopChild(child, timeoutMs = 15_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * @param {{ dataDir: string, apiPort?: number, webPort?: number, seed?: boolean,
 *           env?: Record<string,string>, quiet?: boolean, web?: boolean }} options
 * @returns {Promise<{ apiUrl: string, webUrl: string, stop(): Promise<void>, api: import('node:child_process').ChildProcess, web: import('node:child_process').ChildProcess | undefined, logs: string[] }>}
 */
export async function startStack({
  dataDir,
  apiPort,
  webPort,
  seed = false,
  env = {},
  quiet = false,
  web: withWeb = true,
}) {
  apiPort ??= await freePort();
  webPort ??= await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const webUrl = `http://localhost:${webPort}`;
  const stdio = quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'];

  const api = spawn(process.execPath, [API_MAIN], {
    cwd: ROOT,
    stdio,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      DATA_DIR: dataDir,
      WEB_ORIGIN: webUrl,
      SEED_DEMO: seed ? 'true' : 'false',
      ...env,
    },
  });
  const logs = [];
  if (quiet)
    for (const stream of [api.stdout, api.stderr])
      stream.on('data', (chunk) => logs.push(String(chunk)));

  let web;
  try {
    await waitFor(`${apiUrl}/health/ready`, api, 'API', 120_000);
    if (!withWeb) return { apiUrl, webUrl, api, web, logs, stop: () => stopChild(api) };
    web = spawn(process.execPath, [WEB_SERVER], {
      cwd: path.join(ROOT, 'apps/web'),
      stdio,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(webPort),
        API_URL: apiUrl,
        ...env,
      },
    });
    if (quiet)
      for (const stream of [web.stdout, web.stderr])
        stream.on('data', (chunk) => logs.push(String(chunk)));
    await waitFor(`http://127.0.0.1:${webPort}/`, web, 'Web app', 60_000);
  } catch (error) {
    await Promise.all([stopChild(api), web && stopChild(web)]);
    if (quiet) error.message += `\n--- logs ---\n${logs.join('').slice(-4000)}`;
    throw error;
  }

  return {
    apiUrl,
    webUrl,
    api,
    web,
    logs,
    async stop() {
      await Promise.all([web && stopChild(web), stopChild(api)]);
    },
  };
}
