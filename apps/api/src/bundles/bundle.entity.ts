import type { LicenseRequestType } from '@clearframe/contracts/license';
import type { RateCardType } from '@clearframe/contracts/pricing';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A lab's working set of clips and the use it intends. */
@Entity({ name: 'bundles' })
export class BundleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @Column('text')
  name: string;

  @Column('jsonb', { name: 'intended_use' })
  intendedUse: LicenseRequestType;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('uuid', { name: 'created_by_api_key', nullable: true })
  createdByApiKey: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

/** One clip of a bundle; the row carries the bundle's organization (a composite key keeps it so). */
@Entity({ name: 'bundle_clips' })
export class BundleClipEntity {
  @PrimaryColumn('uuid', { name: 'bundle_id' })
  bundleId: string;

  @PrimaryColumn('uuid', { name: 'clip_id' })
  clipId: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @Column('timestamptz', { name: 'added_at' })
  addedAt: Date;

  /** Insertion order (a database sequence): the bundle lists clips in the order they were named. */
  @Column({ type: 'bigint', insert: false, update: false })
  position?: string;
}

/** A published version of the public rate card; `id` is the card's own id. Never updated. */
@Entity({ name: 'rate_cards' })
export class RateCardEntity {
  @PrimaryColumn('text')
  id: string;

  /** Publication order (a database sequence). */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column('jsonb')
  card: RateCardType;

  @Column('uuid', { name: 'published_by', nullable: true })
  publishedBy: string | null;

  @Column('timestamptz', { name: 'published_at' })
  publishedAt: Date;
}
