import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GetBucketCorsCommand } from '@aws-sdk/client-s3';
import { JobsService } from '../src/jobs/jobs.service.js';
import { RouteCatalog } from '../src/openapi/route-catalog.js';
import { S3ObjectStorage } from '../src/storage/s3-object-storage.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('platform', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_ENABLED: 'true' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers liveness and readiness with database and storage checks', async () => {
    expect((await t.request('GET', '/health/live')).body).toEqual({ status: 'ok' });
    const ready = await t.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { database: 'ok', storage: 'ok' } });
  });

  it('reports not ready when storage is gone', async () => {
    const storage = t.app.get(S3ObjectStorage);
    const original = storage.check.bind(storage);
    storage.check = async () => {
      throw new Error('bucket gone');
    };
    try {
      const ready = await t.request('GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.checks).toEqual({ database: 'ok', storage: 'failing' });
    } finally {
      storage.check = original;
    }
  });

  it('ran the checked-in migrations (never synchronize)', async () => {
    const rows = await t.sql<{ name: string }>('SELECT name FROM migrations');
    expect(rows.map((r) => r.name)).toContain('Accounts1764000000000');
  });

  it('created the buckets with CORS for the web origin', async () => {
    const storage = t.app.get(S3ObjectStorage);
    for (const bucket of Object.values(storage.buckets)) {
      const cors = await storage.client.send(new GetBucketCorsCommand({ Bucket: bucket }));
      expect(cors.CORSRules?.[0]?.AllowedOrigins).toEqual(['http://localhost:3999']);
    }
  });

  it('runs a no-op job through pg-boss on the same database', async () => {
    const jobs = t.app.get(JobsService);
    const id = await jobs.send('system.noop', { echo: 'hello' });
    expect(id).toBeTruthy();
    let state: string | undefined;
    for (let i = 0; i < 100 && state !== 'completed'; i++) {
      state = (await jobs.getJob('system.noop', id!))?.state;
      if (state !== 'completed') await new Promise((r) => setTimeout(r, 200));
    }
    expect(state).toBe('completed');
    expect((await jobs.getJob('system.noop', id!))?.output).toEqual({ echo: 'hello' });
  });

  it('echoes a request id and sends security headers', async () => {
    const res = await t.request('GET', '/health/live', {
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(res.headers.get('x-request-id')).toBe('trace-123');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-powered-by')).toBeNull();
    const generated = await t.request('GET', '/health/live', {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('allows CORS only for the web origin', async () => {
    const allowed = await t.request('OPTIONS', '/v1/auth/sign-in', {
      headers: { origin: 'http://localhost:3999', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3999');
    const denied = await t.request('OPTIONS', '/v1/auth/sign-in', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(denied.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });

  it('answers unknown routes with a problem document', async () => {
    const res = await t.request('GET', '/v1/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'route_not_found', status: 404 });
    expect(res.text).not.toMatch(/at \w+ \(/); // no stack trace
  });

  it('declares an audience on every route', () => {
    const routes = t.app.get(RouteCatalog).routes();
    expect(routes.length).toBeGreaterThan(20);
    const undeclared = routes
      .filter((route) => !route.access)
      .map((route) => `${route.method} ${route.path}`);
    expect(undeclared).toEqual([]);
  });

  it('serves an OpenAPI document generated from the contracts', async () => {
    const res = await t.request('GET', '/docs/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const signUp = res.body.paths['/v1/auth/sign-up'].post;
    expect(signUp['x-audience']).toBe('public');
    expect(signUp.requestBody.content['application/json'].schema.properties).toHaveProperty(
      'password',
    );
    expect(signUp.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    expect(res.body.paths['/v1/orgs/{orgId}/api-keys'].post['x-audience']).toBe(
      'org owner (creator/lab organizations), verified email',
    );
    // A route that takes API keys names the scope they need, in words and in `security`.
    const readOrg = res.body.paths['/v1/orgs/{orgId}'].get;
    expect(readOrg['x-audience']).toBe('org member or its API key with scope catalog:read');
    expect(readOrg['x-api-key-scope']).toBe('catalog:read');
    expect(readOrg.security).toEqual([{ bearer: ['catalog:read'] }, { sessionCookie: [] }]);
    const renameOrg = res.body.paths['/v1/orgs/{orgId}'].patch;
    expect(renameOrg['x-api-key-scope']).toBeUndefined();
    expect(renameOrg.security).toEqual([{ bearer: [] }, { sessionCookie: [] }]);
    const page = await t.request('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger-ui');
    const asset = await fetch(`${t.url}/docs/assets/swagger-ui-bundle.js`);
    expect(asset.status).toBe(200);
  });
});
