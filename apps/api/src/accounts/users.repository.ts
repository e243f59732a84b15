import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { UserEntity } from './user.entity.js';

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findById(id: string, manager: EntityManager = this.db.manager): Promise<UserEntity | null> {
    return manager.findOneBy(UserEntity, { id });
  }

  /** `email` must already be normalised (trimmed, lower-cased) by the contracts schema. */
  findByEmail(email: string, manager: EntityManager = this.db.manager): Promise<UserEntity | null> {
    return manager.findOneBy(UserEntity, { email });
  }

  async create(
    input: {
      email: string;
      name: string;
      passwordHash: string;
      now: Date;
      emailVerifiedAt?: Date | null;
    },
    manager: EntityManager = this.db.manager,
  ): Promise<UserEntity> {
    const user = manager.create(UserEntity, {
      email: input.email,
      name: input.name,
      passwordHash: input.passwordHash,
      emailVerifiedAt: input.emailVerifiedAt ?? null,
      passwordChangedAt: input.now,
      createdAt: input.now,
    });
    return manager.save(UserEntity, user);
  }

  async setPassword(
    userId: string,
    passwordHash: string,
    now: Date,
    manager: EntityManager = this.db.manager,
  ) {
    await manager.update(UserEntity, { id: userId }, { passwordHash, passwordChangedAt: now });
  }

  async markEmailVerified(userId: string, now: Date, manager: EntityManager = this.db.manager) {
    await manager
      .createQueryBuilder()
      .update(UserEntity)
      .set({ emailVerifiedAt: now })
      .where('id = :userId AND email_verified_at IS NULL', { userId })
      .execute();
  }

  async isOperator(userId: string, manager: EntityManager = this.db.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM memberships m JOIN organizations o ON o.id = m.org_id
       WHERE m.user_id = $1 AND o.kind = 'operator' LIMIT 1`,
      [userId],
    );
    return rows.length > 0;
  }
}
