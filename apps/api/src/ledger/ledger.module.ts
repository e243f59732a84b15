import { Module } from '@nestjs/common';
import { LedgerService } from './ledger.service.js';

/** The double-entry ledger every money movement is posted to. */
@Module({ providers: [LedgerService], exports: [LedgerService] })
export class LedgerModule {}
