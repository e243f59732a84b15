import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import S3rver from 's3rver';

export interface EmbeddedS3 {
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  stop(): Promise<void>;
}

/** s3rver speaks the S3 protocol on loopback; buckets and CORS are set up through the SDK later. */
export async function startEmbeddedS3(options: { dir: string; port: number }): Promise<EmbeddedS3> {
  await fs.mkdir(options.dir, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    directory: options.dir,
    silent: true,
  });
  supportAbortMultipartUpload(server);
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    // s3rver accepts exactly these credentials (its documented defaults).
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    async stop() {
      await server.close();
    },
  };
}

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  type: string;
  body: unknown;
}
type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

/**
 * s3rver 3.7 has no AbortMultipartUpload (it answers MethodNotAllowed), which the uploads domain
 * needs for abandoned uploads. This answers `DELETE /<bucket>/<key>?uploadId=…` the way S3 does:
 * it discards the upload's parts (204), or says NoSuchUpload (404). It sits just before s3rver's
 * router, so unlike s3rver's own routes it does not check the request signature: the embedded
 * store listens on loopback for local development only.
 */
function supportAbortMultipartUpload(server: S3rver): void {
  const internals = server as unknown as {
    middleware: KoaMiddleware[];
    store: { getResourcePath(bucket: string, key: undefined, resource: string): string };
  };
  const abort: KoaMiddleware = async (ctx, next) => {
    const uploadId = ctx.query.uploadId;
    const [, bucket, ...key] = ctx.path.split('/');
    if (ctx.method !== 'DELETE' || typeof uploadId !== 'string' || !bucket || key.length === 0) {
      return next();
    }
    const dir = path.join(internals.store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
    const exists = /^[0-9a-f]{32}$/.test(uploadId) && (await fs.stat(dir).catch(() => null));
    if (!exists) {
      ctx.status = 404;
      ctx.type = 'application/xml';
      ctx.body =
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>';
      return;
    }
    await fs.rm(dir, { recursive: true, force: true });
    ctx.status = 204;
  };
  // The last middleware is s3rver's router.
  internals.middleware.splice(internals.middleware.length - 1, 0, abort);
}
