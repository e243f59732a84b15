import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ApiKeyEntity } from './api-key.entity.js';

/** API key rows; the secret is stored only as a hash. Reads inside an org take the org id. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async create(key: Omit<ApiKeyEntity, 'id'>): Promise<ApiKeyEntity> {
    const manager = this.uow.manager();
    return manager.save(ApiKeyEntity, manager.create(ApiKeyEntity, key));
  }

  /** Newest first. */
  listForOrg(orgId: string): Promise<ApiKeyEntity[]> {
    return this.uow.manager().find(ApiKeyEntity, {
      where: { orgId },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
  }

  findInOrg(orgId: string, keyId: string): Promise<ApiKeyEntity | null> {
    return this.uow.manager().findOneBy(ApiKeyEntity, { id: keyId, orgId });
  }

  /** The clear-text id part of a key (`cf_live_<8 chars>`) finds its row. */
  findByPrefix(prefix: string): Promise<ApiKeyEntity | null> {
    return this.uow.manager().findOneBy(ApiKeyEntity, { prefix });
  }

  async revoke(orgId: string, keyId: string, now: Date): Promise<void> {
    await this.uow
      .manager()
      .update(ApiKeyEntity, { id: keyId, orgId, revokedAt: IsNull() }, { revokedAt: now });
  }

  async touch(keyId: string, now: Date): Promise<void> {
    await this.uow.manager().update(ApiKeyEntity, { id: keyId }, { lastUsedAt: now });
  }
}
