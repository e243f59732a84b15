import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { ClipEntity } from './clip.entity.js';
import { ClipsRepository } from './clips.repository.js';
import { ClipsService } from './clips.service.js';

/** Clips: their lifecycle from upload to listing. Exports the clips service. */
@Module({
  imports: [TypeOrmModule.forFeature([ClipEntity]), AuditModule],
  providers: [ClipsService, ClipsRepository],
  exports: [ClipsService],
})
export class ClipsModule {}
