import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Someone who appears in an organization's footage, by name or pseudonym. */
@Entity({ name: 'people' })
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @Column('text')
  name: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
