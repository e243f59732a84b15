import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { ClipsModule } from '../clips/clips.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { MediaModule } from '../media/media.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { UploadEntity } from './upload.entity.js';
import { UploadVerifier } from './upload-verifier.js';
import { UploadsController } from './uploads.controller.js';
import { UploadsJobs } from './uploads.jobs.js';
import { UploadsRepository } from './uploads.repository.js';
import { UploadsService } from './uploads.service.js';

/** Multipart uploads of footage straight into storage, and their verification. */
@Module({
  imports: [
    TypeOrmModule.forFeature([UploadEntity]),
    AuditModule,
    ClipsModule,
    JobsModule,
    StorageModule,
    MediaModule,
  ],
  controllers: [UploadsController],
  providers: [UploadsService, UploadsRepository, UploadsJobs, UploadVerifier],
})
export class UploadsModule {}
