import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ApiKeyScopeType } from '@clearframe/contracts/accounts';
import { SESSION_COOKIE } from '../accounts/session-cookie.js';
import { SESSION_TOKEN_PREFIX, SessionsService } from '../accounts/sessions.service.js';
import { API_KEY_PREFIX, ApiKeysService } from '../api-keys/api-keys.service.js';
import { isUuid } from '../common/http/uuid-param.pipe.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { ACCESS_METADATA, type AccessRule } from './access.decorator.js';
import { AccessErrors } from './access.errors.js';
import type { AccessRequest, Principal } from './principal.js';

/**
 * The one place that decides who may call a route, from the rule the route declares. Routes
 * without a rule are refused. Org-scoped routes resolve `:orgId` against the caller's memberships,
 * and answer 404 for an org the caller does not belong to, so existence never leaks. An API key
 * calls only routes that name a scope (`apiKeyScope`), and only with that scope: else 403
 * `insufficient_scope`.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly apiKeys: ApiKeysService,
    private readonly organizations: OrganizationsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) {
      throw AccessErrors.undeclaredRoute();
    }
    const req = context.switchToHttp().getRequest<AccessRequest>();
    if (rule.audience === 'public') {
      // Public routes never fail on a stale cookie or an odd header; the caller is then anonymous.
      try {
        const credential = readCredential(req);
        if (credential) req.principal = await this.resolve(credential);
      } catch {
        req.principal = undefined;
      }
      return true;
    }
    const credential = readCredential(req);
    if (!credential) throw AccessErrors.noCredential();
    const principal = await this.resolve(credential);
    req.principal = principal;
    if (rule.verifiedEmail && principal.type === 'user' && !principal.user.emailVerifiedAt) {
      throw AccessErrors.emailNotVerified();
    }

    switch (rule.audience) {
      case 'signed-in':
        if (principal.type !== 'user') throw AccessErrors.userRequired();
        return true;
      case 'signed-in-or-api-key':
        if (principal.type === 'api_key' && rule.apiKeyScope) {
          requireScope(principal, rule.apiKeyScope);
        }
        return true;
      case 'operator':
        if (principal.type !== 'user') throw AccessErrors.userRequired();
        if (!(await this.organizations.isOperator(principal.user.id))) {
          throw AccessErrors.operatorsOnly();
        }
        return true;
      case 'org': {
        const orgId = req.params.orgId;
        if (!isUuid(orgId)) throw AccessErrors.orgNotFound();
        if (principal.type === 'api_key') {
          // Another organization, or a route that takes no keys: the same 404 as an outsider's.
          if (
            principal.org.id !== orgId.toLowerCase() ||
            rule.role === 'owner' ||
            !rule.apiKeyScope
          )
            throw AccessErrors.orgNotFound();
          req.orgContext = { org: principal.org, role: 'member' };
        } else {
          const membership = await this.organizations.findMembership(
            orgId.toLowerCase(),
            principal.user.id,
          );
          if (!membership) throw AccessErrors.orgNotFound();
          if (rule.role === 'owner' && membership.role !== 'owner') {
            throw AccessErrors.ownersOnly();
          }
          req.orgContext = membership;
        }
        if (rule.kinds && !rule.kinds.includes(req.orgContext.org.kind)) {
          throw AccessErrors.wrongOrgKind(rule.kinds);
        }
        if (principal.type === 'api_key' && rule.apiKeyScope) {
          requireScope(principal, rule.apiKeyScope);
        }
        return true;
      }
    }
  }

  private async resolve(credential: string): Promise<Principal> {
    if (credential.startsWith(API_KEY_PREFIX)) {
      const { apiKey, org } = await this.apiKeys.authenticate(credential);
      return { type: 'api_key', apiKey, org };
    }
    if (credential.startsWith(SESSION_TOKEN_PREFIX)) {
      const { session, user } = await this.sessions.authenticate(credential);
      return { type: 'user', user, session };
    }
    throw AccessErrors.unrecognisedCredential();
  }
}

function requireScope(principal: Extract<Principal, { type: 'api_key' }>, scope: ApiKeyScopeType) {
  if (!principal.apiKey.scopes.includes(scope)) throw AccessErrors.insufficientScope(scope);
}

function readCredential(req: AccessRequest): string | undefined {
  const header = req.get('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw AccessErrors.malformedAuthorization();
    return match[1];
  }
  const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  return cookie || undefined;
}
