import { Module } from '@nestjs/common';
import { EarningsController } from './earnings.controller.js';
import { EarningsRepository } from './earnings.repository.js';
import { EarningsService } from './earnings.service.js';

/** A creator studio's earnings, read from the ledger and the order lines it was paid for. */
@Module({
  controllers: [EarningsController],
  providers: [EarningsService, EarningsRepository],
})
export class EarningsModule {}
