// Preloaded (`node --import`) into the servers by production-build.browser.spec.ts. When the
// process exits it prints which React and React Router files it ran, so the test checks the
// builds the product really serves rather than what a config file says.
import { writeSync } from 'node:fs';
import { createRequire, registerHooks } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const WATCHED = /\/node_modules\/(react|react-dom|react-router)\//;
const esModules = new Set();

registerHooks({
  load(url, context, nextLoad) {
    const result = nextLoad(url, context);
    if (result.format === 'module' && WATCHED.test(url)) esModules.add(url);
    return result;
  },
});

process.on('exit', () => {
  // CommonJS files come from the require cache, and only those that ran: importing a CommonJS
  // module from ESM also reads (but never runs) the files its exports might come from, such as
  // React's development build next to the production one.
  const commonJs = Object.values(createRequire(import.meta.url).cache)
    .filter((module) => module?.loaded)
    .map((module) => pathToFileURL(module.filename).href)
    .filter((url) => WATCHED.test(url));
  const program = path.relative(process.cwd(), process.argv[1] ?? '');
  writeSync(
    2,
    `\nLOADED-MODULES ${JSON.stringify({ program, files: [...esModules, ...commonJs] })}\n`,
  );
});
