import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A stand-in API speaking the contract over real HTTP, so the request core's headers, status
// handling and schema checks run for real, through the domain clients routes use.
const calls: string[] = [];

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
  res.writeHead(status, { 'Content-Type': type });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function handle(req: IncomingMessage, res: ServerResponse) {
  const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
  calls.push(`${req.method} ${req.url} ${token}`);
  if (req.url === '/v1/auth/me') return send(res, 502, '<html>Bad gateway</html>', 'text/html');
  if (req.url === '/v1/orgs/o1/members')
    return send(res, 200, { items: [{ userId: 'not-a-uuid' }] });
  if (req.url === '/v1/auth/sign-in') {
    calls.push(
      `client ${req.headers['x-forwarded-for'] ?? '-'} ${req.headers['user-agent'] ?? '-'}`,
    );
    return send(
      res,
      422,
      {
        type: 'https://clearframe.dev/problems/validation-failed',
        title: 'Validation failed',
        status: 422,
        code: 'validation_failed',
        errors: [
          { path: 'email', message: 'Enter a valid email address.', code: 'invalid_format' },
        ],
        requestId: 'req-1',
      },
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
let auth: typeof import('./auth.server');
let orgs: typeof import('./orgs.server');

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.API_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Imported after API_URL is set: the env is read once, when the server modules load.
  auth = await import('./auth.server');
  orgs = await import('./orgs.server');
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('api client', () => {
  it('returns problem+json errors with their field errors', async () => {
    calls.length = 0;
    const browser = new Request('http://web/sign-in', {
      headers: { 'X-Forwarded-For': '203.0.113.7', 'User-Agent': 'Firefox/140' },
    });
    const result = await auth.authApi.signIn({ email: 'x@example.com', password: 'y' }, browser);
    // The API sees the person's address and browser, not the web server's.
    expect(calls).toContain('client 203.0.113.7 Firefox/140');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.status).toBe(422);
    expect(result.problem.code).toBe('validation_failed');
    expect(result.problem.errors?.[0]?.path).toBe('email');
  });

  it('synthesizes a problem with a stable code from a non-JSON error', async () => {
    const result = await auth.authApi.me('broken');
    expect(result).toMatchObject({
      ok: false,
      status: 502,
      problem: { code: 'internal_error', status: 502 },
    });
  });

  it('sends the token as a Bearer header and escapes path segments', async () => {
    calls.length = 0;
    await orgs.orgsApi.removeMember('t0k', 'o1/../x', 'u?1');
    expect(calls).toEqual(['DELETE /v1/orgs/o1%2F..%2Fx/members/u%3F1 t0k']);
  });

  it('refuses a success body that breaks the contract', async () => {
    await expect(orgs.orgsApi.listMembers('fresh', 'o1')).rejects.toThrow(
      /does not match the contract/,
    );
  });

  it('turns an unreachable API into a 503 response', async () => {
    await new Promise((resolve) => server.close(resolve));
    server = createServer(handle); // so afterAll has something to close
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(auth.authApi.me('fresh')).rejects.toMatchObject({ status: 503 });
    expect(logged).toHaveBeenCalledWith('API GET /v1/auth/me failed', expect.anything());
    logged.mockRestore();
  });
});
