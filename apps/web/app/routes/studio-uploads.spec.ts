import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  LAB,
  STUDIO,
  argsFor,
  problem,
  startStubApi,
  viewerOf,
  type StubApi,
} from './stub-api.test-helper';
import { studioClip } from './supply-fixtures.test-helper';

// Uppy's signing calls go through these routes (decision 012): each must relay exactly one
// API call with the session's token, refuse bad input itself, and never reach the API for an
// organization the person is not a creator member of.

let api: StubApi;
let route: typeof import('./studio-uploads');

beforeAll(async () => {
  api = await startStubApi();
  route = await import('./studio-uploads');
});
afterAll(() => api.close());
beforeEach(() => api.reset());

const UPLOAD_ID = '3b7e1a52-95c4-4d6e-8f10-2a3b4c5d6e7f';
const base = `http://web.test/studio/${STUDIO.id}/uploads`;
const viewer = viewerOf([STUDIO, LAB]);
type ActionArgs = Parameters<typeof route.action>[0];
type LoaderArgs = Parameters<typeof route.loader>[0];

function post(url: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function upload() {
  const clip = studioClip({ state: 'uploading', durationMs: null, width: null, height: null });
  return {
    upload: {
      id: UPLOAD_ID,
      clipId: clip.id,
      fileName: 'harbour.mp4',
      sizeBytes: 20_000_000,
      partSizeBytes: 8_388_608,
      partCount: 3,
      state: 'uploading',
      createdAt: '2026-11-30T09:00:00.000Z',
      expiresAt: '2026-12-01T09:00:00.000Z',
    },
    clip: {
      id: clip.id,
      orgId: clip.orgId,
      state: clip.state,
      fileName: clip.fileName,
      title: clip.title,
      sizeBytes: clip.sizeBytes,
      durationMs: null,
      width: null,
      height: null,
      fps: null,
      codec: null,
      processingStep: null,
      rejection: null,
      createdAt: clip.createdAt,
      updatedAt: clip.updatedAt,
    },
  };
}

describe('studio upload routes', () => {
  it('creates an upload with the idempotency key and the session token', async () => {
    api.on(`POST /v1/orgs/${STUDIO.id}/uploads`, { status: 201, body: upload() });
    const body = { fileName: 'harbour.mp4', sizeBytes: 20_000_000, contentType: 'video/mp4' };
    const response = await route.action(
      await argsFor<ActionArgs>(post(base, body, { 'Idempotency-Key': 'file-1-key' }), viewer, {
        orgId: STUDIO.id,
      }),
    );
    expect(response.status).toBe(201);
    expect(((await response.json()) as { upload: { id: string } }).upload.id).toBe(UPLOAD_ID);
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0]).toMatchObject({
      method: 'POST',
      path: `/v1/orgs/${STUDIO.id}/uploads`,
      token: 'session-token',
      body,
    });
    expect(api.calls[0]!.headers['idempotency-key']).toBe('file-1-key');
  });

  it('refuses a body the contract refuses, before asking the API', async () => {
    const response = await route.action(
      await argsFor<ActionArgs>(
        post(base, { fileName: '../etc/passwd.mp4', sizeBytes: -1, contentType: 'video/mp4' }),
        viewer,
        { orgId: STUDIO.id },
      ),
    );
    expect(response.status).toBe(422);
    expect(response.headers.get('Content-Type')).toBe('application/problem+json');
    const answer = (await response.json()) as { code: string; errors: Array<{ path: string }> };
    expect(answer.code).toBe('validation_failed');
    expect(new Set(answer.errors.map((error) => error.path))).toEqual(
      new Set(['fileName', 'sizeBytes']),
    );
    expect(api.calls).toEqual([]);
  });

  it('answers 404 for a lab or a stranger organization and 401 when signed out, without calling the API', async () => {
    const body = { fileName: 'a.mp4', sizeBytes: 1, contentType: 'video/mp4' };
    const lab = await route.action(
      await argsFor<ActionArgs>(post(`http://web.test/studio/${LAB.id}/uploads`, body), viewer, {
        orgId: LAB.id,
      }),
    );
    const stranger = await route.action(
      await argsFor<ActionArgs>(post(base, body), viewerOf([LAB]), { orgId: STUDIO.id }),
    );
    const signedOut = await route.action(
      await argsFor<ActionArgs>(post(base, body), null, { orgId: STUDIO.id }),
    );
    expect([lab.status, stranger.status, signedOut.status]).toEqual([404, 404, 401]);
    expect(api.calls).toEqual([]);
  });

  it('relays the API refusal with its status and the sentence people read', async () => {
    api.on(`POST /v1/orgs/${STUDIO.id}/uploads`, problem(422, 'unsupported_container'));
    const response = await route.action(
      await argsFor<ActionArgs>(
        post(base, { fileName: 'notes.mp4', sizeBytes: 10, contentType: 'video/mp4' }),
        viewer,
        { orgId: STUDIO.id },
      ),
    );
    expect(response.status).toBe(422);
    const answer = (await response.json()) as { code: string; detail: string };
    expect(answer.code).toBe('unsupported_container');
    expect(answer.detail).toMatch(/mp4|MP4|container/);
  });

  it('signs parts, lists stored parts, completes and aborts, one API call each', async () => {
    const parts = {
      parts: [
        {
          partNumber: 2,
          url: 'http://storage.test/part-2',
          headers: {},
          expiresAt: '2026-11-30T09:15:00.000Z',
        },
      ],
    };
    api.on(`POST /v1/orgs/${STUDIO.id}/uploads/${UPLOAD_ID}/parts`, { status: 200, body: parts });
    api.on(`GET /v1/orgs/${STUDIO.id}/uploads/${UPLOAD_ID}/parts`, {
      status: 200,
      body: { parts: [{ partNumber: 1, sizeBytes: 8_388_608, etag: '"e1"' }] },
    });
    api.on(`POST /v1/orgs/${STUDIO.id}/uploads/${UPLOAD_ID}/complete`, {
      status: 200,
      body: upload(),
    });
    api.on(`DELETE /v1/orgs/${STUDIO.id}/uploads/${UPLOAD_ID}`, { status: 204 });
    const params = { orgId: STUDIO.id, uploadId: UPLOAD_ID };

    const signed = await route.action(
      await argsFor<ActionArgs>(post(`${base}/${UPLOAD_ID}/parts`, { partNumbers: [2] }), viewer, {
        ...params,
        step: 'parts',
      }),
    );
    expect(await signed.json()).toEqual(parts);
    const listed = await route.loader(
      await argsFor<LoaderArgs>(new Request(`${base}/${UPLOAD_ID}/parts`), viewer, {
        ...params,
        step: 'parts',
      }),
    );
    expect(((await listed.json()) as { parts: unknown[] }).parts).toHaveLength(1);
    const completed = await route.action(
      await argsFor<ActionArgs>(
        post(`${base}/${UPLOAD_ID}/complete`, { parts: [{ partNumber: 1, etag: '"e1"' }] }),
        viewer,
        { ...params, step: 'complete' },
      ),
    );
    expect(completed.status).toBe(200);
    const aborted = await route.action(
      await argsFor<ActionArgs>(
        new Request(`${base}/${UPLOAD_ID}`, { method: 'DELETE' }),
        viewer,
        params,
      ),
    );
    expect(aborted.status).toBe(204);

    expect(api.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      `POST /v1/orgs/${STUDIO.id}/uploads/${UPLOAD_ID}/parts`,
      `GET /v1/orgs/${STUDIO.id}/uploads/${UPLOAD_ID}/parts`,
      `POST /v1/orgs/${STUDIO.id}/uploads/${UPLOAD_ID}/complete`,
      `DELETE /v1/orgs/${STUDIO.id}/uploads/${UPLOAD_ID}`,
    ]);
    expect(api.calls[0]!.body).toEqual({ partNumbers: [2] });
    expect(api.calls[2]!.body).toEqual({ parts: [{ partNumber: 1, etag: '"e1"' }] });
  });

  it('refuses a part list over the contract limit without calling the API', async () => {
    const partNumbers = Array.from({ length: 101 }, (_, index) => index + 1);
    const response = await route.action(
      await argsFor<ActionArgs>(post(`${base}/${UPLOAD_ID}/parts`, { partNumbers }), viewer, {
        orgId: STUDIO.id,
        uploadId: UPLOAD_ID,
        step: 'parts',
      }),
    );
    expect(response.status).toBe(422);
    expect(api.calls).toEqual([]);
  });
});
