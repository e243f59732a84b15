import { Module } from '@nestjs/common';
import { AuditLog } from './audit.service.js';

@Module({ providers: [AuditLog], exports: [AuditLog] })
export class AuditModule {}
