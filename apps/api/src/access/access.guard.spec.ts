import { AccountOrganizations } from '../accounts/account-organizations.port.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { SetMetadata } from '@nestjs/common';
import { API_KEY_SCOPES_BY_KIND, type ApiKeyScopeType } from '@clearframe/contracts/accounts';
import { bootModule, type ModuleTest } from '../../test/support/module-test.js';
import { AccountsModule } from '../accounts/accounts.module.js';
import { OperatorStatus } from '../accounts/operator-status.port.js';
import { SessionsService } from '../accounts/sessions.service.js';
import type { UserEntity } from '../accounts/user.entity.js';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import {
  ACCESS_METADATA,
  Operator,
  OrgMember,
  OrgOwner,
  Public,
  SignedIn,
  SignedInOrApiKey,
} from './access.decorator.js';
import { AccessGuard } from './access.guard.js';
import type { AccessRequest } from './principal.js';

/** Routes as controllers declare them; the guard reads the same metadata. */
class Routes {
  @Public() open() {}
  @SignedIn() signedIn() {}
  @SignedInOrApiKey() either() {}
  @SignedInOrApiKey('orders:read') eitherWithScope() {}
  @Operator() operator() {}
  @OrgMember() member() {}
  @OrgMember({ apiKeyScope: 'catalog:read' }) memberOrKey() {}
  @OrgMember({ kinds: ['lab'], apiKeyScope: 'orders:write' }) labOnly() {}
  @OrgMember({ kinds: ['creator'], apiKeyScope: 'uploads:write' }) creatorOnly() {}
  @OrgOwner() owner() {}
  @OrgOwner({ verifiedEmail: true }) ownerVerified() {}
  // Not declarable with the decorators, so the guard must refuse it on its own.
  @SetMetadata(ACCESS_METADATA, { audience: 'org', role: 'owner', apiKeyScope: 'catalog:read' })
  ownerOrKey() {}
  // A key has no email: the rule is about people.
  @SetMetadata(ACCESS_METADATA, {
    audience: 'org',
    role: 'member',
    apiKeyScope: 'catalog:read',
    verifiedEmail: true,
  })
  memberOrKeyVerified() {}
  undeclared() {}
}
type Route = Exclude<keyof Routes, 'constructor'>;

interface Call {
  /** A request no cookie parser has seen. */
  noCookies?: boolean;
  bearer?: string;
  authorization?: string;
  cookie?: string;
  orgId?: string;
}

describe('AccessGuard', () => {
  let t: ModuleTest;
  let guard: AccessGuard;
  let sessions: SessionsService;
  let owner: UserEntity;
  let member: UserEntity;
  let outsider: UserEntity;
  let unverified: UserEntity;
  let ownerToken: string;
  let memberToken: string;
  let outsiderToken: string;
  let unverifiedToken: string;
  let labId: string;
  let studioId: string;
  let labKey: string;
  /** A lab key holding only catalog:read. */
  let readOnlyLabKey: string;
  let studioKey: string;
  let otherLabId: string;

  beforeAll(async () => {
    t = await bootModule({
      imports: [],
      global: {
        imports: [AccountsModule, OrganizationsModule, ApiKeysModule],
        providers: [
          { provide: OperatorStatus, useExisting: OrganizationsService },
          { provide: AccountOrganizations, useExisting: OrganizationsService },
          AccessGuard,
        ],
      },
    });
    guard = t.get(AccessGuard);
    sessions = t.get(SessionsService);
    owner = await t.insertUser();
    member = await t.insertUser();
    outsider = await t.insertUser();
    unverified = await t.insertUser({ verified: false });
    const tokenFor = async (user: UserEntity) => (await sessions.issue(user.id, {})).token;
    ownerToken = await tokenFor(owner);
    memberToken = await tokenFor(member);
    outsiderToken = await tokenFor(outsider);
    unverifiedToken = await tokenFor(unverified);
    labId = (await t.insertOrg({ kind: 'lab', ownerId: owner.id })).id;
    studioId = (await t.insertOrg({ kind: 'creator', ownerId: owner.id })).id;
    otherLabId = (await t.insertOrg({ kind: 'lab', ownerId: outsider.id })).id;
    for (const orgId of [labId, studioId]) await t.insertMember(orgId, member.id, 'member');
    await t.insertMember(labId, unverified.id, 'owner');
    const orgs = t.get(OrganizationsService);
    const keyOf = async (orgId: string, scopes: ApiKeyScopeType[]) =>
      (
        await t
          .get(ApiKeysService)
          .create(
            { org: (await orgs.findById(orgId))!, role: 'owner' },
            { name: 'k', scopes },
            owner,
          )
      ).secret;
    labKey = await keyOf(labId, [...API_KEY_SCOPES_BY_KIND.lab]);
    readOnlyLabKey = await keyOf(labId, ['catalog:read']);
    studioKey = await keyOf(studioId, [...API_KEY_SCOPES_BY_KIND.creator]);
  });
  afterAll(() => t?.close());

  function request(call: Call): AccessRequest {
    const headers: Record<string, string> = {};
    if (call.bearer) headers.authorization = `Bearer ${call.bearer}`;
    if (call.authorization) headers.authorization = call.authorization;
    return {
      get: (name: string) => headers[name.toLowerCase()],
      cookies: call.noCookies ? undefined : call.cookie ? { cf_session: call.cookie } : {},
      params: call.orgId ? { orgId: call.orgId } : {},
    } as unknown as AccessRequest;
  }

  async function check(route: Route, call: Call = {}) {
    const req = request(call);
    const context = {
      getHandler: () => Routes.prototype[route],
      getClass: () => Routes,
      switchToHttp: () => ({ getRequest: () => req }),
    } as unknown as ExecutionContext;
    const allowed = await guard.canActivate(context);
    return { allowed, req };
  }
  const refused = (route: Route, call: Call, code: string) =>
    expect(check(route, call)).rejects.toMatchObject({ code });

  it('refuses at boot a route whose API key scope no key of its kinds may hold', () => {
    expect(() => OrgMember({ kinds: ['lab'], apiKeyScope: 'uploads:write' })).toThrow(
      "OrgMember: no lab organization's key may hold uploads:write.",
    );
    expect(() => OrgMember({ kinds: ['operator'], apiKeyScope: 'catalog:read' })).toThrow(
      /operator organization's key may hold catalog:read/,
    );
    expect(() =>
      OrgMember({ kinds: ['creator', 'lab'], apiKeyScope: 'orders:read' }),
    ).not.toThrow();
    expect(() => OrgMember({ apiKeyScope: 'models:write' })).not.toThrow();
  });

  it('refuses a route that declares no audience', async () => {
    await refused('undeclared', { bearer: ownerToken }, 'internal_error');
  });

  describe('public routes', () => {
    it('let anyone in, and name the caller when a credential is good', async () => {
      expect((await check('open')).req.principal).toBeUndefined();
      const { allowed, req } = await check('open', { cookie: memberToken });
      expect(allowed).toBe(true);
      expect(req.principal).toMatchObject({ type: 'user', user: { id: member.id } });
    });

    it('treat a stale cookie or an odd header as anonymous instead of failing', async () => {
      for (const call of [
        { cookie: 'cfs_stale' },
        { authorization: 'Basic abc' },
        { bearer: 'cf_live_AAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBB' },
      ]) {
        const { allowed, req } = await check('open', call);
        expect(allowed).toBe(true);
        expect(req.principal).toBeUndefined();
      }
    });
  });

  describe('credentials', () => {
    it('reads a bearer token (any case of "Bearer") or the session cookie; the header wins', async () => {
      const { allowed, req } = await check('signedIn', { bearer: memberToken });
      expect(allowed).toBe(true);
      expect(req.principal).toMatchObject({ user: { id: member.id } });
      expect(
        (await check('signedIn', { authorization: `bearer   ${memberToken}` })).req.principal,
      ).toMatchObject({ user: { id: member.id } });
      expect((await check('signedIn', { cookie: ownerToken })).req.principal).toMatchObject({
        user: { id: owner.id },
      });
      expect(
        (await check('signedIn', { bearer: memberToken, cookie: ownerToken })).req.principal,
      ).toMatchObject({ user: { id: member.id } });
    });

    it('refuses none, a malformed header, an unknown kind of token and a dead session', async () => {
      await refused('signedIn', {}, 'unauthenticated');
      await refused('signedIn', { cookie: '' }, 'unauthenticated');
      await refused('signedIn', { authorization: 'Basic abc' }, 'unauthenticated');
      await refused('signedIn', { authorization: `XBearer ${memberToken}` }, 'unauthenticated');
      await refused('signedIn', { authorization: `Bearer${memberToken}` }, 'unauthenticated');
      await refused(
        'signedIn',
        { authorization: `Bearer ${memberToken} extra` },
        'unauthenticated',
      );
      await refused('signedIn', { noCookies: true }, 'unauthenticated');
      await expect(check('signedIn', { bearer: 'xyz_token' })).rejects.toMatchObject({
        code: 'unauthenticated',
        message: 'The credential is not recognised.',
      });
      await refused('signedIn', { bearer: 'cfs_unknown' }, 'unauthenticated');
      const { token, session } = await sessions.issue(member.id, {});
      await sessions.revoke(session.id, 'sign_out');
      await refused('signedIn', { bearer: token }, 'session_expired');
    });
  });

  it('signed-in routes take people, not API keys; signed-in-or-api-key takes both', async () => {
    await refused('signedIn', { bearer: labKey }, 'forbidden');
    expect((await check('either', { bearer: labKey })).req.principal).toMatchObject({
      type: 'api_key',
      org: { id: labId },
    });
    expect((await check('either', { bearer: outsiderToken })).allowed).toBe(true);
    await refused('either', {}, 'unauthenticated');
    // Without a scope any live key may call; with one, only a key holding it (people always).
    expect((await check('either', { bearer: readOnlyLabKey })).allowed).toBe(true);
    expect((await check('eitherWithScope', { bearer: labKey })).allowed).toBe(true);
    expect((await check('eitherWithScope', { bearer: outsiderToken })).allowed).toBe(true);
    await expect(check('eitherWithScope', { bearer: readOnlyLabKey })).rejects.toMatchObject({
      code: 'insufficient_scope',
      message:
        'This route needs an API key with the scope orders:read (read orders, licenses and downloads). Create a key that has it.',
    });
    await refused('eitherWithScope', { bearer: studioKey }, 'insufficient_scope');
  });

  it('operator routes take members of the operator organization only', async () => {
    await refused('operator', { bearer: ownerToken }, 'forbidden');
    await refused('operator', { bearer: labKey }, 'forbidden');
    const operator = await t.insertUser();
    await t.insertOrg({ kind: 'operator', ownerId: operator.id });
    const { token } = await sessions.issue(operator.id, {});
    expect((await check('operator', { bearer: token })).allowed).toBe(true);
  });

  describe('organization routes', () => {
    it("resolve :orgId to the caller's membership; another org is not found", async () => {
      const { req } = await check('member', { bearer: memberToken, orgId: studioId });
      expect(req.orgContext).toMatchObject({ org: { id: studioId }, role: 'member' });
      await refused('member', { bearer: outsiderToken, orgId: studioId }, 'not_found');
      await refused('member', { bearer: memberToken, orgId: otherLabId }, 'not_found');
      await refused('member', { bearer: memberToken, orgId: 'not-a-uuid' }, 'not_found');
      await refused('member', { bearer: memberToken }, 'not_found');
      // Ids are case-insensitive.
      const upper = await check('member', { bearer: memberToken, orgId: studioId.toUpperCase() });
      expect(upper.req.orgContext!.org.id).toBe(studioId);
    });

    it('owner routes refuse members and take owners', async () => {
      await refused('owner', { bearer: memberToken, orgId: labId }, 'forbidden');
      const { req } = await check('owner', { bearer: ownerToken, orgId: labId });
      expect(req.orgContext).toMatchObject({ org: { id: labId }, role: 'owner' });
    });

    it('kinds restrict the route to those organization kinds', async () => {
      expect((await check('labOnly', { bearer: memberToken, orgId: labId })).allowed).toBe(true);
      await refused('labOnly', { bearer: memberToken, orgId: studioId }, 'forbidden');
      await refused('labOnly', { bearer: outsiderToken, orgId: studioId }, 'not_found');
    });

    it('take an API key only where a scope is declared, only for its own organization, never as owner', async () => {
      await refused('member', { bearer: labKey, orgId: labId }, 'not_found');
      const { req } = await check('memberOrKey', { bearer: labKey, orgId: labId.toUpperCase() });
      expect(req.orgContext).toMatchObject({ org: { id: labId }, role: 'member' });
      await refused('memberOrKey', { bearer: labKey, orgId: otherLabId }, 'not_found');
      await refused('ownerOrKey', { bearer: labKey, orgId: labId }, 'not_found');
      await refused('owner', { bearer: labKey, orgId: labId }, 'not_found');
      expect((await check('labOnly', { bearer: labKey, orgId: labId })).allowed).toBe(true);
      const { req: studio } = await check('creatorOnly', { bearer: studioKey, orgId: studioId });
      expect(studio.orgContext).toMatchObject({ org: { id: studioId }, role: 'member' });
      // Another organization's key is an outsider, whatever scopes it holds.
      await refused('creatorOnly', { bearer: labKey, orgId: studioId }, 'not_found');
      await refused('labOnly', { bearer: studioKey, orgId: labId }, 'not_found');
      await refused('memberOrKey', { bearer: studioKey, orgId: labId }, 'not_found');
    });

    it('refuse a key of the organization that lacks the scope the route names (403 insufficient_scope)', async () => {
      expect((await check('memberOrKey', { bearer: readOnlyLabKey, orgId: labId })).allowed).toBe(
        true,
      );
      await expect(
        check('labOnly', { bearer: readOnlyLabKey, orgId: labId }),
      ).rejects.toMatchObject({
        code: 'insufficient_scope',
        message: expect.stringContaining('the scope orders:write'),
      });
      expect((await check('memberOrKey', { bearer: studioKey, orgId: studioId })).allowed).toBe(
        true,
      );
      // A route for another kind of organization says so before it speaks of scopes.
      await expect(check('labOnly', { bearer: studioKey, orgId: studioId })).rejects.toMatchObject({
        code: 'forbidden',
        message: 'This is only available to lab organizations.',
      });
      // People are not held to scopes.
      expect((await check('labOnly', { bearer: memberToken, orgId: labId })).allowed).toBe(true);
    });

    it('verifiedEmail refuses an unconfirmed owner until the email is confirmed', async () => {
      await refused(
        'ownerVerified',
        { bearer: unverifiedToken, orgId: labId },
        'email_not_verified',
      );
      expect((await check('owner', { bearer: unverifiedToken, orgId: labId })).allowed).toBe(true);
      expect((await check('ownerVerified', { bearer: ownerToken, orgId: labId })).allowed).toBe(
        true,
      );
      expect(
        (await check('memberOrKeyVerified', { bearer: labKey, orgId: labId })).req.orgContext,
      ).toMatchObject({ org: { id: labId }, role: 'member' });
      await refused(
        'memberOrKeyVerified',
        { bearer: unverifiedToken, orgId: labId },
        'email_not_verified',
      );
      await t.sql('UPDATE users SET email_verified_at = now() WHERE id = $1', [unverified.id]);
      expect(
        (await check('ownerVerified', { bearer: unverifiedToken, orgId: labId })).allowed,
      ).toBe(true);
    });
  });
});
