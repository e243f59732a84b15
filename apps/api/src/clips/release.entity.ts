import type { ConsentFlagsType, ReleaseDocumentTypeType } from '@clearframe/contracts/supply';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numberColumn } from '../database/column-transformers.js';

/**
 * A person's signed release: the document in the documents bucket and the consent it gives.
 * `pending` until the stored bytes are recognised as a PDF or an image.
 */
@Entity({ name: 'releases' })
export class ReleaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'org_id' })
  orgId: string;

  @Column('uuid', { name: 'person_id' })
  personId: string;

  @Column('text')
  state: 'pending' | 'confirmed';

  /** Key in the documents bucket. */
  @Column('text', { name: 'document_key' })
  documentKey: string;

  @Column('text', { name: 'file_name' })
  fileName: string;

  /** What the client said it would upload; only a hint for the presigned PUT. */
  @Column('text', { name: 'declared_content_type' })
  declaredContentType: string;

  /** What the stored bytes were recognised as. */
  @Column('text', { name: 'content_type', nullable: true })
  contentType: ReleaseDocumentTypeType | null;

  @Column('bigint', { name: 'size_bytes', nullable: true, transformer: numberColumn })
  sizeBytes: number | null;

  /** `YYYY-MM-DD` (a date column comes back from the driver as this string). */
  @Column('date', { name: 'signed_on' })
  signedOn: string;

  @Column('jsonb')
  consent: ConsentFlagsType;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('uuid', { name: 'created_by_api_key', nullable: true })
  createdByApiKey: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'confirmed_at', nullable: true })
  confirmedAt: Date | null;
}
