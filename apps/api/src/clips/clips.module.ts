import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { ClipFingerprintsRepository } from './clip-fingerprints.repository.js';
import { ClipEntity } from './clip.entity.js';
import { ClipPolicyVersionEntity } from './clip-policy-version.entity.js';
import { ClipsRepository } from './clips.repository.js';
import { ClipsService } from './clips.service.js';
import { PolicyVersionsRepository } from './policy-versions.repository.js';

/**
 * Clips: their lifecycle from upload to listing, the media side the upload path drives. Exports
 * the clips service, and the clip rows' and policy versions' repositories to its sibling
 * `ClipCurationModule` (the creator's, operators' and public side of the same clips, in this
 * folder) and to bundles, which price clips by their current policy version.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ClipEntity, ClipPolicyVersionEntity]), AuditModule],
  providers: [ClipsService, ClipsRepository, ClipFingerprintsRepository, PolicyVersionsRepository],
  exports: [ClipsService, ClipsRepository, PolicyVersionsRepository],
})
export class ClipsModule {}
