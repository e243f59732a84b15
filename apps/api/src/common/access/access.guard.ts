import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SESSION_COOKIE } from '../../accounts/session-cookie.js';
import { SESSION_TOKEN_PREFIX, SessionsService } from '../../accounts/sessions.service.js';
import { UsersRepository } from '../../accounts/users.repository.js';
import { API_KEY_PREFIX, ApiKeysService } from '../../api-keys/api-keys.service.js';
import { OrganizationsRepository } from '../../organizations/organizations.repository.js';
import { DomainError } from '../domain-error.js';
import type { AppRequest, Principal } from '../http/request.js';
import { isUuid } from '../http/uuid-param.pipe.js';
import { ACCESS_METADATA, type AccessRule } from './access.decorator.js';

/**
 * The one place that decides who may call a route, from the rule the route declares. Routes
 * without a rule are refused. Org-scoped routes resolve `:orgId` against the caller's memberships,
 * and answer 404 for an org the caller does not belong to, so existence never leaks.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly apiKeys: ApiKeysService,
    private readonly orgs: OrganizationsRepository,
    private readonly users: UsersRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) {
      throw new DomainError('internal_error', 'This route does not declare who may call it.');
    }
    const req = context.switchToHttp().getRequest<AppRequest>();
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
    if (!credential)
      throw new DomainError('unauthenticated', 'Sign in or send an API key to continue.');
    const principal = await this.resolve(credential);
    req.principal = principal;
    if (rule.verifiedEmail && principal.type === 'user' && !principal.user.emailVerifiedAt) {
      throw new DomainError(
        'email_not_verified',
        'Confirm your email address first: open the link we emailed you, or ask for a new one.',
      );
    }

    switch (rule.audience) {
      case 'signed-in':
        if (principal.type !== 'user') throw userRequired();
        return true;
      case 'signed-in-or-api-key':
        return true;
      case 'operator':
        if (principal.type !== 'user') throw userRequired();
        if (!(await this.users.isOperator(principal.user.id))) {
          throw new DomainError('forbidden', 'Only platform operators may do this.');
        }
        return true;
      case 'org': {
        const orgId = req.params.orgId;
        if (!isUuid(orgId)) throw orgNotFound();
        if (principal.type === 'api_key') {
          if (!rule.apiKey || rule.role === 'owner' || principal.org.id !== orgId.toLowerCase())
            throw orgNotFound();
          req.orgContext = { org: principal.org, role: 'member' };
        } else {
          const membership = await this.orgs.findMembership(orgId.toLowerCase(), principal.user.id);
          if (!membership) throw orgNotFound();
          if (rule.role === 'owner' && membership.role !== 'owner') {
            throw new DomainError('forbidden', 'Only an owner of this organization can do this.');
          }
          req.orgContext = membership;
        }
        if (rule.kinds && !rule.kinds.includes(req.orgContext.org.kind)) {
          throw new DomainError(
            'forbidden',
            `This is only available to ${rule.kinds.join(' or ')} organizations.`,
          );
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
    throw new DomainError('unauthenticated', 'The credential is not recognised.');
  }
}

function readCredential(req: AppRequest): string | undefined {
  const header = req.get('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new DomainError('unauthenticated', 'Use "Authorization: Bearer <token>".');
    return match[1];
  }
  const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  return cookie || undefined;
}

function userRequired(): DomainError {
  return new DomainError('forbidden', 'This needs a signed-in person, not an API key.');
}

function orgNotFound(): DomainError {
  return new DomainError('not_found', 'Organization was not found.');
}
