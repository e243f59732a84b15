import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditLog } from '../src/audit/audit.service.js';
import { UnitOfWork } from '../src/database/unit-of-work.js';
import { RateLimiter } from '../src/rate-limit/rate-limit.service.js';
import { addMember, createApiKey, createOrg, createUser } from './factories/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * A use case is one transaction: its state changes and its audit rows commit together or not at
 * all. The failures here are real database failures (a trigger that refuses the commit), not mocks.
 */
describe('unit of work', () => {
  let t: TestApp;
  let uow: UnitOfWork;
  beforeAll(async () => {
    t = await startTestApp();
    uow = t.app.get(UnitOfWork);
    await t.sql(`CREATE TABLE uow_probe (value text NOT NULL)`);
    await t.sql(`CREATE FUNCTION refuse_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'commit refused by the test'; END $$`);
  });
  afterEach(async () => {
    await t.sql(`DROP TRIGGER IF EXISTS refuse_commit_after_audit ON audit_log`);
  });
  afterAll(async () => {
    await t?.close();
  });

  /**
   * Makes the commit of any transaction that wrote an audit row for `action` fail. The trigger is
   * deferred, so it fires at COMMIT: after the audit insert and after every other statement.
   */
  async function refuseCommitOfAudit(action: string) {
    await t.sql(`CREATE CONSTRAINT TRIGGER refuse_commit_after_audit AFTER INSERT ON audit_log
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.action = '${action}')
      EXECUTE FUNCTION refuse_commit()`);
  }

  const auditRows = (orgId: string, action: string) =>
    t.sql(`SELECT * FROM audit_log WHERE org_id = $1 AND action = $2`, [orgId, action]);

  describe('run', () => {
    it('joins the outer transaction when nested: one transaction id, and one rollback undoes both', async () => {
      const ids = await uow.run(async () => {
        const [outer] = await uow.manager().query(`SELECT txid_current()::text AS id`);
        const inner = await uow.run(async () => {
          expect(uow.inTransaction()).toBe(true);
          return (await uow.manager().query(`SELECT txid_current()::text AS id`))[0];
        });
        return [outer.id, inner.id];
      });
      expect(ids[0]).toBe(ids[1]);

      await expect(
        uow.run(async () => {
          await uow.manager().query(`INSERT INTO uow_probe VALUES ('outer')`);
          await uow.run(() => uow.manager().query(`INSERT INTO uow_probe VALUES ('inner')`));
          throw new Error('the outer use case fails after its nested run returned');
        }),
      ).rejects.toThrow('the outer use case fails');
      expect(await t.sql(`SELECT value FROM uow_probe`)).toEqual([]);
    });

    it('commits when the work resolves, and is not in a transaction outside run', async () => {
      expect(uow.inTransaction()).toBe(false);
      await uow.run(() => uow.manager().query(`INSERT INTO uow_probe VALUES ('kept')`));
      expect(uow.inTransaction()).toBe(false);
      expect(await t.sql(`SELECT value FROM uow_probe`)).toEqual([{ value: 'kept' }]);
    });

    it('refuses an audit row outside a transaction and a rate-limit hit inside one', async () => {
      const audit = t.app.get(AuditLog);
      await expect(audit.record({ actor: {}, action: 'test.outside' })).rejects.toThrow(
        'inside UnitOfWork.run',
      );
      await expect(
        uow.run(() => t.app.get(RateLimiter).hit(['test:inside'], 10, 60)),
      ).rejects.toThrow('never inside one');
      expect(await t.sql(`SELECT 1 FROM audit_log WHERE action = 'test.outside'`)).toHaveLength(0);
      expect(
        await t.sql(`SELECT 1 FROM rate_limit_buckets WHERE key = 'test:inside'`),
      ).toHaveLength(0);
    });
  });

  describe('audit rows commit with the change they record', () => {
    it('rename: the row and its audit entry come from one transaction, with the request id', async () => {
      const owner = await createUser(t);
      const org = await createOrg(t, owner, 'creator', 'Before Studio');
      const res = await t.request('PATCH', `/v1/orgs/${org.id}`, {
        token: owner.token,
        body: { name: 'After Studio' },
        headers: { 'x-request-id': 'rename-request-1' },
      });
      expect(res.status).toBe(200);
      const [audit] = await auditRows(org.id, 'org.renamed');
      expect(audit).toMatchObject({
        actor_user_id: owner.id,
        data: { from: 'Before Studio', to: 'After Studio' },
        request_id: 'rename-request-1',
      });
      // xmin is the id of the transaction that wrote a row version.
      const [orgRow] = await t.sql(`SELECT xmin::text AS tx FROM organizations WHERE id = $1`, [
        org.id,
      ]);
      const [auditTx] = await t.sql(`SELECT xmin::text AS tx FROM audit_log WHERE id = $1`, [
        audit.id,
      ]);
      expect(auditTx.tx).toBe(orgRow.tx);
    });

    it('api-key revoke: the key row and its audit entry come from one transaction', async () => {
      const owner = await createUser(t);
      const lab = await createOrg(t, owner, 'lab');
      const apiKey = await createApiKey(t, lab.id, owner);
      const res = await t.request('DELETE', `/v1/orgs/${lab.id}/api-keys/${apiKey.id}`, {
        token: owner.token,
        headers: { 'x-request-id': 'revoke-request-1' },
      });
      expect(res.status).toBe(204);
      const [audit] = await auditRows(lab.id, 'api_key.revoked');
      expect(audit).toMatchObject({
        actor_user_id: owner.id,
        target_type: 'api_key',
        target_id: apiKey.id,
        request_id: 'revoke-request-1',
      });
      const [keyRow] = await t.sql(
        `SELECT xmin::text AS tx, revoked_at FROM api_keys WHERE id = $1`,
        [apiKey.id],
      );
      expect(keyRow.revoked_at).not.toBeNull();
      const [auditTx] = await t.sql(`SELECT xmin::text AS tx FROM audit_log WHERE id = $1`, [
        audit.id,
      ]);
      expect(auditTx.tx).toBe(keyRow.tx);
    });
  });

  describe('a failure after the audit write leaves neither the change nor the audit row', () => {
    it('rename', async () => {
      const owner = await createUser(t);
      const org = await createOrg(t, owner, 'creator', 'Steady Studio');
      await refuseCommitOfAudit('org.renamed');
      const res = await t.request('PATCH', `/v1/orgs/${org.id}`, {
        token: owner.token,
        body: { name: 'Doomed Studio' },
      });
      expect(res.status).toBe(500);
      const [row] = await t.sql(`SELECT name FROM organizations WHERE id = $1`, [org.id]);
      expect(row.name).toBe('Steady Studio');
      expect(await auditRows(org.id, 'org.renamed')).toHaveLength(0);
    });

    it('api-key revoke', async () => {
      const owner = await createUser(t);
      const lab = await createOrg(t, owner, 'lab');
      const apiKey = await createApiKey(t, lab.id, owner);
      const { secret } = apiKey;
      await refuseCommitOfAudit('api_key.revoked');
      const res = await t.request('DELETE', `/v1/orgs/${lab.id}/api-keys/${apiKey.id}`, {
        token: owner.token,
      });
      expect(res.status).toBe(500);
      const [row] = await t.sql(`SELECT revoked_at FROM api_keys WHERE id = $1`, [apiKey.id]);
      expect(row.revoked_at).toBeNull();
      expect(await auditRows(lab.id, 'api_key.revoked')).toHaveLength(0);
      expect((await t.request('GET', '/v1/auth/whoami', { token: secret })).status).toBe(200);
    });

    it('member role change', async () => {
      const owner = await createUser(t);
      const member = await createUser(t);
      const org = await createOrg(t, owner, 'creator');
      await addMember(t, org.id, member);
      await refuseCommitOfAudit('org.member_role_changed');
      const res = await t.request('PATCH', `/v1/orgs/${org.id}/members/${member.id}`, {
        token: owner.token,
        body: { role: 'owner' },
      });
      expect(res.status).toBe(500);
      const [row] = await t.sql(`SELECT role FROM memberships WHERE org_id = $1 AND user_id = $2`, [
        org.id,
        member.id,
      ]);
      expect(row.role).toBe('member');
      expect(await auditRows(org.id, 'org.member_role_changed')).toHaveLength(0);
    });

    it('invitation: no invitation row, no audit row, and no mail for a link that does not exist', async () => {
      const owner = await createUser(t);
      const org = await createOrg(t, owner, 'lab');
      const mailsBefore = (await t.outbox()).length;
      await refuseCommitOfAudit('org.invitation_created');
      const res = await t.request('POST', `/v1/orgs/${org.id}/invitations`, {
        token: owner.token,
        body: { email: 'never-invited@example.com' },
      });
      expect(res.status).toBe(500);
      expect(await t.sql(`SELECT 1 FROM invitations WHERE org_id = $1`, [org.id])).toHaveLength(0);
      expect(await auditRows(org.id, 'org.invitation_created')).toHaveLength(0);
      expect(await t.outbox()).toHaveLength(mailsBefore);
    });
  });

  it('a rename whose audit row cannot be stored is not committed either (lone surrogate)', async () => {
    const owner = await createUser(t);
    const org = await createOrg(t, owner, 'creator', 'Plain Studio');
    const res = await t.request('PATCH', `/v1/orgs/${org.id}`, {
      token: owner.token,
      rawBody: '{"name":"Broken \\ud800 Studio"}',
      headers: { 'content-type': 'application/json' },
    });
    // Whether the text schema refuses it (422) or the audit insert fails, nothing may change.
    expect(res.status).toBeGreaterThanOrEqual(400);
    const [row] = await t.sql(`SELECT name FROM organizations WHERE id = $1`, [org.id]);
    expect(row.name).toBe('Plain Studio');
    expect(await auditRows(org.id, 'org.renamed')).toHaveLength(0);
  });
});
