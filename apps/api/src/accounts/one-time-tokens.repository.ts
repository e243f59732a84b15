import { Injectable } from '@nestjs/common';
import { hashToken, randomToken } from '../common/tokens.js';
import { sqlRows } from '../database/sql.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { OneTimeTokenEntity, type OneTimeTokenPurpose } from './one-time-token.entity.js';

/** Email-confirmation and password-reset link tokens. */
export const LINK_TOKEN_PREFIX = 'cfl_';

/** Single-use, expiring tokens for email verification and password reset; only hashes are stored. */
@Injectable()
export class OneTimeTokensRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async issue(
    userId: string,
    purpose: OneTimeTokenPurpose,
    now: Date,
    ttlMs: number,
  ): Promise<string> {
    // The prefix lets the log scrubber recognise a link token wherever it ends up (a URL path,
    // a pasted body): every token of ours is `cf<kind>_…`.
    const token = randomToken(LINK_TOKEN_PREFIX);
    await this.uow.manager().insert(OneTimeTokenEntity, {
      userId,
      purpose,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + ttlMs),
      usedAt: null,
      createdAt: now,
    });
    return token;
  }

  /**
   * Marks the token used and returns its user id, in one statement: two concurrent uses cannot
   * both succeed. Returns null for unknown, used or expired tokens.
   */
  async consume(token: string, purpose: OneTimeTokenPurpose, now: Date): Promise<string | null> {
    const rows = await sqlRows<{ user_id: string }>(
      this.uow.manager(),
      `UPDATE one_time_tokens SET used_at = $3
       WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
       RETURNING user_id`,
      [hashToken(token), purpose, now],
    );
    return rows[0]?.user_id ?? null;
  }

  /** Invalidates a user's outstanding tokens of one purpose (e.g. after a successful reset). */
  async invalidateAll(userId: string, purpose: OneTimeTokenPurpose, now: Date) {
    await this.uow
      .manager()
      .query(
        `UPDATE one_time_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
        [userId, purpose, now],
      );
  }
}
