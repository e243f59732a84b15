import type {
  CameraMotionType,
  ClipCategoryType,
  ClipStateType,
  ProcessingStepType,
  ShotSettingType,
  TimeOfDayType,
} from '@clearframe/contracts/supply';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numberColumn } from '../database/column-transformers.js';

@Entity({ name: 'clips' })
export class ClipEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @Column('text')
  state: ClipStateType;

  /** The name the file was uploaded under (checked: no path, no control characters). */
  @Column('text', { name: 'file_name' })
  fileName: string;

  @Column('text')
  title: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('text', { array: true })
  tags: string[];

  @Column('text', { nullable: true })
  category: ClipCategoryType | null;

  /** Text describing the shot, for training. */
  @Column('text', { nullable: true })
  captions: string | null;

  @Column('text', { name: 'camera_motion', nullable: true })
  cameraMotion: CameraMotionType | null;

  @Column('text', { nullable: true })
  setting: ShotSettingType | null;

  @Column('text', { name: 'time_of_day', nullable: true })
  timeOfDay: TimeOfDayType | null;

  /** ISO 3166-1 alpha-2. */
  @Column('text', { nullable: true })
  country: string | null;

  /** Declared at upload; replaced by the stored object's size once verified. */
  @Column('bigint', { name: 'size_bytes', transformer: numberColumn })
  sizeBytes: number;

  @Column('text', { name: 'declared_sha256', nullable: true })
  declaredSha256: string | null;

  /** Computed by the verification job from the stored bytes. */
  @Column('text', { nullable: true })
  sha256: string | null;

  @Column('integer', { name: 'duration_ms', nullable: true })
  durationMs: number | null;

  @Column('integer', { nullable: true })
  width: number | null;

  @Column('integer', { nullable: true })
  height: number | null;

  @Column('numeric', { precision: 7, scale: 3, nullable: true, transformer: numberColumn })
  fps: number | null;

  @Column('text', { nullable: true })
  codec: string | null;

  @Column('text', { nullable: true })
  container: string | null;

  @Column('bigint', { nullable: true, transformer: numberColumn })
  bitrate: number | null;

  @Column('boolean', { name: 'has_audio', nullable: true })
  hasAudio: boolean | null;

  /** Key in the originals bucket. */
  @Column('text', { name: 'original_key' })
  originalKey: string;

  /** Keys in the previews bucket. */
  @Column('text', { name: 'thumbnail_key', nullable: true })
  thumbnailKey: string | null;

  @Column('text', { name: 'preview_key', nullable: true })
  previewKey: string | null;

  @Column('text', { name: 'processing_step', nullable: true })
  processingStep: ProcessingStepType | null;

  @Column('text', { name: 'rejection_code', nullable: true })
  rejectionCode: string | null;

  @Column('text', { name: 'rejection_message', nullable: true })
  rejectionMessage: string | null;

  @Column('uuid', { name: 'current_policy_version_id', nullable: true })
  currentPolicyVersionId: string | null;

  @Column('uuid', { name: 'ownership_attested_by', nullable: true })
  ownershipAttestedBy: string | null;

  @Column('timestamptz', { name: 'ownership_attested_at', nullable: true })
  ownershipAttestedAt: Date | null;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt: Date | null;

  @Column('timestamptz', { name: 'listed_at', nullable: true })
  listedAt: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  // Curation (migration 1764400000100). Optional so the upload path need not name them.

  /** Whether identifiable people appear: null until the creator says. */
  @Column('boolean', { name: 'identifiable_people', nullable: true })
  identifiablePeople?: boolean | null;

  /** The person who last submitted the clip for review (null for an API key). */
  @Column('uuid', { name: 'submitted_by', nullable: true })
  submittedBy?: string | null;
}
