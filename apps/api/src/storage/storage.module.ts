import { Module } from '@nestjs/common';
import { ObjectStorage } from './object-storage.js';
import { S3ObjectStorage } from './s3-object-storage.js';

/** Object storage: one S3 adapter serves Amazon S3, S3-compatible stores and the embedded s3rver. */
@Module({
  providers: [S3ObjectStorage, { provide: ObjectStorage, useExisting: S3ObjectStorage }],
  exports: [ObjectStorage],
})
export class StorageModule {}
