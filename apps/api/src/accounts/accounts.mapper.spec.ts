import { describe, expect, it } from '@jest/globals';
import { toUserDto } from './accounts.mapper.js';
import type { UserEntity } from './user.entity.js';

describe('toUserDto', () => {
  const user = (emailVerifiedAt: Date | null): UserEntity =>
    Object.assign({} as UserEntity, {
      id: '00000000-0000-4000-8000-000000000001',
      email: 'ana@example.com',
      name: 'Ana',
      emailVerifiedAt,
      createdAt: new Date('2026-01-02T03:04:05.000Z'),
    });

  it('says whether the email is confirmed', () => {
    expect(toUserDto(user(null), false)).toEqual({
      id: '00000000-0000-4000-8000-000000000001',
      email: 'ana@example.com',
      name: 'Ana',
      emailVerified: false,
      isOperator: false,
      createdAt: '2026-01-02T03:04:05.000Z',
    });
    expect(toUserDto(user(new Date('2026-01-03T00:00:00.000Z')), true)).toMatchObject({
      emailVerified: true,
      isOperator: true,
    });
  });
});
