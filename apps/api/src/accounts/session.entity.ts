import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type SessionRevokedReason =
  | 'sign_out'
  /** Signed out from another of the person's devices (the account page's session list). */
  | 'signed_out_remotely'
  | 'sign_out_everywhere'
  | 'rotated'
  | 'password_reset'
  | 'password_changed';

@Entity({ name: 'sessions' })
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('text', { name: 'token_hash' })
  tokenHash: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'last_seen_at' })
  lastSeenAt: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('timestamptz', { name: 'rotate_after' })
  rotateAfter: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @Column('text', { name: 'revoked_reason', nullable: true })
  revokedReason: SessionRevokedReason | null;

  @Column('text', { name: 'user_agent', nullable: true })
  userAgent: string | null;

  @Column('text', { nullable: true })
  ip: string | null;
}
