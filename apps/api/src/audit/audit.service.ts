import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { RequestContext } from '../common/http/request-context.js';
import { UnitOfWork } from '../database/unit-of-work.js';

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

/**
 * Append-only record of who did what, written in the transaction of the change it records: it
 * refuses to write outside a unit of work, so a change and its audit row commit together or not
 * at all. The request id ties the row to the request's log lines.
 */
@Injectable()
export class AuditLog {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async record(event: AuditEvent): Promise<void> {
    if (!this.uow.inTransaction()) {
      throw new Error(`Audit "${event.action}" must be recorded inside UnitOfWork.run`);
    }
    await this.uow.manager().query(
      `INSERT INTO audit_log (at, actor_user_id, actor_api_key_id, org_id, action, target_type, target_id, data, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)`,
      [
        this.clock.now(),
        event.actor.userId ?? null,
        event.actor.apiKeyId ?? null,
        event.orgId ?? null,
        event.action,
        event.target?.type ?? null,
        event.target?.id ?? null,
        JSON.stringify(event.data ?? {}),
        RequestContext.requestId() ?? null,
      ],
    );
  }
}
