import type {
  AccountSessionType,
  SessionTokenType,
  UserType,
} from '@clearframe/contracts/accounts';
import { deviceSummary } from './device-summary.js';
import type { SessionEntity } from './session.entity.js';
import type { IssuedSession } from './sessions.service.js';
import type { UserEntity } from './user.entity.js';

export function toUserDto(user: UserEntity, isOperator: boolean): UserType {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerifiedAt !== null,
    isOperator,
    createdAt: user.createdAt.toISOString(),
  };
}

export function toSessionTokenDto(issued: IssuedSession): SessionTokenType {
  return {
    token: issued.token,
    expiresAt: issued.session.expiresAt.toISOString(),
    rotateAfter: issued.session.rotateAfter.toISOString(),
  };
}

export function toAccountSessionDto(session: SessionEntity, currentId: string): AccountSessionType {
  return {
    id: session.id,
    device: deviceSummary(session.userAgent),
    ip: session.ip,
    createdAt: session.createdAt.toISOString(),
    lastSeenAt: session.lastSeenAt.toISOString(),
    current: session.id === currentId,
  };
}
