import type { OrgBillingType, OrgKindType } from '@clearframe/contracts/accounts';
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

  /** How its orders are paid; only a lab is ever `invoice` (an operator decides). */
  @Column('text', { default: 'checkout' })
  billing: OrgBillingType;

  /** Where invoices are sent, for an invoiced lab. */
  @Column('text', { name: 'billing_email', nullable: true })
  billingEmail: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
