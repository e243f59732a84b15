import { describe, expect, it } from '@jest/globals';
import { Outlet, type RouteObject } from 'react-router';
import { whoamiCurl } from '../lib/api-examples';
import ApiKeysPage from './org-api-keys';
import { renderRoutes, textOf, withRouteProps } from './route-render.test-helper';

// Renders the real API-keys page (with the root's public env, as in the app) and reads the
// examples back out of the markup: what a person copies must be the complete command.

const API = 'https://api.clearframe.example';
const SECRET = 'cf_live_Ab3dEf9h_x-Y_z0123456789abcdefghijklmnop';
const ORG = {
  id: '7b0f4f9e-5d3c-4a7e-9c1b-2f6e8d9a0b1c',
  name: 'Lab',
  slug: 'lab',
  kind: 'lab' as const,
  role: 'owner' as const,
  createdAt: '2026-01-01T00:00:00.000Z',
};

function routes(): RouteObject[] {
  return [
    {
      id: 'root',
      path: '/',
      loader: () => ({ viewer: null, currentOrg: null, env: { PUBLIC_API_URL: API } }),
      Component: Outlet,
      children: [
        {
          id: 'keys',
          path: 'keys',
          loader: () => ({ org: ORG, keys: [] }),
          action: () => ({
            failure: null,
            created: { name: 'pipeline', prefix: SECRET.slice(0, 16), secret: SECRET },
          }),
          Component: withRouteProps(ApiKeysPage),
        },
      ],
    },
  ];
}

describe('API keys page', () => {
  it('shows a complete whoami command with the placeholder, and says what keys can do', async () => {
    const { html } = await renderRoutes(routes(), new Request('http://web.test/keys'));
    const code = textOf(html, 'code');
    expect(code).toEqual([whoamiCurl(API)]);
    expect(code[0]).toContain(`${API}/v1/auth/whoami`);
    expect(code[0]).toContain('$CLEARFRAME_API_KEY');
    expect(code[0]).not.toContain('…');
    expect(html).not.toContain('search, license and download');
  });

  it('right after creating a key, shows the whole secret and a command that uses it', async () => {
    const { html } = await renderRoutes(
      routes(),
      new Request('http://web.test/keys', {
        method: 'POST',
        body: new URLSearchParams({ intent: 'create', name: 'pipeline' }),
      }),
    );
    const code = textOf(html, 'code');
    expect(code).toEqual([whoamiCurl(API, SECRET), whoamiCurl(API)]);
    expect(code[0]).toBe(`curl -H 'Authorization: Bearer ${SECRET}' '${API}/v1/auth/whoami'`);
    expect(textOf(html, 'textarea')).toEqual([SECRET]);
  });
});
