import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';

export interface AuditActor {
  userId?: string | null;
  apiKeyId?: string | null;
}

export interface AuditEvent {
  actor: AuditActor;
  action: string;
  orgId?: string | null;
  target?: { type: string; id: string };
  data?: Record<string, unknown>;
}

/** Append-only record of who did what; written in the same transaction as the change it records. */
@Injectable()
export class AuditLog {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(event: AuditEvent, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (at, actor_user_id, actor_api_key_id, org_id, action, target_type, target_id, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
      [
        this.clock.now(),
        event.actor.userId ?? null,
        event.actor.apiKeyId ?? null,
        event.orgId ?? null,
        event.action,
        event.target?.type ?? null,
        event.target?.id ?? null,
        JSON.stringify(event.data ?? {}),
      ],
    );
  }
}
