import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person who appears in a clip, and the release that covers them on it (if any yet). */
@Entity({ name: 'clip_people' })
export class ClipPersonEntity {
  @PrimaryColumn('uuid', { name: 'clip_id' })
  clipId: string;

  @PrimaryColumn('uuid', { name: 'person_id' })
  personId: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @Column('uuid', { name: 'release_id', nullable: true })
  releaseId: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
