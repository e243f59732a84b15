import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { KeysetPosition } from '../common/http/keyset-cursor.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { PersonEntity } from './person.entity.js';
import { ReleaseEntity } from './release.entity.js';

/** People and their releases. Every read takes the organization's id. */
@Injectable()
export class ReleasesRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async createPerson(person: Omit<PersonEntity, 'id'>): Promise<PersonEntity> {
    const manager = this.uow.manager();
    return manager.save(PersonEntity, manager.create(PersonEntity, person));
  }

  findPersonInOrg(orgId: string, personId: string): Promise<PersonEntity | null> {
    return this.uow.manager().findOneBy(PersonEntity, { id: personId, orgId });
  }

  async peopleInOrg(
    orgId: string,
    personIds: readonly string[],
  ): Promise<Map<string, PersonEntity>> {
    if (personIds.length === 0) return new Map();
    const rows = await this.uow
      .manager()
      .findBy(PersonEntity, { orgId, id: In([...new Set(personIds)]) });
    return new Map(rows.map((row) => [row.id, row]));
  }

  async create(release: ReleaseEntity): Promise<ReleaseEntity> {
    const manager = this.uow.manager();
    await manager.insert(ReleaseEntity, release);
    return release;
  }

  findInOrg(orgId: string, releaseId: string): Promise<ReleaseEntity | null> {
    return this.uow.manager().findOneBy(ReleaseEntity, { id: releaseId, orgId });
  }

  async inOrg(orgId: string, releaseIds: readonly string[]): Promise<Map<string, ReleaseEntity>> {
    if (releaseIds.length === 0) return new Map();
    const rows = await this.uow
      .manager()
      .findBy(ReleaseEntity, { orgId, id: In([...new Set(releaseIds)]) });
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** The release with its row locked for the rest of the transaction. */
  lockInOrg(orgId: string, releaseId: string): Promise<ReleaseEntity | null> {
    return this.uow
      .manager()
      .createQueryBuilder(ReleaseEntity, 'r')
      .setLock('pessimistic_write')
      .where('r.id = :releaseId AND r.org_id = :orgId', { releaseId, orgId })
      .getOne();
  }

  async confirm(
    orgId: string,
    releaseId: string,
    facts: Pick<ReleaseEntity, 'contentType' | 'sizeBytes' | 'confirmedAt'>,
  ): Promise<void> {
    await this.uow.manager().update(
      ReleaseEntity,
      { id: releaseId, orgId, state: 'pending' },
      {
        ...facts,
        state: 'confirmed',
      },
    );
  }

  /** Newest first, keyset-paginated by (created_at, id), optionally one person's. */
  listForOrg(
    orgId: string,
    limit: number,
    options: { after?: KeysetPosition; personId?: string },
  ): Promise<ReleaseEntity[]> {
    const qb = this.uow
      .manager()
      .createQueryBuilder(ReleaseEntity, 'r')
      .where('r.org_id = :orgId', { orgId })
      .orderBy('r.created_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(limit);
    if (options.personId) qb.andWhere('r.person_id = :personId', { personId: options.personId });
    if (options.after) {
      qb.andWhere('(r.created_at, r.id) < (:createdAt, :id)', {
        createdAt: options.after.createdAt,
        id: options.after.id,
      });
    }
    return qb.getMany();
  }
}
