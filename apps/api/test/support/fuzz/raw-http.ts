import http from 'node:http';

export interface RawRequest {
  method: string;
  /** Path and query exactly as sent: the fuzzer encodes them itself, nothing normalises them. */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/**
 * Sends one request over node:http rather than fetch: fetch resolves `..`, folds `\` into `/`
 * and cuts at `#`, so the path the app sees would not be the path the fuzzer generated.
 */
export function createRawClient(baseUrl: string) {
  const { hostname, port } = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    send(request: RawRequest): Promise<RawResponse> {
      return new Promise((resolve, reject) => {
        const headers: Record<string, string | number> = { ...request.headers };
        if (request.body) headers['content-length'] = request.body.length;
        const req = http.request(
          { host: hostname, port, method: request.method, path: request.target, headers, agent },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                text: Buffer.concat(chunks).toString('utf8'),
              }),
            );
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(request.body);
      });
    },
    close(): void {
      agent.destroy();
    },
  };
}
