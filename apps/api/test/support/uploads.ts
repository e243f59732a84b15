import { createHash } from 'node:crypto';
import { UploadWithClip, type UploadWithClipType } from '@clearframe/contracts/supply';
import type { ApiResponse, TestApp } from './test-app.js';

/** The SHA-256 of `bytes` in lower-case hex, computed here independently of the app. */
export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Starts an upload over HTTP and expects 201. */
export async function startUpload(
  t: TestApp,
  orgId: string,
  token: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<UploadWithClipType> {
  const res = await t.request('POST', `/v1/orgs/${orgId}/uploads`, { token, body, headers });
  if (res.status !== 201) throw new Error(`Upload start: ${res.status} ${res.text}`);
  return UploadWithClip.parse(res.body);
}

/** Signs and PUTs `bytes` as the upload's parts straight to storage (as a browser would). */
export async function putParts(
  t: TestApp,
  orgId: string,
  token: string,
  upload: { id: string; partSizeBytes: number; partCount: number },
  bytes: Buffer,
  partNumbers = Array.from({ length: upload.partCount }, (_, i) => i + 1),
): Promise<{ partNumber: number; etag: string }[]> {
  const signed = await t.request('POST', `/v1/orgs/${orgId}/uploads/${upload.id}/parts`, {
    token,
    body: { partNumbers },
  });
  if (signed.status !== 200) throw new Error(`Sign parts: ${signed.status} ${signed.text}`);
  const parts: { partNumber: number; etag: string }[] = [];
  for (const part of signed.body.parts as {
    partNumber: number;
    url: string;
    headers: Record<string, string>;
  }[]) {
    const start = (part.partNumber - 1) * upload.partSizeBytes;
    const res = await fetch(part.url, {
      method: 'PUT',
      headers: part.headers,
      body: bytes.subarray(start, start + upload.partSizeBytes),
    });
    if (res.status !== 200) throw new Error(`PUT part ${part.partNumber}: ${res.status}`);
    parts.push({ partNumber: part.partNumber, etag: res.headers.get('etag')! });
  }
  return parts;
}

/** Starts an upload of `bytes`, PUTs every part and completes it; returns the complete answer. */
export async function uploadFile(
  t: TestApp,
  orgId: string,
  token: string,
  bytes: Buffer,
  body: Record<string, unknown> = {},
): Promise<{ started: UploadWithClipType; completed: ApiResponse }> {
  const started = await startUpload(t, orgId, token, {
    fileName: 'clip.mp4',
    contentType: 'video/mp4',
    sizeBytes: bytes.length,
    ...body,
  });
  const parts = await putParts(t, orgId, token, started.upload, bytes);
  const completed = await t.request(
    'POST',
    `/v1/orgs/${orgId}/uploads/${started.upload.id}/complete`,
    { token, body: { parts } },
  );
  return { started, completed };
}
