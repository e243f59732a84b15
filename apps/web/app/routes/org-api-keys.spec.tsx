import type { ApiKeyType, MeType, MyOrganizationType } from '@clearframe/contracts/accounts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Outlet, RouterContextProvider, type RouteObject } from 'react-router';
import { whoamiCurl } from '../lib/api-examples';
import { renderRoutes, textOf, withRouteProps } from './route-render.test-helper';

// Renders the real API-keys page with its real loader and action (with the root's public env,
// as in the app), against a stand-in API over real HTTP that records what it was asked. Form
// posts are url-encoded, as a browser without JavaScript sends them.

const API = 'https://api.clearframe.example';
const SECRET = 'cf_live_Ab3dEf9h_x-Y_z0123456789abcdefghijklmnop';
const TOKEN = 'cfs_viewer';

const org = (
  n: number,
  kind: MyOrganizationType['kind'],
  role: MyOrganizationType['role'] = 'owner',
): MyOrganizationType => ({
  id: `7b0f4f9e-5d3c-4a7e-9c1b-2f6e8d9a0b1${n}`,
  name: `${kind} ${n}`,
  slug: `${kind}-${n}`,
  kind,
  role,
  createdAt: '2026-01-01T00:00:00.000Z',
});
const STUDIO = org(1, 'creator');
const LAB = org(2, 'lab');
const LAB_AS_MEMBER = org(3, 'lab', 'member');
const OPS = org(4, 'operator');

const key = (n: number, orgId: string, scopes: ApiKeyType['scopes']): ApiKeyType => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  orgId,
  name: `key ${n}`,
  prefix: `cf_live_AAAAAAA${n}`,
  scopes,
  createdBy: 'Ada',
  createdAt: '2026-03-01T09:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
});
const KEYS: Record<string, ApiKeyType[]> = {
  [STUDIO.id]: [key(1, STUDIO.id, ['clips:read', 'uploads:write'])],
  [LAB.id]: [key(2, LAB.id, ['catalog:read', 'orders:write'])],
  [LAB_AS_MEMBER.id]: [key(3, LAB_AS_MEMBER.id, ['models:write'])],
};

const calls: Array<{ method: string; url: string; body: unknown }> = [];

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
  res.writeHead(status, { 'Content-Type': type });
  res.end(JSON.stringify(body));
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  let raw = '';
  for await (const chunk of req) raw += String(chunk);
  const body = raw ? (JSON.parse(raw) as { name: string; scopes: ApiKeyType['scopes'] }) : null;
  calls.push({ method: req.method ?? '', url: req.url ?? '', body });
  const match = /^\/v1\/orgs\/([^/]+)\/api-keys$/.exec(req.url ?? '');
  if (match && req.method === 'GET') return send(res, 200, { items: KEYS[match[1]!] ?? [] });
  if (match && req.method === 'POST' && body) {
    if (body.name === 'refused by the API')
      return send(
        res,
        422,
        {
          type: 'https://clearframe.dev/problems/validation-failed',
          title: 'Validation failed',
          status: 422,
          code: 'validation_failed',
          errors: [{ path: 'scopes', code: 'scope_not_allowed', message: 'Not for this key.' }],
        },
        'application/problem+json',
      );
    return send(res, 201, {
      apiKey: { ...key(9, match[1]!, body.scopes), name: body.name, prefix: SECRET.slice(0, 16) },
      secret: SECRET,
    });
  }
  return send(
    res,
    404,
    { type: 'x', title: 'Not found', status: 404, code: 'route_not_found' },
    'application/problem+json',
  );
}

let server: Server;
let page: typeof import('./org-api-keys');
let viewerContext: (typeof import('../lib/viewer.server'))['viewerContext'];

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.API_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Imported after API_URL is set: the env is read once, when the server modules load.
  page = await import('./org-api-keys');
  ({ viewerContext } = await import('../lib/viewer.server'));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  calls.length = 0;
});

function routes(): RouteObject[] {
  const me: MeType = {
    user: {
      id: '6f1c3c1e-2a5b-4c3d-9e8f-0a1b2c3d4e5f',
      email: 'ada@example.com',
      name: 'Ada',
      emailVerified: true,
      isOperator: false,
      createdAt: '2026-01-01T00:00:00.000Z',
    },
    organizations: [STUDIO, LAB, LAB_AS_MEMBER, OPS],
    session: null,
  };
  const context = new RouterContextProvider();
  context.set(viewerContext, { token: TOKEN, me });
  type Args = Parameters<typeof page.loader>[0];
  return [
    {
      id: 'root',
      path: '/',
      loader: () => ({ viewer: null, currentOrg: null, env: { PUBLIC_API_URL: API } }),
      Component: Outlet,
      children: [
        {
          id: 'keys',
          path: 'orgs/:orgId/keys',
          loader: (args) => page.loader({ ...args, context } as unknown as Args),
          action: (args) => page.action({ ...args, context } as unknown as Args),
          Component: withRouteProps(page.default),
          ErrorBoundary: page.ErrorBoundary,
        },
      ],
    },
  ];
}

const get = (orgId: string) =>
  renderRoutes(routes(), new Request(`http://web.test/orgs/${orgId}/keys`));

function post(orgId: string, entries: Array<[string, string]>) {
  return renderRoutes(
    routes(),
    new Request(`http://web.test/orgs/${orgId}/keys`, {
      method: 'POST',
      body: new URLSearchParams(entries),
    }),
  );
}

/** The scope checkboxes of the page: value and whether it starts ticked. */
function checkboxes(html: string): Array<[string, boolean]> {
  return [...html.matchAll(/<input[^>]*type="checkbox"[^>]*>/g)].map(([input]) => [
    /value="([^"]+)"/.exec(input)![1]!,
    input.includes('checked=""'),
  ]);
}

const posted = () => calls.filter((call) => call.method === 'POST');

describe('API keys page', () => {
  it('shows a complete whoami command with the placeholder, and says what keys can do', async () => {
    const { html } = await get(LAB.id);
    const code = textOf(html, 'code').filter((text) => text.startsWith('curl'));
    expect(code).toEqual([whoamiCurl(API)]);
    expect(code[0]).toContain(`${API}/v1/auth/whoami`);
    expect(code[0]).toContain('$CLEARFRAME_API_KEY');
    expect(code[0]).not.toContain('…');
    expect(html).not.toContain('search, license and download');
  });

  it('exists for creator studios, offering creator scopes with uploads ticked', async () => {
    const { status, html } = await get(STUDIO.id);
    expect(status).toBe(200);
    expect(checkboxes(html)).toEqual([
      ['catalog:read', true],
      ['clips:read', true],
      ['clips:write', false],
      ['uploads:write', true],
    ]);
    expect(html).toContain('Upload new footage');
    expect(html).toContain('<legend');
    expect(html).not.toContain('orders:write');
  });

  it('offers a lab its scopes, with paying and publishing left unticked', async () => {
    const { html } = await get(LAB.id);
    expect(checkboxes(html)).toEqual([
      ['catalog:read', true],
      ['bundles:write', true],
      ['orders:read', true],
      ['orders:write', false],
      ['models:write', false],
    ]);
    expect(html).toContain('Place and pay for orders');
    expect(html).not.toContain('uploads:write');
  });

  it('does not exist for an operator organization', async () => {
    const { status, html } = await get(OPS.id);
    expect(status).toBe(404);
    expect(html).toContain('API keys are available to creator and lab organizations.');
    expect(calls).toEqual([]);
  });

  it("lists each key's scopes in words, also to members who cannot create keys", async () => {
    const studio = textOf((await get(STUDIO.id)).html, 'ul');
    expect(studio).toEqual([
      'clips:readRead your clips and their statusuploads:writeUpload new footage',
    ]);
    const { html } = await get(LAB_AS_MEMBER.id);
    expect(checkboxes(html)).toEqual([]);
    expect(html).toContain('Only owners of');
    expect(textOf(html, 'ul')).toEqual(['models:writeDeclare models and publish disclosures']);
  });

  it('creates a key with the ticked scopes from a plain form post, and shows the secret once', async () => {
    const { status, html } = await post(STUDIO.id, [
      ['intent', 'create'],
      ['name', 'Bulk uploader'],
      ['scopes', 'uploads:write'],
      ['scopes', 'clips:read'],
    ]);
    expect(status).toBe(200);
    expect(posted()).toEqual([
      {
        method: 'POST',
        url: `/v1/orgs/${STUDIO.id}/api-keys`,
        body: { name: 'Bulk uploader', scopes: ['uploads:write', 'clips:read'] },
      },
    ]);
    expect(textOf(html, 'textarea')).toEqual([SECRET]);
    expect(html).toContain('It may: Upload new footage; Read your clips and their status.');
    const code = textOf(html, 'code').filter((text) => text.startsWith('curl'));
    expect(code).toEqual([whoamiCurl(API, SECRET), whoamiCurl(API)]);
    expect(code[0]).toBe(`curl -H 'Authorization: Bearer ${SECRET}' '${API}/v1/auth/whoami'`);
    // The form starts over from the defaults for the next key.
    expect(
      checkboxes(html)
        .filter(([, on]) => on)
        .map(([scope]) => scope),
    ).toEqual(['catalog:read', 'clips:read', 'uploads:write']);
  });

  it('refuses a key with no scope ticked before asking the API, keeping the name and the ticks', async () => {
    const { status, html } = await post(LAB.id, [
      ['intent', 'create'],
      ['name', 'Nothing ticked'],
    ]);
    expect(status).toBe(400);
    expect(posted()).toEqual([]);
    expect(html).toContain('Choose at least one scope.');
    expect(html).toContain('value="Nothing ticked"');
    expect(checkboxes(html).every(([, on]) => !on)).toBe(true);
    expect(textOf(html, 'textarea')).toEqual([]);
  });

  it("refuses scopes the organization's kind may not hold, from a forged form, without asking the API", async () => {
    const { status, html } = await post(STUDIO.id, [
      ['intent', 'create'],
      ['name', 'Sneaky'],
      ['scopes', 'clips:read'],
      ['scopes', 'orders:write'],
    ]);
    expect(status).toBe(400);
    expect(posted()).toEqual([]);
    expect(html).toContain(
      'A creator organization&#x27;s key cannot hold orders:write. Choose from catalog:read, clips:read, clips:write, uploads:write.',
    );
    expect(
      checkboxes(html)
        .filter(([, on]) => on)
        .map(([scope]) => scope),
    ).toEqual(['clips:read']);
  });

  it("shows the API's refusal of the scopes next to them, with the ticks kept", async () => {
    const { status, html } = await post(LAB.id, [
      ['intent', 'create'],
      ['name', 'refused by the API'],
      ['scopes', 'models:write'],
    ]);
    expect(status).toBe(422);
    expect(posted()).toHaveLength(1);
    expect(html).toMatch(/id="api-key-scopes-error"[^>]*>.*Not for this key\./);
    expect(
      checkboxes(html)
        .filter(([, on]) => on)
        .map(([scope]) => scope),
    ).toEqual(['models:write']);
  });
});
