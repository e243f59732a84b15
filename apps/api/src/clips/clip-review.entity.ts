import type { ReviewDecisionType } from '@clearframe/contracts/supply';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An operator's decision on a submitted clip. */
@Entity({ name: 'clip_reviews' })
export class ClipReviewEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'clip_id' })
  clipId: string;

  @Column('uuid', { nullable: true })
  reviewer: string | null;

  @Column('text')
  decision: ReviewDecisionType;

  @Column('text', { nullable: true })
  reason: string | null;

  /** The policy version the decision was made on. */
  @Column('uuid', { name: 'policy_version_id', nullable: true })
  policyVersionId: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
