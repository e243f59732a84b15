import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedDemo, DEMO_PASSWORD } from '../src/seed/demo-seed.js';
import { ensureOperator } from '../src/seed/operators.js';
import { createOrg, createUser } from './factories/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('operators and the demo seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('seeds an operator, two studios and two labs once, with working logins', async () => {
    const first = await seedDemo(t.app);
    expect(first.seeded).toBe(true);
    expect(first.logins.map((l) => l.kind).sort()).toEqual([
      'creator',
      'creator',
      'lab',
      'lab',
      'operator',
    ]);
    const again = await seedDemo(t.app);
    expect(again.seeded).toBe(false);
    expect(
      await t.sql('SELECT kind, count(*)::int AS n FROM organizations GROUP BY kind ORDER BY kind'),
    ).toEqual([
      { kind: 'creator', n: 2 },
      { kind: 'lab', n: 2 },
      { kind: 'operator', n: 1 },
    ]);
    // The first studio's public licensed-work page is on, once: a second run records nothing.
    expect(
      await t.sql(
        `SELECT o.name, o.public_work_enabled AS enabled,
                (SELECT count(*)::int FROM audit_log a
                 WHERE a.org_id = o.id AND a.action LIKE 'org.public_work%') AS changes
         FROM organizations o WHERE o.kind = 'creator' ORDER BY o.name`,
      ),
    ).toEqual([
      { name: 'Driftwood Films', enabled: false, changes: 0 },
      { name: 'Northlight Studio', enabled: true, changes: 1 },
    ]);
    const [northlight] = await t.sql<{ id: string }>(
      `SELECT id FROM organizations WHERE name = 'Northlight Studio'`,
    );
    expect((await t.request('GET', `/v1/creators/${northlight!.id}/licensed-work`)).status).toBe(
      200,
    );
    // Turned off by its owner, it stays off however often the seed runs.
    await t.sql(
      `UPDATE organizations SET public_work_enabled = false, public_work_changed_at = now() WHERE id = $1`,
      [northlight!.id],
    );
    expect((await seedDemo(t.app)).seeded).toBe(false);
    expect(
      await t.sql(`SELECT public_work_enabled AS enabled FROM organizations WHERE id = $1`, [
        northlight!.id,
      ]),
    ).toEqual([{ enabled: false }]);
    for (const login of first.logins) {
      const res = await t.request('POST', '/v1/auth/sign-in', {
        body: { email: login.email, password: DEMO_PASSWORD },
      });
      expect(res.status).toBe(200);
      expect(res.body.user.isOperator).toBe(login.kind === 'operator');
    }
  });

  it('lets operators list every organization with keyset pagination; others get 403', async () => {
    const someone = await createUser(t);
    await createOrg(t, someone, 'lab');
    const denied = await t.request('GET', '/v1/operator/organizations', { token: someone.token });
    expect(denied.status).toBe(403);

    await ensureOperator(t.app, {
      email: 'second-op@example.com',
      name: 'Second Op',
      password: 'operator passphrase 1',
    });
    const op = (
      await t.request('POST', '/v1/auth/sign-in', {
        body: { email: 'second-op@example.com', password: 'operator passphrase 1' },
      })
    ).body.session.token;
    const total = Number((await t.sql('SELECT count(*)::int AS n FROM organizations'))[0].n);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } =
        await t.request(
          'GET',
          `/v1/operator/organizations?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          { token: op },
        );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((o) => o.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    const bad = await t.request('GET', '/v1/operator/organizations?cursor=garbage', { token: op });
    expect(bad.status).toBe(422);
    // Well-formed cursors for times PostgreSQL cannot hold (JavaScript dates reach 271821 BC).
    for (const time of ['-009965-04-15T21:46:55.993Z', '+275760-09-13T00:00:00.000Z']) {
      const forged = Buffer.from(
        JSON.stringify([time, '00000000-0000-4000-8000-000000000000']),
      ).toString('base64url');
      const res = await t.request('GET', `/v1/operator/organizations?cursor=${forged}`, {
        token: op,
      });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].path).toBe('cursor');
    }
    const badLimit = await t.request('GET', '/v1/operator/organizations?limit=1000', { token: op });
    expect(badLimit.status).toBe(422);
  });

  it('makes an existing user an operator without touching their password', async () => {
    const user = await createUser(t);
    const result = await ensureOperator(t.app, { email: user.email, name: 'ignored' });
    expect(result).toMatchObject({ created: false, password: null });
    const res = await t.request('POST', '/v1/auth/sign-in', {
      body: { email: user.email, password: user.password },
    });
    expect(res.body.user.isOperator).toBe(true);
  });
});
