import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
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
  // Order matters: the signature check runs before the two operations added below.
  checkPresignedRequests(server, S3RVER_CREDENTIALS);
  supportAbortMultipartUpload(server);
  supportListParts(server);
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    credentials: S3RVER_CREDENTIALS,
    async stop() {
      await server.close();
    },
  };
}

// s3rver accepts exactly these credentials (its documented defaults).
const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

interface KoaContext {
  method: string;
  path: string;
  /** The request line's path and query, as sent (still percent-encoded). */
  originalUrl: string;
  get(header: string): string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  type: string;
  body: unknown;
}
type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

interface S3rverInternals {
  middleware: KoaMiddleware[];
  store: { getResourcePath(bucket: string, key: undefined, resource: string): string };
}

/** Adds a middleware just before s3rver's router (the last middleware). */
function beforeRouter(server: S3rver, middleware: KoaMiddleware): void {
  const internals = server as unknown as S3rverInternals;
  internals.middleware.splice(internals.middleware.length - 1, 0, middleware);
}

/** The directory where s3rver keeps an unfinished upload's parts, or null if there is none. */
async function uploadDir(server: S3rver, bucket: string, uploadId: string): Promise<string | null> {
  if (!/^[0-9a-f]{32}$/.test(uploadId)) return null;
  const internals = server as unknown as S3rverInternals;
  const dir = path.join(internals.store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
  return (await fs.stat(dir).catch(() => null)) ? dir : null;
}

function s3Error(ctx: KoaContext, status: number, code: string, message: string): void {
  ctx.status = status;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

/**
 * s3rver 3.7 does not verify Signature Version 4 (it accepts any signature) and serves requests
 * without credentials. Presigned URLs must mean what they mean on S3: a part URL works for its
 * upload, key and part number only. So requests signed in the query string (what browsers and the
 * CLI send) have their signature checked here, exactly as S3 computes it; requests with no
 * credentials at all are refused, as by a private S3 bucket (CORS preflights excepted: browsers
 * send them without credentials). Requests the SDK signs in the Authorization header come from
 * the API itself and are left to s3rver. Expiry is still checked by s3rver (X-Amz-Expires).
 */
function checkPresignedRequests(
  server: S3rver,
  credentials: { accessKeyId: string; secretAccessKey: string },
): void {
  beforeRouter(server, async (ctx, next) => {
    if (ctx.method === 'OPTIONS' || ctx.get('authorization')) return next();
    const [rawPath = '/', rawQuery = ''] = splitOnce(ctx.originalUrl, '?');
    const params = rawQuery
      .split('&')
      .filter(Boolean)
      .map((pair) => splitOnce(pair, '=').map(decodeQueryComponent) as [string, string]);
    const param = (name: string) => params.find(([key]) => key === name)?.[1];
    if (param('X-Amz-Algorithm') === undefined) {
      return s3Error(ctx, 403, 'AccessDenied', 'Access Denied');
    }
    const [accessKeyId, date, region, service, terminator] = (
      param('X-Amz-Credential') ?? ''
    ).split('/');
    const amzDate = param('X-Amz-Date') ?? '';
    const signedHeaders = param('X-Amz-SignedHeaders') ?? '';
    const provided = param('X-Amz-Signature') ?? '';
    if (
      param('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' ||
      accessKeyId !== credentials.accessKeyId ||
      !date ||
      !region ||
      service !== 's3' ||
      terminator !== 'aws4_request' ||
      !amzDate.startsWith(date)
    ) {
      return s3Error(ctx, 403, 'AccessDenied', 'The presigned request is malformed.');
    }
    const canonicalUri = rawPath
      .split('/')
      .map((segment) => encodeRfc3986(decodeQueryComponent(segment)))
      .join('/');
    const canonicalQuery = params
      .filter(([key]) => key !== 'X-Amz-Signature')
      .map(([key, value]) => [encodeRfc3986(key), encodeRfc3986(value)] as const)
      .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
      .map(([key, value]) => `${key}=${value}`)
      .join('&');
    const headerNames = signedHeaders.split(';').filter(Boolean);
    const canonicalHeaders = headerNames
      .map((name) => `${name}:${ctx.get(name).trim().replace(/\s+/g, ' ')}\n`)
      .join('');
    const canonicalRequest = [
      ctx.method,
      canonicalUri,
      canonicalQuery,
      canonicalHeaders,
      signedHeaders,
      'UNSIGNED-PAYLOAD',
    ].join('\n');
    const scope = `${date}/${region}/s3/aws4_request`;
    const stringToSign = [
      'AWS4-HMAC-SHA256',
      amzDate,
      scope,
      createHash('sha256').update(canonicalRequest).digest('hex'),
    ].join('\n');
    let key = hmac(`AWS4${credentials.secretAccessKey}`, date);
    for (const part of [region, 's3', 'aws4_request']) key = hmac(key, part);
    const expected = Buffer.from(hmac(key, stringToSign).toString('hex'));
    const given = Buffer.from(provided);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return s3Error(
        ctx,
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    }
    return next();
  });
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

function decodeQueryComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Percent-encoding as SigV4 wants it: everything but A–Z a–z 0–9 - _ . ~ */
function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function noSuchUpload(ctx: KoaContext): void {
  ctx.status = 404;
  ctx.type = 'application/xml';
  ctx.body =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>';
}

/**
 * s3rver 3.7 has no AbortMultipartUpload (it answers MethodNotAllowed), which the uploads domain
 * needs for abandoned uploads. This answers `DELETE /<bucket>/<key>?uploadId=…` the way S3 does:
 * it discards the upload's parts (204), or says NoSuchUpload (404). It sits just before s3rver's
 * router, so unlike s3rver's own routes it does not check the request signature: the embedded
 * store listens on loopback for local development only.
 */
function supportAbortMultipartUpload(server: S3rver): void {
  beforeRouter(server, async (ctx, next) => {
    const uploadId = ctx.query.uploadId;
    const [, bucket, ...key] = ctx.path.split('/');
    if (ctx.method !== 'DELETE' || typeof uploadId !== 'string' || !bucket || key.length === 0) {
      return next();
    }
    const dir = await uploadDir(server, bucket, uploadId);
    if (!dir) return noSuchUpload(ctx);
    await fs.rm(dir, { recursive: true, force: true });
    ctx.status = 204;
  });
}

const MAX_PARTS_PER_PAGE = 1_000;

/**
 * s3rver 3.7 has no ListParts either, which resuming an upload needs: the API reads which parts
 * storage already holds. This answers `GET /<bucket>/<key>?uploadId=…` like S3: the parts in
 * part-number order, a page of `max-parts` (at most 1,000) after `part-number-marker`, with each
 * part's size and quoted MD5 ETag (what s3rver answered its UploadPart with). Same caveat as
 * above: no signature check, loopback only.
 */
function supportListParts(server: S3rver): void {
  beforeRouter(server, async (ctx, next) => {
    const uploadId = ctx.query.uploadId;
    const [, bucket, ...keyParts] = ctx.path.split('/');
    if (ctx.method !== 'GET' || typeof uploadId !== 'string' || !bucket || keyParts.length === 0) {
      return next();
    }
    const key = decodeURIComponent(keyParts.join('/'));
    const dir = await uploadDir(server, bucket, uploadId);
    const storedKey = dir
      ? await fs.readFile(path.join(dir, 'key'), 'utf8').catch(() => null)
      : null;
    if (!dir || storedKey !== key) return noSuchUpload(ctx);

    const marker = Number(ctx.query['part-number-marker'] ?? 0) || 0;
    const maxParts = Math.min(
      Math.max(1, Number(ctx.query['max-parts'] ?? MAX_PARTS_PER_PAGE) || MAX_PARTS_PER_PAGE),
      MAX_PARTS_PER_PAGE,
    );
    const numbers = (await fs.readdir(dir))
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .filter((number) => number > marker)
      .sort((a, b) => a - b);
    const page = numbers.slice(0, maxParts);
    const parts = await Promise.all(
      page.map(async (number) => {
        const file = path.join(dir, String(number));
        const [stat, md5] = await Promise.all([
          fs.stat(file),
          fs.readFile(`${file}.md5`, 'utf8').catch(() => null),
        ]);
        return { number, size: stat.size, modified: stat.mtime, md5 };
      }),
    );
    const truncated = numbers.length > page.length;
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
      `<Bucket>${escapeXml(bucket)}</Bucket><Key>${escapeXml(key)}</Key><UploadId>${uploadId}</UploadId>`,
      `<PartNumberMarker>${marker}</PartNumberMarker>`,
      `<NextPartNumberMarker>${page.at(-1) ?? marker}</NextPartNumberMarker>`,
      `<MaxParts>${maxParts}</MaxParts><IsTruncated>${truncated}</IsTruncated>`,
      // A part whose write has not finished has no .md5 yet: S3 would not list it either.
      ...parts
        .filter((part) => part.md5 !== null)
        .map(
          (part) =>
            `<Part><PartNumber>${part.number}</PartNumber><LastModified>${part.modified.toISOString()}</LastModified><ETag>&quot;${part.md5}&quot;</ETag><Size>${part.size}</Size></Part>`,
        ),
      '</ListPartsResult>',
    ].join('');
    ctx.status = 200;
    ctx.type = 'application/xml';
    ctx.body = xml;
  });
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
