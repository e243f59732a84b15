import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RouterContextProvider } from 'react-router';

// Every route module with an action, found from routes.ts, gets a cross-origin POST through
// the root route's real middleware chain. A stand-in API over real HTTP records every call,
// so "refused" also means the API was never asked anything (nothing changed, not even a
// session refresh).

const ORG_ID = '7b0f4f9e-5d3c-4a7e-9c1b-2f6e8d9a0b1c';
const calls: string[] = [];
const me = {
  user: {
    id: '6f1c3c1e-2a5b-4c3d-9e8f-0a1b2c3d4e5f',
    email: 'ada@example.com',
    name: 'Ada',
    emailVerified: true,
    isOperator: false,
    createdAt: '2026-01-01T00:00:00.000Z',
  },
  organizations: [
    {
      id: ORG_ID,
      name: 'Lab',
      slug: 'lab',
      kind: 'lab',
      role: 'owner',
      createdAt: '2026-01-01T00:00:00.000Z',
    },
  ],
  session: { expiresAt: '2099-01-01T00:00:00.000Z', rotateAfter: '2099-01-01T00:00:00.000Z' },
};

let server: Server;
let guard: typeof import('./same-origin.server');
let rootMiddleware: Array<(args: unknown, next: () => Promise<Response>) => unknown>;
let cookie: string;
const actionRoutes: string[] = [];

type RouteEntry = { path?: string; index?: boolean; file: string; children?: RouteEntry[] };

async function collectActionRoutes(entries: RouteEntry[], parent = ''): Promise<void> {
  for (const entry of entries) {
    const path = entry.path ? `${parent}/${entry.path}` : parent || '/';
    const mod = (await import(`../${entry.file}`)) as { action?: unknown };
    if (typeof mod.action === 'function')
      actionRoutes.push(path.replace(':orgId', ORG_ID).replace(':token', 'a-link-token'));
    if (entry.children) await collectActionRoutes(entry.children, path);
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(me));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.API_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Imported after API_URL is set: the env is read once, when the server modules load.
  guard = await import('./same-origin.server');
  const root = (await import('../root')) as unknown as { middleware: typeof rootMiddleware };
  rootMiddleware = root.middleware;
  const cookies = await import('./cookies.server');
  const setCookie = await cookies.commitSession(new Request('http://web.test/'), {
    token: 'valid-session',
    expiresAt: '2099-01-01T00:00:00.000Z',
  });
  cookie = setCookie.split(';')[0]!;
  const routes = (await import('../routes')) as unknown as { default: RouteEntry[] };
  await collectActionRoutes(routes.default);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** Runs the root middleware chain the way React Router does; `reached` tells if the route ran. */
async function throughRoot(request: Request): Promise<{ response: Response; reached: boolean }> {
  let reached = false;
  const args = { request, context: new RouterContextProvider(), params: {} };
  const dispatch = async (index: number): Promise<Response> => {
    if (index === rootMiddleware.length) {
      reached = true;
      return new Response('the action ran');
    }
    return (await rootMiddleware[index]!(args, () => dispatch(index + 1))) as Response;
  };
  try {
    return { response: await dispatch(0), reached };
  } catch (thrown) {
    if (thrown instanceof Response) return { response: thrown, reached };
    throw thrown;
  }
}

const post = (path: string, headers: Record<string, string>) =>
  new Request(`http://web.test${path}`, {
    method: 'POST',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: 'intent=x&orgId=' + ORG_ID + '&redirectTo=%2Fa%2F..%2F%2Fevil.example',
  });

describe('the root middleware refuses cross-origin writes on every action route', () => {
  it('finds the action routes from routes.ts (so a new route is covered without editing this test)', () => {
    expect(actionRoutes).toEqual(
      expect.arrayContaining([
        '/sign-in',
        '/sign-out',
        '/orgs/switch',
        `/orgs/${ORG_ID}/settings/members`,
        `/orgs/${ORG_ID}/settings/api-keys`,
        '/account',
      ]),
    );
  });

  const attacks: Array<[string, Record<string, string>]> = [
    ['a foreign Origin', { Origin: 'http://evil.example' }],
    ['another port of the same host', { Origin: 'http://web.test:8080' }],
    ['Origin: null', { Origin: 'null' }],
    ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'Sec-Fetch-Site': 'same-site' }],
    ['no Origin and a foreign Referer', { Referer: 'http://evil.example/attack.html' }],
    ['no Origin and an unparseable Referer', { Referer: 'not a url' }],
  ];

  it.each(attacks)('answers 403 to %s and asks the API nothing', async (_label, headers) => {
    expect(actionRoutes.length).toBeGreaterThan(0);
    for (const path of actionRoutes) {
      calls.length = 0;
      const { response, reached } = await throughRoot(post(path, headers));
      expect({ path, status: response.status, reached }).toEqual({
        path,
        status: 403,
        reached: false,
      });
      expect(await response.text()).toBe(guard.CROSS_SITE_MESSAGE);
      expect(calls).toEqual([]);
    }
  });

  it.each([
    ['its own Origin', { Origin: 'http://web.test', 'Sec-Fetch-Site': 'same-origin' }],
    ['its own Referer without Origin', { Referer: 'http://web.test/account' }],
    ['no browser signal (a script)', {}],
    ['a person-initiated request', { 'Sec-Fetch-Site': 'none' }],
  ])('lets a write with %s through to the route', async (_label, headers) => {
    for (const path of actionRoutes) {
      calls.length = 0;
      const { response, reached } = await throughRoot(post(path, headers));
      expect({ path, status: response.status, reached }).toEqual({
        path,
        status: 200,
        reached: true,
      });
      expect(calls).toEqual(['GET /v1/auth/me']);
    }
  });
});

describe('crossOriginReason', () => {
  const request = (method: string, headers: Record<string, string>, url = 'http://web.test/x') =>
    new Request(url, { method, headers });

  it('never blocks reads, whatever their origin', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS'])
      expect(
        guard.crossOriginReason(request(method, { Origin: 'http://evil.example' })),
      ).toBeNull();
  });

  it('treats every other method as a write', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
      expect(
        guard.crossOriginReason(request(method, { Origin: 'http://evil.example' })),
      ).not.toBeNull();
  });

  it('accepts the https origin behind a TLS-terminating proxy, and only then', () => {
    const headers = { Origin: 'https://web.test' };
    expect(guard.crossOriginReason(request('POST', headers))).not.toBeNull();
    expect(
      guard.crossOriginReason(request('POST', { ...headers, 'X-Forwarded-Proto': 'https' })),
    ).toBeNull();
  });

  it('lets Sec-Fetch-Site overrule a matching Origin', () => {
    expect(
      guard.crossOriginReason(
        request('POST', { Origin: 'http://web.test', 'Sec-Fetch-Site': 'cross-site' }),
      ),
    ).not.toBeNull();
  });
});
