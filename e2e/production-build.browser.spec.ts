import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startStack } from '../scripts/stack.mjs';

// `npm start` and these tests run the stack through the same startStack. This file checks what
// it serves: React Router's and React's production builds, in the browser and on the server,
// and no Node warning (deprecations, the AWS SDK's runtime notice) while starting and serving.

const HOOK = path.join(path.dirname(fileURLToPath(import.meta.url)), 'loaded-modules.hook.mjs');
// Present in React Router's code in both builds, so finding it proves the router was scanned.
const REACT_ROUTER_CODE = 'useNavigate() may be used only in the context of a <Router> component';
// A warning only React Router's development build carries.
const REACT_ROUTER_DEV_ONLY = 'You rendered descendant <Routes>';

let stack: Awaited<ReturnType<typeof startStack>>;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'clearframe-e2e-'));
  stack = await startStack({
    dataDir,
    quiet: true,
    env: { NODE_OPTIONS: `--import=${pathToFileURL(HOOK).href}` },
  });
});

afterAll(async () => {
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it('serves production builds and starts without a Node warning', async () => {
  const page = await fetch(`${stack.webUrl}/sign-in`);
  expect(page.status).toBe(200);
  const html = await page.text();

  // The browser gets the modules the page preloads: React Router's production build.
  const modules = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map(
    (match) => match[1]!,
  );
  expect(modules.length).toBeGreaterThan(0);
  const code = (
    await Promise.all(
      modules.map(async (href) => {
        const res = await fetch(new URL(href, stack.webUrl));
        expect(res.status).toBe(200);
        return res.text();
      }),
    )
  ).join('\n');
  // Booleans, so a failure names the problem instead of printing a megabyte of bundle.
  expect({
    routerScanned: code.includes(REACT_ROUTER_CODE),
    devOnlyWarningShipped: code.includes(REACT_ROUTER_DEV_ONLY),
  }).toEqual({ routerScanned: true, devOnlyWarningShipped: false });

  // Stop the servers and wait for their output to end: the hook reports when a process exits.
  if (!stack.web) throw new Error('The stack started without its web server.');
  const closed = [once(stack.web, 'close'), once(stack.api, 'close')];
  await stack.stop();
  await Promise.all(closed);
  const output = stack.logs.join('');
  const reports = [...output.matchAll(/^LOADED-MODULES (.*)$/gm)].map(
    (match) => JSON.parse(match[1]!) as { program: string; files: string[] },
  );
  const web = reports.find((report) => report.program.endsWith('server.mjs'));
  expect(web).toBeDefined();
  const ran = web!.files.map((url) => url.replace(/^.*\/node_modules\//, ''));
  expect(ran.filter((file) => file.startsWith('react-router/dist/')).length).toBeGreaterThan(0);
  expect(ran.filter((file) => file.startsWith('react-dom/cjs/')).length).toBeGreaterThan(0);
  expect(ran.filter((file) => file.includes('development'))).toEqual([]);

  // Node prints process warnings as "(node:<pid>) ...Warning: ...".
  expect(output.split('\n').filter((line) => /\(node:\d+\)/.test(line))).toEqual([]);
});
