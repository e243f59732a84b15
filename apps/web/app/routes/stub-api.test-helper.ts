import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RouterContextProvider } from 'react-router';
// Types only: importing viewer.server here would load the env (API_URL) before a spec has
// started its stub API. The context is loaded in `contextFor`, after that.
import type { Viewer } from '../lib/viewer.server';

// A stand-in Clearframe API over real HTTP for route specs: the routes' loaders and actions run
// for real (their API clients, schema checks and problem handling included) against answers a
// test sets per "METHOD path". Every call is recorded with its body and headers.

export interface StubCall {
  method: string;
  path: string;
  token: string | null;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body, or the raw bytes for other content types. */
  body: unknown;
}

export type StubAnswer = { status: number; body?: unknown; type?: string };

export interface StubApi {
  url: string;
  calls: StubCall[];
  /** Answers `METHOD /path?query` (query included when given) with `answer` until replaced. */
  on(route: string, answer: StubAnswer | ((call: StubCall) => StubAnswer)): void;
  reset(): void;
  close(): Promise<void>;
}

/** Starts the stand-in and points the web's API_URL at it (call before importing a route). */
export async function startStubApi(): Promise<StubApi> {
  const answers = new Map<string, StubAnswer | ((call: StubCall) => StubAnswer)>();
  const calls: StubCall[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const isJson = (req.headers['content-type'] ?? '').includes('json');
      const call: StubCall = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        token: req.headers.authorization?.replace(/^Bearer /, '') ?? null,
        headers: req.headers,
        body: raw.length === 0 ? undefined : isJson ? JSON.parse(raw.toString('utf8')) : raw,
      };
      calls.push(call);
      const exact = answers.get(`${call.method} ${call.path}`);
      const withoutQuery = answers.get(`${call.method} ${call.path.split('?')[0]}`);
      const found = exact ?? withoutQuery;
      const answer: StubAnswer = found
        ? typeof found === 'function'
          ? found(call)
          : found
        : {
            status: 404,
            type: 'application/problem+json',
            body: { type: 'x', title: 'No such route', status: 404, code: 'route_not_found' },
          };
      if (answer.body === undefined) {
        res.writeHead(answer.status);
        res.end();
        return;
      }
      res.writeHead(answer.status, {
        'Content-Type':
          answer.type ?? (answer.status >= 400 ? 'application/problem+json' : 'application/json'),
      });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.API_URL = url;
  return {
    url,
    calls,
    on: (route, answer) => answers.set(route, answer),
    reset: () => {
      answers.clear();
      calls.length = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A problem+json answer as the API renders it. */
export function problem(
  status: number,
  code: string,
  errors?: Array<{ path: string; message: string; code?: string }>,
): StubAnswer {
  return {
    status,
    body: {
      type: `https://clearframe.dev/problems/${code}`,
      title: code,
      status,
      code,
      ...(errors ? { errors: errors.map((error) => ({ code: 'invalid_value', ...error })) } : {}),
    },
  };
}

export const USER = {
  id: '6f1c3c1e-2a5b-4c3d-9e8f-0a1b2c3d4e5f',
  email: 'maya@example.com',
  name: 'Maya Okafor',
  emailVerified: true,
  isOperator: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};

export const STUDIO = {
  id: '7b0f4f9e-5d3c-4a7e-9c1b-2f6e8d9a0b1c',
  name: 'Northlight Studio',
  slug: 'northlight-studio',
  kind: 'creator' as const,
  role: 'owner' as const,
  createdAt: '2026-01-01T00:00:00.000Z',
};

export const LAB = {
  id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  name: 'Perceptron Labs',
  slug: 'perceptron-labs',
  kind: 'lab' as const,
  role: 'owner' as const,
  createdAt: '2026-01-01T00:00:00.000Z',
};

export const OPS = {
  id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  name: 'Clearframe Operations',
  slug: 'clearframe-operations',
  kind: 'operator' as const,
  role: 'owner' as const,
  createdAt: '2026-01-01T00:00:00.000Z',
};

export function viewerOf(
  organizations: Viewer['me']['organizations'],
  options: { isOperator?: boolean } = {},
): Viewer {
  return {
    token: 'session-token',
    me: {
      user: { ...USER, isOperator: options.isOperator ?? false },
      organizations,
      session: null,
    },
  };
}

/** The router context a request carries once the session middleware has run. */
export async function contextFor(viewer: Viewer | null): Promise<RouterContextProvider> {
  const { viewerContext } = await import('../lib/viewer.server');
  const context = new RouterContextProvider();
  context.set(viewerContext, viewer);
  return context;
}

/** Loader/action arguments for a route function, as the framework passes them. */
export async function argsFor<A>(
  request: Request,
  viewer: Viewer | null,
  params: Record<string, string>,
): Promise<A> {
  return { request, context: await contextFor(viewer), params } as unknown as A;
}

/** A POST of form fields (repeated names allowed), as a browser sends a plain form. */
export function formPost(url: string, fields: Array<[string, string | Blob]>): Request {
  const body = new FormData();
  for (const [name, value] of fields) body.append(name, value);
  return new Request(url, { method: 'POST', body });
}
