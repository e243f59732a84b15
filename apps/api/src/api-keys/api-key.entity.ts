import type { ApiKeyScopeType } from '@clearframe/contracts/accounts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @Column('text')
  name: string;

  @Column('text')
  prefix: string;

  /** What the key may do; fixed at creation (at least one, from its organization kind's set). */
  @Column('text', { array: true })
  scopes: ApiKeyScopeType[];

  @Column('text', { name: 'secret_hash' })
  secretHash: string;

  /** Null once the person who created it deleted their account; the key stays the org's. */
  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
