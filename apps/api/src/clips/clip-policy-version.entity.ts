import type { ClipPolicyType, LicenseTemplateId } from '@clearframe/contracts/license';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One immutable version of a clip's policy (decision 011); orders will point at these rows. */
@Entity({ name: 'clip_policy_versions' })
export class ClipPolicyVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'clip_id' })
  clipId: string;

  @Column('integer')
  version: number;

  @Column('jsonb')
  policy: ClipPolicyType;

  @Column('text', { name: 'policy_hash' })
  policyHash: string;

  @Column('text', { name: 'template_id', nullable: true })
  templateId: LicenseTemplateId | null;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('uuid', { name: 'created_by_api_key', nullable: true })
  createdByApiKey: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
