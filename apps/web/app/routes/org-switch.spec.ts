import { describe, expect, it } from '@jest/globals';
import { RouterContextProvider } from 'react-router';
import { viewerContext, type Viewer } from '../lib/viewer.server';
import { action } from './org-switch';

const ORG = {
  id: '7b0f4f9e-5d3c-4a7e-9c1b-2f6e8d9a0b1c',
  name: 'Lab',
  slug: 'lab',
  kind: 'lab' as const,
  role: 'owner' as const,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const viewer: Viewer = {
  token: 'session',
  me: {
    user: {
      id: '6f1c3c1e-2a5b-4c3d-9e8f-0a1b2c3d4e5f',
      email: 'ada@example.com',
      name: 'Ada',
      emailVerified: true,
      isOperator: false,
      createdAt: '2026-01-01T00:00:00.000Z',
    },
    organizations: [ORG],
    session: null,
  },
};

async function switchTo(redirectTo: string): Promise<Response> {
  const context = new RouterContextProvider();
  context.set(viewerContext, viewer);
  const request = new Request('http://web.test/orgs/switch', {
    method: 'POST',
    body: new URLSearchParams({ orgId: ORG.id, redirectTo }),
  });
  const args = { request, context, params: {} } as unknown as Parameters<typeof action>[0];
  return action(args);
}

describe('POST /orgs/switch', () => {
  it.each(['/a/..//evil.example', '/%2e%2e//evil.example', '/\\evil', '/\t/evil'])(
    'never answers with a Location that leaves the site (%j)',
    async (redirectTo) => {
      const response = await switchTo(redirectTo);
      expect(response.status).toBe(302);
      const location = response.headers.get('Location')!;
      expect(location).toBe('/');
      expect(new URL(location, 'http://web.test').origin).toBe('http://web.test');
    },
  );

  it('returns to the normalised page and remembers the organization', async () => {
    const response = await switchTo('/a/../account');
    expect(response.headers.get('Location')).toBe('/account');
    expect(response.headers.get('Set-Cookie')).toMatch(/^cf_org=/);
  });
});
