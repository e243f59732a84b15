import { Global, Module } from '@nestjs/common';
import { UnitOfWork } from './unit-of-work.js';

/** Data access every domain shares: the unit of work (domains register their own entities). */
@Global()
@Module({ providers: [UnitOfWork], exports: [UnitOfWork] })
export class DatabaseModule {}
