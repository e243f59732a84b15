import type { OrgKindType } from '@clearframe/contracts/accounts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'organizations' })
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  slug: string;

  @Column('text')
  kind: OrgKindType;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
