import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { RoyaltiesController } from './royalties.controller.js';
import { RoyaltiesJobs } from './royalties.jobs.js';
import { RoyaltyStatementsRepository } from './royalty-statements.repository.js';
import { RoyaltyStatementsService } from './royalty-statements.service.js';

/** Monthly royalty statements per creator studio, from the ledger, with their CSV and PDF. */
@Module({
  imports: [StorageModule, JobsModule],
  controllers: [RoyaltiesController],
  providers: [RoyaltyStatementsService, RoyaltyStatementsRepository, RoyaltiesJobs],
  exports: [RoyaltyStatementsService],
})
export class RoyaltiesModule {}
