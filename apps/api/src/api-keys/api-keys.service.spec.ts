import { AccountOrganizations } from '../accounts/account-organizations.port.js';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bootModule, type ModuleTest } from '../../test/support/module-test.js';
import type { OrgKindType } from '@clearframe/contracts/accounts';
import type { OrgContext } from '../access/principal.js';
import { OperatorStatus } from '../accounts/operator-status.port.js';
import type { UserEntity } from '../accounts/user.entity.js';
import { FORMER_MEMBER_NAME } from '../accounts/users.service.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { ApiKeysModule } from './api-keys.module.js';
import { ApiKeysService } from './api-keys.service.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('ApiKeysService', () => {
  let t: ModuleTest;
  let keys: ApiKeysService;

  beforeAll(async () => {
    t = await bootModule({
      imports: [ApiKeysModule],
      global: {
        imports: [OrganizationsModule],
        providers: [
          { provide: OperatorStatus, useExisting: OrganizationsService },
          { provide: AccountOrganizations, useExisting: OrganizationsService },
        ],
      },
    });
    keys = t.get(ApiKeysService);
  });
  afterAll(() => t?.close());

  async function lab(kind: OrgKindType = 'lab'): Promise<{ owner: UserEntity; ctx: OrgContext }> {
    const owner = await t.insertUser();
    const org = await t.insertOrg({ kind, ownerId: owner.id });
    return {
      owner,
      ctx: { org: (await t.get(OrganizationsService).findById(org.id))!, role: 'owner' },
    };
  }
  const stored = async (id: string) =>
    (await t.sql('SELECT * FROM api_keys WHERE id = $1', [id]))[0] as Record<string, unknown>;

  it('makes a key cf_live_<8-char id>_<secret>, keeps the id in clear and only the hash of the whole', async () => {
    const { owner, ctx } = await lab();
    const now = t.clock.now();
    const { apiKey, secret } = await keys.create(
      ctx,
      { name: 'Training cluster', scopes: ['orders:write', 'catalog:read'] },
      owner,
    );
    const match = /^(cf_live_[A-Za-z0-9_-]{8})_[A-Za-z0-9_-]{43}$/.exec(secret);
    expect(match).not.toBeNull();
    expect(apiKey).toMatchObject({
      orgId: ctx.org.id,
      name: 'Training cluster',
      prefix: match![1],
      // In the vocabulary's order, not the order asked in.
      scopes: ['catalog:read', 'orders:write'],
      createdBy: owner.name,
      createdAt: now.toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    });
    const row = await stored(apiKey.id);
    expect(row).toMatchObject({
      prefix: match![1],
      scopes: ['catalog:read', 'orders:write'],
      secret_hash: sha256(secret),
      created_by: owner.id,
    });
    expect(JSON.stringify(row)).not.toContain(secret);
    const audit = (await t.auditRows()).filter((r) => r.org_id === ctx.org.id);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'api_key.created',
        actor_user_id: owner.id,
        target_type: 'api_key',
        target_id: apiKey.id,
        data: {
          name: 'Training cluster',
          prefix: match![1],
          scopes: ['catalog:read', 'orders:write'],
        },
      }),
    ]);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it("gives a creator studio's key creator scopes, and refuses scopes its kind may not hold", async () => {
    const studio = await lab('creator');
    const { apiKey } = await keys.create(
      studio.ctx,
      { name: 'Uploader', scopes: ['uploads:write', 'clips:read'] },
      studio.owner,
    );
    expect(apiKey.scopes).toEqual(['clips:read', 'uploads:write']);
    expect((await stored(apiKey.id)).scopes).toEqual(['clips:read', 'uploads:write']);

    const before = await t.sql('SELECT id FROM api_keys ORDER BY id');
    const auditBefore = (await t.auditRows()).length;
    for (const [who, scopes, refused] of [
      [studio, ['uploads:write', 'orders:write'], 'orders:write'],
      [await lab(), ['catalog:read', 'clips:write', 'uploads:write'], 'clips:write, uploads:write'],
      [await lab('operator'), ['catalog:read'], null],
    ] as const) {
      const attempt = keys.create(who.ctx, { name: 'k', scopes: [...scopes] }, who.owner);
      await expect(attempt).rejects.toMatchObject({
        code: 'validation_failed',
        extras: {
          errors: [
            {
              path: 'scopes',
              code: 'scope_not_allowed',
              message: refused
                ? expect.stringContaining(`key cannot hold ${refused}.`)
                : 'An operator organization cannot have API keys.',
            },
          ],
        },
      });
    }
    expect(await t.sql('SELECT id FROM api_keys ORDER BY id')).toEqual(before);
    expect(await t.auditRows()).toHaveLength(auditBefore);
  });

  it("lists one organization's keys, newest first, with their creators' names", async () => {
    const one = await lab();
    const two = await lab();
    const a = await keys.create(one.ctx, { name: 'a', scopes: ['catalog:read'] }, one.owner);
    t.clock.advance(1_000);
    const b = await keys.create(one.ctx, { name: 'b', scopes: ['catalog:read'] }, one.owner);
    await keys.create(two.ctx, { name: 'c', scopes: ['catalog:read'] }, two.owner);
    expect((await keys.list(one.ctx)).map((k) => [k.id, k.createdBy])).toEqual([
      [b.apiKey.id, one.owner.name],
      [a.apiKey.id, one.owner.name],
    ]);
  });

  it('names a creator whose account is gone as a former member', async () => {
    const { ctx } = await lab();
    const maker = await t.insertUser();
    await t.insertMember(ctx.org.id, maker.id, 'member');
    const made = await keys.create(ctx, { name: 'orphan', scopes: ['catalog:read'] }, maker);
    await t.sql('DELETE FROM users WHERE id = $1', [maker.id]);
    expect((await keys.list(ctx)).map((k) => [k.id, k.createdBy])).toEqual([
      [made.apiKey.id, FORMER_MEMBER_NAME],
    ]);
  });

  describe('authenticate', () => {
    it('resolves a key to its row and organization', async () => {
      const { owner, ctx } = await lab();
      const { apiKey, secret } = await keys.create(
        ctx,
        { name: 'k', scopes: ['catalog:read'] },
        owner,
      );
      const resolved = await keys.authenticate(secret);
      expect(resolved.apiKey.id).toBe(apiKey.id);
      expect(resolved.org).toMatchObject({ id: ctx.org.id, kind: 'lab' });
    });

    it('refuses a wrong secret behind a real id, a malformed key and an unknown id alike', async () => {
      const { owner, ctx } = await lab();
      const { secret } = await keys.create(ctx, { name: 'k', scopes: ['catalog:read'] }, owner);
      const [, id, rest] = /^(cf_live_.{8})_(.*)$/.exec(secret)!;
      const flipped = `${id}_${rest!.slice(0, -1)}${rest!.endsWith('A') ? 'B' : 'A'}`;
      for (const presented of [
        flipped,
        `${id}_short`,
        `${secret} `,
        `x${secret}`,
        `cf_live_AAAAAAAA_${rest}`,
        secret.replace('cf_live_', 'cf_test_'),
      ]) {
        await expect(keys.authenticate(presented)).rejects.toMatchObject({
          code: 'unauthenticated',
        });
      }
    });

    it('refuses a revoked key; revoking is audited once and reaches only the own organization', async () => {
      const one = await lab();
      const two = await lab();
      const mine = await keys.create(
        one.ctx,
        { name: 'mine', scopes: ['catalog:read'] },
        one.owner,
      );
      const theirs = await keys.create(
        two.ctx,
        { name: 'theirs', scopes: ['catalog:read'] },
        two.owner,
      );

      await expect(keys.revoke(one.ctx, theirs.apiKey.id, one.owner.id)).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(keys.authenticate(theirs.secret)).resolves.toBeDefined();
      expect((await stored(theirs.apiKey.id)).revoked_at).toBeNull();

      const at = t.clock.now();
      await keys.revoke(one.ctx, mine.apiKey.id, one.owner.id);
      t.clock.advance(1_000);
      await keys.revoke(one.ctx, mine.apiKey.id, one.owner.id);
      expect((await stored(mine.apiKey.id)).revoked_at).toEqual(at);
      await expect(keys.authenticate(mine.secret)).rejects.toMatchObject({
        code: 'api_key_revoked',
      });
      expect(
        (await t.auditRows())
          .filter((r) => r.action === 'api_key.revoked')
          .map((r) => [r.org_id, r.actor_user_id, r.target_type, r.target_id]),
      ).toEqual([[one.ctx.org.id, one.owner.id, 'api_key', mine.apiKey.id]]);
      expect((await keys.list(one.ctx))[0]!.revokedAt).toBe(at.toISOString());
    });

    it('records the last use at most once a minute, on the key used only', async () => {
      const { owner, ctx } = await lab();
      const idle = await keys.create(ctx, { name: 'idle', scopes: ['catalog:read'] }, owner);
      const { apiKey, secret } = await keys.create(
        ctx,
        { name: 'k', scopes: ['catalog:read'] },
        owner,
      );
      const first = t.clock.now();
      expect((await keys.authenticate(secret)).apiKey.lastUsedAt).toEqual(first);
      expect((await stored(apiKey.id)).last_used_at).toEqual(first);
      t.clock.advance(60_000);
      expect((await keys.authenticate(secret)).apiKey.lastUsedAt).toEqual(first);
      expect((await stored(apiKey.id)).last_used_at).toEqual(first);
      t.clock.advance(1);
      const later = t.clock.now();
      expect((await keys.authenticate(secret)).apiKey.lastUsedAt).toEqual(later);
      expect((await stored(apiKey.id)).last_used_at).toEqual(later);
      expect((await keys.list(ctx)).find((k) => k.id === apiKey.id)!.lastUsedAt).toBe(
        later.toISOString(),
      );
      expect((await stored(idle.apiKey.id)).last_used_at).toBeNull();
    });
  });
});
