import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { ClipFingerprintsRepository } from './clip-fingerprints.repository.js';
import { ClipEntity } from './clip.entity.js';
import { ClipsRepository } from './clips.repository.js';
import { ClipsService } from './clips.service.js';

/**
 * Clips: their lifecycle from upload to listing, the media side the upload path drives. Exports
 * the clips service, and the clip rows' repository to its sibling `ClipCurationModule` (the
 * creator's, operators' and public side of the same clips, in this folder).
 */
@Module({
  imports: [TypeOrmModule.forFeature([ClipEntity]), AuditModule],
  providers: [ClipsService, ClipsRepository, ClipFingerprintsRepository],
  exports: [ClipsService, ClipsRepository],
})
export class ClipsModule {}
