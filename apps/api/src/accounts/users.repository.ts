import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work.js';
import { UserEntity } from './user.entity.js';

@Injectable()
export class UsersRepository {
  constructor(private readonly uow: UnitOfWork) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.uow.manager().findOneBy(UserEntity, { id });
  }

  async anyExist(): Promise<boolean> {
    return (await this.uow.manager().count(UserEntity, { take: 1 })) > 0;
  }

  findByIds(ids: string[]): Promise<UserEntity[]> {
    return ids.length === 0
      ? Promise.resolve([])
      : this.uow.manager().findBy(UserEntity, { id: In(ids) });
  }

  /** `email` must already be normalised (trimmed, lower-cased) by the contracts schema. */
  findByEmail(email: string): Promise<UserEntity | null> {
    return this.uow.manager().findOneBy(UserEntity, { email });
  }

  async create(input: {
    email: string;
    name: string;
    passwordHash: string;
    now: Date;
    emailVerifiedAt?: Date | null;
  }): Promise<UserEntity> {
    const manager = this.uow.manager();
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

  async setPassword(userId: string, passwordHash: string, now: Date) {
    await this.uow
      .manager()
      .update(UserEntity, { id: userId }, { passwordHash, passwordChangedAt: now });
  }

  async markEmailVerified(userId: string, now: Date): Promise<void> {
    await this.uow
      .manager()
      .createQueryBuilder()
      .update(UserEntity)
      .set({ emailVerifiedAt: now })
      .where('id = :userId AND email_verified_at IS NULL', { userId })
      .execute();
  }
}
