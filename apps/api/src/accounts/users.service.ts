import { Injectable } from '@nestjs/common';
import type { UserEntity } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

/** What other domains may know about a person: who they are by id or email. */
export interface UserSummary {
  id: string;
  email: string;
  name: string;
}

/**
 * The accounts domain's face to the others: they read and mark users through here, never through
 * the users table, so accounts can change how it stores people without breaking them.
 */
@Injectable()
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findById(id);
  }

  /** `email` must already be normalised by the contracts schema. */
  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findByEmail(email);
  }

  /** Whether anyone has an account yet (the demo seed only fills an empty database). */
  anyExist(): Promise<boolean> {
    return this.users.anyExist();
  }

  /** The named people, keyed by id (ids without a user are absent). */
  async summaries(ids: readonly string[]): Promise<Map<string, UserSummary>> {
    const users = await this.users.findByIds([...new Set(ids)]);
    return new Map(
      users.map((user) => [user.id, { id: user.id, email: user.email, name: user.name }]),
    );
  }

  /** Following a link mailed to the address proves the address is theirs. */
  markEmailVerified(userId: string, now: Date): Promise<void> {
    return this.users.markEmailVerified(userId, now);
  }

  /** Creates a user whose email is already known to be theirs (operators, demo accounts). */
  createVerified(input: {
    email: string;
    name: string;
    passwordHash: string;
    now: Date;
  }): Promise<UserEntity> {
    return this.users.create({ ...input, emailVerifiedAt: input.now });
  }
}
