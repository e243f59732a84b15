import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const CLI_MAIN = path.join(ROOT, 'apps/cli/dist/main.js');
const API_MAIN = path.join(ROOT, 'apps/api/dist/main.js');

export interface RunningApi {
  apiUrl: string;
  logs: string[];
  stop(): Promise<void>;
}

interface StackModule {
  freePort(): Promise<number>;
  startStack(options: {
    dataDir: string;
    apiPort?: number;
    web: false;
    quiet: true;
    env: Record<string, string>;
  }): Promise<RunningApi>;
}

/** The repository's stack launcher (scripts/stack.mjs), which `npm start` and the browser tests use. */
async function stackModule(): Promise<StackModule> {
  // Loaded by URL: the launcher is a plain .mjs script at the repository root, not a workspace.
  return (await import(pathToFileURL(path.join(ROOT, 'scripts/stack.mjs')).href)) as StackModule;
}

export async function freePort(): Promise<number> {
  return (await stackModule()).freePort();
}

/**
 * Starts the built API alone on the embedded defaults (PGlite, s3rver, outbox mail, jobs in
 * process) in `dataDir`. Give `apiPort` and `EMBEDDED_S3_PORT` to start it again later at the
 * same addresses on the same data (a restart, as a creator's connection would see it).
 */
export async function startApi(
  dataDir: string,
  options: { apiPort?: number; env?: Record<string, string> } = {},
): Promise<RunningApi> {
  for (const built of [API_MAIN, CLI_MAIN])
    if (!existsSync(built))
      throw new Error(
        `${built} is missing: run \`npx turbo run build --filter=@clearframe/cli --filter=@clearframe/api\` first (npm test does).`,
      );
  return (await stackModule()).startStack({
    dataDir,
    apiPort: options.apiPort,
    web: false,
    quiet: true,
    env: { LOG_LEVEL: 'warn', ...options.env },
  });
}

/** One JSON call to the API as a signed-in person or key; throws on an unexpected status. */
export async function callApi<T = any>(
  apiUrl: string,
  route: string,
  options: {
    token?: string;
    body?: unknown;
    method?: string;
    status?: number;
    headers?: Record<string, string>;
  } = {},
): Promise<T> {
  const res = await fetch(`${apiUrl}${route}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      'Content-Type': 'application/json',
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  const expected = options.status ?? (res.ok ? res.status : 200);
  if (res.status !== expected)
    throw new Error(`${options.method ?? 'GET'} ${route} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

async function mailedLink(dataDir: string, address: string, tag: string): Promise<string> {
  const outbox = path.join(dataDir, 'outbox');
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const links = (existsSync(outbox) ? readdirSync(outbox) : [])
      .filter((name) => name.endsWith('.json'))
      .map((name) => JSON.parse(readFileSync(path.join(outbox, name), 'utf8')))
      .filter((mail) => mail.to === address && mail.tag === tag)
      .flatMap((mail) => mail.links as string[]);
    if (links[0]) return links[0];
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no "${tag}" mail to ${address} in ${outbox}`);
}

/**
 * A creator (or, with `kind: 'lab'`, a lab) as a person would become one: sign up, confirm the
 * email from the mailed link, create the organization and an API key with `scopes`, all
 * through HTTP.
 */
export async function createCreatorWithKey(
  apiUrl: string,
  dataDir: string,
  label: string,
  scopes: string[],
  kind: 'creator' | 'lab' = 'creator',
): Promise<{ token: string; orgId: string; orgName: string; key: string }> {
  const email = `${label}-${Date.now()}@example.com`;
  await callApi(apiUrl, '/v1/auth/sign-up', {
    body: { name: `${label} Person`, email, password: 'correct horse battery staple' },
    status: 202,
  });
  const link = new URL(await mailedLink(dataDir, email, 'verify-email'));
  const verified = await callApi<{ session: { token: string } }>(apiUrl, '/v1/auth/verify-email', {
    body: { token: link.searchParams.get('token') },
  });
  const token = verified.session.token;
  const orgName = `${label} ${kind === 'lab' ? 'Lab' : 'Studio'}`;
  const org = await callApi<{ id: string }>(apiUrl, '/v1/orgs', {
    token,
    body: { name: orgName, kind },
    status: 201,
  });
  const created = await callApi<{ secret: string }>(apiUrl, `/v1/orgs/${org.id}/api-keys`, {
    token,
    body: { name: 'CLI', scopes },
    status: 201,
  });
  return { token, orgId: org.id, orgName, key: created.secret };
}

/** Every item of a keyset-paged list. */
export async function listAll<T = any>(apiUrl: string, route: string, token: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = route.includes('?') ? '&' : '?';
    const page: { items: T[]; nextCursor: string | null } = await callApi(
      apiUrl,
      `${route}${cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : ''}`,
      { token },
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/**
 * An operator, the one way there is to make one: the API's `operator:create` command on the
 * embedded database in `dataDir`, run while the API is stopped (PGlite has one process at a
 * time). Sign in with the email and password through HTTP once the API runs.
 */
export async function createOperator(
  dataDir: string,
  email: string,
  password: string,
): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    [
      path.join(ROOT, 'apps/api/dist/cli/operator-create.js'),
      '--email',
      email,
      '--password',
      password,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, SEED_DEMO: 'false', LOG_LEVEL: 'warn' },
      timeout: 120_000,
    },
  );
}

/** A session token for an email and password (`POST /v1/auth/sign-in`). */
export async function signIn(apiUrl: string, email: string, password: string): Promise<string> {
  const signedIn = await callApi<{ session: { token: string } }>(apiUrl, '/v1/auth/sign-in', {
    body: { email, password },
  });
  return signedIn.session.token;
}
