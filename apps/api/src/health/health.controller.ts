import { Controller, Get, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Public } from '../access/access.decorator.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { ObjectStorage } from '../storage/object-storage.js';

const CheckResult = z.enum(['ok', 'failing']);
export const Readiness = z.strictObject({
  status: z.enum(['ready', 'not_ready']),
  checks: z.strictObject({ database: CheckResult, storage: CheckResult }),
});

@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly storage: ObjectStorage,
  ) {}

  @Get('live')
  @Public()
  @Endpoint({ summary: 'The process is up', response: z.strictObject({ status: z.literal('ok') }) })
  live() {
    return { status: 'ok' as const };
  }

  @Get('ready')
  @Public()
  @Endpoint({ summary: 'Database and storage answer (503 otherwise)', response: Readiness })
  async ready(@Res({ passthrough: true }) res: Response) {
    const [database, storage] = await Promise.all([
      this.db.query('SELECT 1').then(ok, failing),
      this.storage.check().then(ok, failing),
    ]);
    const ready = database === 'ok' && storage === 'ok';
    res.status(ready ? 200 : 503);
    return {
      status: ready ? ('ready' as const) : ('not_ready' as const),
      checks: { database, storage },
    };
  }
}

const ok = () => 'ok' as const;
const failing = () => 'failing' as const;
