import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ApiKeyType, CreatedApiKeyType } from '@clearframe/contracts/accounts';
import { DataSource, IsNull } from 'typeorm';
import type { UserEntity } from '../accounts/user.entity.js';
import { AuditLog } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import type { OrgContext } from '../common/http/request.js';
import { hashToken, safeEqualHex } from '../common/tokens.js';
import { sqlRows } from '../database/sql.js';
import { OrganizationEntity } from '../organizations/organization.entity.js';
import { ApiKeyEntity } from './api-key.entity.js';

export const API_KEY_PREFIX = 'cf_live_';
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Lab API keys: `cf_live_<8-char id>_<secret>`. The id part is stored in clear to find the row
 * (and to let people tell keys apart); the whole key is stored only as a hash.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async create(ctx: OrgContext, name: string, creator: UserEntity): Promise<CreatedApiKeyType> {
    const prefix = `${API_KEY_PREFIX}${randomBytes(6).toString('base64url')}`;
    const secret = `${prefix}_${randomBytes(32).toString('base64url')}`;
    const now = this.clock.now();
    const key = await this.db.transaction(async (manager) => {
      const saved = await manager.save(
        ApiKeyEntity,
        manager.create(ApiKeyEntity, {
          orgId: ctx.org.id,
          name,
          prefix,
          secretHash: hashToken(secret),
          createdBy: creator.id,
          createdAt: now,
          lastUsedAt: null,
          revokedAt: null,
        }),
      );
      await this.audit.record(
        {
          actor: { userId: creator.id },
          action: 'api_key.created',
          orgId: ctx.org.id,
          target: { type: 'api_key', id: saved.id },
          data: { name, prefix },
        },
        manager,
      );
      return saved;
    });
    return { apiKey: toApiKeyDto(key, creator.name), secret };
  }

  async list(ctx: OrgContext): Promise<ApiKeyType[]> {
    const rows = await sqlRows<{
      id: string;
      org_id: string;
      name: string;
      prefix: string;
      creator_name: string;
      created_at: Date;
      last_used_at: Date | null;
      revoked_at: Date | null;
    }>(
      this.db,
      `SELECT k.id, k.org_id, k.name, k.prefix, u.name AS creator_name, k.created_at, k.last_used_at, k.revoked_at
       FROM api_keys k JOIN users u ON u.id = k.created_by
       WHERE k.org_id = $1 ORDER BY k.created_at DESC, k.id`,
      [ctx.org.id],
    );
    return rows.map((row) =>
      toApiKeyDto(
        {
          id: row.id,
          orgId: row.org_id,
          name: row.name,
          prefix: row.prefix,
          createdAt: new Date(row.created_at),
          lastUsedAt: row.last_used_at ? new Date(row.last_used_at) : null,
          revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
        },
        row.creator_name,
      ),
    );
  }

  async revoke(ctx: OrgContext, keyId: string, actorUserId: string): Promise<void> {
    const key = await this.db.manager.findOneBy(ApiKeyEntity, { id: keyId, orgId: ctx.org.id });
    if (!key) throw notFound('API key');
    if (key.revokedAt) return;
    await this.db.manager.update(
      ApiKeyEntity,
      { id: keyId, orgId: ctx.org.id, revokedAt: IsNull() },
      { revokedAt: this.clock.now() },
    );
    await this.audit.record({
      actor: { userId: actorUserId },
      action: 'api_key.revoked',
      orgId: ctx.org.id,
      target: { type: 'api_key', id: keyId },
    });
  }

  /** Resolves a presented key to its key row and organization, or throws. */
  async authenticate(secret: string): Promise<{ apiKey: ApiKeyEntity; org: OrganizationEntity }> {
    const match = /^(cf_live_[A-Za-z0-9_-]{8})_[A-Za-z0-9_-]{20,}$/.exec(secret);
    const key = match ? await this.db.manager.findOneBy(ApiKeyEntity, { prefix: match[1]! }) : null;
    if (!key || !safeEqualHex(key.secretHash, hashToken(secret))) {
      throw new DomainError('unauthenticated', 'The API key is not valid.');
    }
    if (key.revokedAt)
      throw new DomainError('api_key_revoked', 'This API key was revoked. Create a new one.');
    const org = await this.db.manager.findOneBy(OrganizationEntity, { id: key.orgId });
    if (!org) throw new DomainError('unauthenticated', 'The API key is not valid.');
    const now = this.clock.now();
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      key.lastUsedAt = now;
      await this.db.manager.update(ApiKeyEntity, { id: key.id }, { lastUsedAt: now });
    }
    return { apiKey: key, org };
  }
}

function toApiKeyDto(
  key: Pick<
    ApiKeyEntity,
    'id' | 'orgId' | 'name' | 'prefix' | 'createdAt' | 'lastUsedAt' | 'revokedAt'
  >,
  creatorName: string,
): ApiKeyType {
  return {
    id: key.id,
    orgId: key.orgId,
    name: key.name,
    prefix: key.prefix,
    createdBy: creatorName,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}
