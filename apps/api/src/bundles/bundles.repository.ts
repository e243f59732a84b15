import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work.js';
import { BundleClipEntity, BundleEntity } from './bundle.entity.js';

/** Bundles and their clips. Every read and write takes the owning organization's id. */
@Injectable()
export class BundlesRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async create(bundle: Omit<BundleEntity, 'id'>): Promise<BundleEntity> {
    const manager = this.uow.manager();
    return manager.save(BundleEntity, manager.create(BundleEntity, bundle));
  }

  /** Newest first. */
  listForOrg(orgId: string): Promise<BundleEntity[]> {
    return this.uow.manager().find(BundleEntity, {
      where: { orgId },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  findInOrg(orgId: string, bundleId: string): Promise<BundleEntity | null> {
    return this.uow.manager().findOneBy(BundleEntity, { id: bundleId, orgId });
  }

  /** Locks the bundle row for the rest of the transaction, so concurrent adds count right. */
  lockInOrg(orgId: string, bundleId: string): Promise<BundleEntity | null> {
    return this.uow
      .manager()
      .createQueryBuilder(BundleEntity, 'bundle')
      .setLock('pessimistic_write')
      .where('bundle.id = :bundleId AND bundle.org_id = :orgId', { bundleId, orgId })
      .getOne();
  }

  async update(
    orgId: string,
    bundleId: string,
    patch: Partial<Pick<BundleEntity, 'name' | 'intendedUse' | 'updatedAt'>>,
  ): Promise<void> {
    await this.uow.manager().update(BundleEntity, { id: bundleId, orgId }, patch);
  }

  async delete(orgId: string, bundleId: string): Promise<void> {
    await this.uow.manager().delete(BundleEntity, { id: bundleId, orgId });
  }

  /** The bundle's clips in the order they were added. */
  clipsOf(orgId: string, bundleId: string): Promise<BundleClipEntity[]> {
    return this.uow.manager().find(BundleClipEntity, {
      where: { orgId, bundleId },
      order: { position: 'ASC' },
    });
  }

  /** How many clips each of these bundles holds. */
  async clipCounts(orgId: string, bundleIds: readonly string[]): Promise<Map<string, number>> {
    if (bundleIds.length === 0) return new Map();
    const rows = await this.uow
      .manager()
      .createQueryBuilder(BundleClipEntity, 'item')
      .select('item.bundle_id', 'bundleId')
      .addSelect('count(*)::int', 'n')
      .where('item.org_id = :orgId AND item.bundle_id IN (:...bundleIds)', {
        orgId,
        bundleIds: [...bundleIds],
      })
      .groupBy('item.bundle_id')
      .getRawMany<{ bundleId: string; n: number }>();
    return new Map(rows.map((row) => [row.bundleId, Number(row.n)]));
  }

  /** Which of `clipIds` the bundle holds already. */
  async clipsAlreadyIn(orgId: string, bundleId: string, clipIds: string[]): Promise<Set<string>> {
    if (clipIds.length === 0) return new Set();
    const rows = await this.uow.manager().find(BundleClipEntity, {
      select: { clipId: true },
      where: { orgId, bundleId, clipId: In(clipIds) },
    });
    return new Set(rows.map((row) => row.clipId));
  }

  async addClips(rows: BundleClipEntity[]): Promise<void> {
    if (rows.length === 0) return;
    await this.uow.manager().insert(BundleClipEntity, rows);
  }

  /** Whether a row was removed. */
  async removeClip(orgId: string, bundleId: string, clipId: string): Promise<boolean> {
    const result = await this.uow.manager().delete(BundleClipEntity, { orgId, bundleId, clipId });
    return (result.affected ?? 0) > 0;
  }
}
