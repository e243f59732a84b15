import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RouterContextProvider } from 'react-router';

// A stand-in API speaking the contract over real HTTP, so the client's headers, status
// handling and schema checks run for real. Tokens name the scenario.
const user = {
  id: '6f1c3c1e-2a5b-4c3d-9e8f-0a1b2c3d4e5f',
  email: 'ada@example.com',
  name: 'Ada',
  emailVerified: true,
  isOperator: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const future = '2099-01-01T00:00:00.000Z';
const past = '2000-01-01T00:00:00.000Z';
const calls: string[] = [];

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
  res.writeHead(status, { 'Content-Type': type });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function handle(req: IncomingMessage, res: ServerResponse) {
  const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
  calls.push(`${req.method} ${req.url} ${token}`);
  if (req.url === '/v1/auth/me') {
    if (token === 'fresh' || token === 'stale' || token === 'raced') {
      return send(res, 200, {
        user,
        organizations: [],
        session: { expiresAt: future, rotateAfter: token === 'fresh' ? future : past },
      });
    }
    if (token === 'broken') return send(res, 502, '<html>Bad gateway</html>', 'text/html');
    // `everywhere` stands for an API that says why it ended the session (it does not yet).
    return send(
      res,
      401,
      {
        type: 'https://clearframe.dev/problems/session-expired',
        title: 'Session expired',
        status: 401,
        code: 'session_expired',
        ...(token === 'everywhere' ? { reason: 'signed_out_everywhere' } : {}),
      },
      'application/problem+json',
    );
  }
  if (req.url === '/v1/auth/session/refresh') {
    if (token === 'stale')
      return send(res, 200, { token: 'rotated', expiresAt: future, rotateAfter: future });
    return send(
      res,
      401,
      { type: 'x', title: 'Unauthenticated', status: 401, code: 'unauthenticated' },
      'application/problem+json',
    );
  }
  return send(
    res,
    404,
    { type: 'x', title: 'Not found', status: 404, code: 'route_not_found' },
    'application/problem+json',
  );
}

let server: Server;
let mod: typeof import('./viewer.server');
let cookies: typeof import('./cookies.server');

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.API_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Imported after API_URL is set: the env is read once, when the server modules load.
  mod = await import('./viewer.server');
  cookies = await import('./cookies.server');
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function requestWith(token: string | null): Promise<Request> {
  const headers = new Headers();
  if (token)
    headers.set(
      'Cookie',
      (await cookies.commitSession(new Request('http://web/'), { token, expiresAt: future })).split(
        ';',
      )[0]!,
    );
  return new Request('http://web/orgs', { headers });
}

async function run(token: string | null, respond: () => Response = () => new Response('page')) {
  const context = new RouterContextProvider();
  const args = { request: await requestWith(token), context, params: {} } as unknown as Parameters<
    typeof mod.sessionMiddleware
  >[0];
  const response = (await mod.sessionMiddleware(args, async () => respond())) as Response;
  return { response, viewer: mod.getViewer(context), context, request: args.request };
}

/** Where `requireViewer` sends this request (a thrown redirect), or null if it lets it through. */
function signInRedirect(result: Awaited<ReturnType<typeof run>>): string | null {
  try {
    mod.requireViewer(result.context, result.request);
    return null;
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    return thrown.headers.get('Location');
  }
}

describe('sessionMiddleware', () => {
  it('leaves anonymous requests anonymous, without calling the API', async () => {
    calls.length = 0;
    const { response, viewer } = await run(null);
    expect(viewer).toBeNull();
    expect(calls).toEqual([]);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(response.headers.get('Referrer-Policy')).toBe('same-origin');
    expect(response.headers.get('X-Frame-Options')).toBe('DENY');
  });

  it('resolves a valid session and forwards the token as a Bearer header', async () => {
    calls.length = 0;
    const { response, viewer } = await run('fresh');
    expect(viewer?.token).toBe('fresh');
    expect(viewer?.me.user.email).toBe('ada@example.com');
    expect(calls).toEqual(['GET /v1/auth/me fresh']);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('rotates a session past rotateAfter and stores the new token in the cookie', async () => {
    calls.length = 0;
    const { response, viewer } = await run('stale');
    expect(calls).toEqual(['GET /v1/auth/me stale', 'POST /v1/auth/session/refresh stale']);
    expect(viewer?.token).toBe('rotated');
    const [setCookie] = response.headers.getSetCookie();
    expect(setCookie).toBeDefined();
    const replay = new Request('http://web/', { headers: { Cookie: setCookie!.split(';')[0]! } });
    expect(await cookies.readSessionToken(replay)).toBe('rotated');
  });

  it('keeps the cookie when another request rotated first (refresh refused)', async () => {
    const { response, viewer } = await run('raced');
    expect(viewer?.token).toBe('raced');
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('forgets a token the API no longer accepts', async () => {
    const { response, viewer } = await run('revoked');
    expect(viewer).toBeNull();
    expect(response.headers.getSetCookie()[0]).toMatch(/^cf_session=; .*Expires=Thu, 01 Jan 1970/);
  });

  it('explains on the sign-in page that a session which worked before has ended', async () => {
    const result = await run('revoked');
    expect(mod.getSessionEnded(result.context)).toBe('session-ended');
    expect(signInRedirect(result)).toBe('/sign-in?redirectTo=%2Forgs&notice=session-ended');
  });

  it('says nothing of the kind to a visitor who never signed in', async () => {
    const result = await run(null);
    expect(mod.getSessionEnded(result.context)).toBeNull();
    expect(signInRedirect(result)).toBe('/sign-in?redirectTo=%2Forgs');
  });

  it('uses the reason the API gives for ending the session, when it gives one', async () => {
    const result = await run('everywhere');
    expect(result.viewer).toBeNull();
    expect(signInRedirect(result)).toBe(
      '/sign-in?redirectTo=%2Forgs&notice=session-ended-everywhere',
    );
  });

  it('sends a loader whose API call was refused mid-request to sign-in with the notice', () => {
    let thrown: unknown;
    try {
      mod.throwProblem(
        { type: 'x', title: 'Session expired', status: 401, code: 'session_expired' },
        new Request('http://web/orgs/o1/settings/members?x=1'),
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).headers.get('Location')).toBe(
      '/sign-in?redirectTo=%2Forgs%2Fo1%2Fsettings%2Fmembers%3Fx%3D1&notice=session-ended',
    );
  });

  it('does not overwrite a session cookie the route set itself (e.g. after signing in)', async () => {
    const { response } = await run(
      'revoked',
      () =>
        new Response(null, { status: 302, headers: { 'Set-Cookie': 'cf_session=new; Path=/' } }),
    );
    expect(response.headers.getSetCookie()).toEqual(['cf_session=new; Path=/']);
  });

  it('shows an outage page instead of signing people out when the API fails', async () => {
    await expect(run('broken')).rejects.toMatchObject({ status: 503 });
  });
});
