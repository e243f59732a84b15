import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  ApiKeyScope,
  type ApiKeyScopeType,
  type ApiKeyType,
  apiKeyScopesNotAllowed,
  type CreatedApiKeyType,
} from '@clearframe/contracts/accounts';
import type { UserEntity } from '../accounts/user.entity.js';
import { FORMER_MEMBER_NAME, UsersService } from '../accounts/users.service.js';
import { AuditLog } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import type { OrgContext } from '../access/principal.js';
import { hashToken, safeEqualHex } from '../common/tokens.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { OrganizationEntity } from '../organizations/organization.entity.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import type { ApiKeyEntity } from './api-key.entity.js';
import { ApiKeysErrors } from './api-keys.errors.js';
import { ApiKeysRepository } from './api-keys.repository.js';

export const API_KEY_PREFIX = 'cf_live_';
const TOUCH_INTERVAL_MS = 60_000;

/**
 * API keys of creator and lab organizations: `cf_live_<8-char id>_<secret>`. The id part is
 * stored in clear to find the row (and to let people tell keys apart); the whole key is stored
 * only as a hash. Each key holds scopes, chosen at creation from those its organization's kind may
 * hold; the access guard checks them against the scope a route names.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly keys: ApiKeysRepository,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly audit: AuditLog,
  ) {}

  async create(
    ctx: OrgContext,
    input: { name: string; scopes: ApiKeyScopeType[] },
    creator: UserEntity,
  ): Promise<CreatedApiKeyType> {
    const { name } = input;
    const refused = apiKeyScopesNotAllowed(ctx.org.kind, input.scopes);
    if (refused.length > 0) throw ApiKeysErrors.scopesNotAllowed(ctx.org.kind, refused);
    // Stored in the vocabulary's order, so a key's scopes read the same however they were sent.
    const scopes = ApiKeyScope.options.filter((scope) => input.scopes.includes(scope));
    const prefix = `${API_KEY_PREFIX}${randomBytes(6).toString('base64url')}`;
    const secret = `${prefix}_${randomBytes(32).toString('base64url')}`;
    const now = this.clock.now();
    const key = await this.uow.run(async () => {
      const saved = await this.keys.create({
        orgId: ctx.org.id,
        name,
        prefix,
        scopes,
        secretHash: hashToken(secret),
        createdBy: creator.id,
        createdAt: now,
        lastUsedAt: null,
        revokedAt: null,
      });
      await this.audit.record({
        actor: { userId: creator.id },
        action: 'api_key.created',
        orgId: ctx.org.id,
        target: { type: 'api_key', id: saved.id },
        data: { name, prefix, scopes },
      });
      return saved;
    });
    return { apiKey: toApiKeyDto(key, creator.name), secret };
  }

  async list(ctx: OrgContext): Promise<ApiKeyType[]> {
    const keys = await this.keys.listForOrg(ctx.org.id);
    const people = await this.users.summaries(keys.map((key) => key.createdBy));
    return keys.map((key) =>
      toApiKeyDto(key, people.get(key.createdBy ?? '')?.name ?? FORMER_MEMBER_NAME),
    );
  }

  async revoke(ctx: OrgContext, keyId: string, actorUserId: string): Promise<void> {
    await this.uow.run(async () => {
      const key = await this.keys.findInOrg(ctx.org.id, keyId);
      if (!key) throw ApiKeysErrors.notFound();
      if (key.revokedAt) return;
      await this.keys.revoke(ctx.org.id, keyId, this.clock.now());
      await this.audit.record({
        actor: { userId: actorUserId },
        action: 'api_key.revoked',
        orgId: ctx.org.id,
        target: { type: 'api_key', id: keyId },
      });
    });
  }

  /** Resolves a presented key to its key row and organization, or throws. */
  async authenticate(secret: string): Promise<{ apiKey: ApiKeyEntity; org: OrganizationEntity }> {
    const match = /^(cf_live_[A-Za-z0-9_-]{8})_[A-Za-z0-9_-]{20,}$/.exec(secret);
    const key = match ? await this.keys.findByPrefix(match[1]!) : null;
    if (!key || !safeEqualHex(key.secretHash, hashToken(secret))) {
      throw ApiKeysErrors.invalidKey();
    }
    if (key.revokedAt) throw ApiKeysErrors.revoked();
    const org = await this.organizations.findById(key.orgId);
    if (!org) throw ApiKeysErrors.invalidKey();
    const now = this.clock.now();
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      key.lastUsedAt = now;
      await this.keys.touch(key.id, now);
    }
    return { apiKey: key, org };
  }
}

function toApiKeyDto(key: ApiKeyEntity, creatorName: string): ApiKeyType {
  return {
    id: key.id,
    orgId: key.orgId,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    createdBy: creatorName,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}
