import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { ClipsModule } from '../clips/clips.module.js';
import { UploadEntity } from './upload.entity.js';

/** Multipart uploads of footage straight into storage, and their verification. */
@Module({
  imports: [TypeOrmModule.forFeature([UploadEntity]), AuditModule, ClipsModule],
})
export class UploadsModule {}
