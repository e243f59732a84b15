import { createServer, type IncomingMessage, type Server } from 'node:http';
import {
  CertificateStatus,
  ManifestEntry,
  Order,
  type CertificateStatusType,
  type ManifestEntryType,
  type OrderType,
} from '@clearframe/contracts/demand';

/** A manifest line as the fake serves it, before it signs a download URL into it. */
export type UnsignedEntry = Omit<ManifestEntryType, 'downloadUrl' | 'downloadUrlExpiresAt'>;

export interface FakeOrderState {
  orgId: string;
  orgName: string;
  key: string;
  /** null: the order is unknown (404 problem). */
  order: OrderType | null;
  /** Manifest lines in the order they are sent. */
  entries: UnsignedEntry[];
  /** The path each clip is stored under (`/files/<clipId>.mp4`, or without an extension). */
  filePath: (clipId: string) => string;
  /** The bytes storage serves for a clip. */
  files: Map<string, Buffer>;
  certificates: Map<string, CertificateStatusType>;
  jwks: { keys: unknown[] };
  /** Storage answers these clips' Range requests with the whole file (200), as some servers do. */
  ignoreRange?: (clipId: string) => boolean;
  /**
   * Storage misbehaves on a clip's nth GET (from 1): a 503, the connection dropped after half the
   * bytes, or half the bytes and then nothing (a hang).
   */
  fault?: (clipId: string, nth: number) => 503 | 'drop-midway' | 'hang-midway' | null;
  /** Storage answers 403 "Request has expired" to these URLs (manifest generation, clip). */
  expired: (generation: number, clipId: string) => boolean;
}

export interface SeenRequest {
  method: string;
  path: string;
  range: string | undefined;
  authorization: string | undefined;
}

export interface FakeOrderApi {
  apiUrl: string;
  state: FakeOrderState;
  requests: SeenRequest[];
  /** Manifests served so far. */
  manifests(): number;
  close(): Promise<void>;
}

function problem(status: number, code: string, title: string, detail: string) {
  return JSON.stringify({ type: 'about:blank', status, code, title, detail });
}

/**
 * A stand-in for the Clearframe API's order routes and for presigned storage, on one local port:
 * whoami, the order, its manifest (NDJSON, a fresh signed URL per request, checked against the
 * contracts' schema), certificates, the JWKS, and clip files with `Range: bytes=N-` support.
 */
export async function startFakeOrderApi(state: FakeOrderState): Promise<FakeOrderApi> {
  const requests: SeenRequest[] = [];
  const gets = new Map<string, number>();
  let generation = 0;
  let base = '';
  const server: Server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', base);
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      range: req.headers.range,
      authorization: req.headers.authorization,
    });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const refuse = (status: number, code: string, title: string, detail: string) => {
      res.writeHead(status, { 'Content-Type': 'application/problem+json' });
      res.end(problem(status, code, title, detail));
    };
    const authorized = req.headers.authorization === `Bearer ${state.key}`;

    if (url.pathname.startsWith('/files/')) {
      const clipId = url.searchParams.get('clip') ?? '';
      const bytes = state.files.get(clipId);
      if (!bytes || url.pathname !== state.filePath(clipId)) {
        res.writeHead(404, { 'Content-Type': 'application/xml' });
        return res.end('<Error><Code>NoSuchKey</Code><Message>Not here</Message></Error>');
      }
      if (state.expired(Number(url.searchParams.get('X-Amz-Generation')), clipId)) {
        res.writeHead(403, { 'Content-Type': 'application/xml' });
        return res.end(
          '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
        );
      }
      const nth = (gets.get(clipId) ?? 0) + 1;
      gets.set(clipId, nth);
      const fault = state.fault?.(clipId, nth) ?? null;
      if (fault === 503) {
        res.writeHead(503, { 'Content-Type': 'application/xml' });
        return res.end('<Error><Code>SlowDown</Code><Message>Reduce your rate</Message></Error>');
      }
      if (fault) {
        const half = Math.floor(bytes.length / 2);
        res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': bytes.length });
        res.write(bytes.subarray(0, half));
        if (fault === 'drop-midway') setTimeout(() => res.destroy(), 20);
        return;
      }
      const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      if (range && !state.ignoreRange?.(clipId)) {
        const start = Number(range[1]);
        if (start >= bytes.length) {
          res.writeHead(416, { 'Content-Range': `bytes */${bytes.length}` });
          return res.end();
        }
        res.writeHead(206, {
          'Content-Type': 'video/mp4',
          'Content-Length': bytes.length - start,
          'Content-Range': `bytes ${start}-${bytes.length - 1}/${bytes.length}`,
        });
        return res.end(bytes.subarray(start));
      }
      res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': bytes.length });
      return res.end(bytes);
    }
    if (url.pathname === '/.well-known/jwks.json') return json(200, state.jwks);
    const certificate = /^\/v1\/certificates\/([^/]+)$/.exec(url.pathname);
    if (certificate) {
      const status = state.certificates.get(certificate[1]!);
      return status
        ? json(200, CertificateStatus.parse(status))
        : refuse(404, 'not_found', 'Not Found', 'No such certificate.');
    }
    if (!authorized) return refuse(401, 'unauthenticated', 'Unauthorized', 'Sign in again.');
    if (url.pathname === '/v1/auth/whoami')
      return json(200, {
        type: 'api_key',
        keyId: 'k1',
        keyName: 'Pipeline',
        scopes: ['orders:read'],
        org: { id: state.orgId, name: state.orgName, kind: 'lab' },
      });
    const order = /^\/v1\/orgs\/([^/]+)\/orders\/([^/]+)(\/manifest\.jsonl)?$/.exec(url.pathname);
    if (order && order[1] === state.orgId) {
      if (!state.order || order[2] !== state.order.id)
        return refuse(404, 'not_found', 'Not Found', 'No such order.');
      if (!order[3]) return json(200, Order.parse(state.order));
      if (state.order.status !== 'fulfilled')
        return refuse(409, 'order_not_fulfilled', 'Conflict', 'The order is not fulfilled.');
      generation += 1;
      const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
      for (const entry of state.entries) {
        const signed = new URL(state.filePath(entry.clipId), base);
        signed.search = new URLSearchParams({
          clip: entry.clipId,
          'X-Amz-Generation': String(generation),
          'X-Amz-Signature': 'secret',
        }).toString();
        const line: ManifestEntryType = ManifestEntry.parse({
          ...entry,
          downloadUrl: signed.href,
          downloadUrlExpiresAt: expiresAt,
        });
        res.write(`${JSON.stringify(line)}\n`);
      }
      return res.end();
    }
    return refuse(404, 'not_found', 'Not Found', `No route ${url.pathname}.`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    apiUrl: base,
    state,
    requests,
    manifests: () => generation,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
