import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { ClipFingerprintsRepository } from './clip-fingerprints.repository.js';
import { ClipEntity } from './clip.entity.js';
import { ClipsRepository } from './clips.repository.js';
import { ClipsService } from './clips.service.js';

/** Clips: their lifecycle from upload to listing. Exports the clips service. */
@Module({
  imports: [TypeOrmModule.forFeature([ClipEntity]), AuditModule],
  providers: [ClipsService, ClipsRepository, ClipFingerprintsRepository],
  exports: [ClipsService],
})
export class ClipsModule {}
