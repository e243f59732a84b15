import type { RoleType } from '@clearframe/contracts/accounts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'memberships' })
export class MembershipEntity {
  @PrimaryColumn('uuid', { name: 'org_id' })
  orgId: string;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @Column('text')
  role: RoleType;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
