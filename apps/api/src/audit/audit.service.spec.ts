import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Request, Response } from 'express';
import { bootModule, type ModuleTest } from '../../test/support/module-test.js';
import { RequestContext } from '../common/http/request-context.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { AuditModule } from './audit.module.js';
import { AuditLog } from './audit.service.js';

describe('AuditLog', () => {
  let t: ModuleTest;
  let audit: AuditLog;
  let uow: UnitOfWork;

  beforeAll(async () => {
    t = await bootModule({ imports: [AuditModule] });
    audit = t.get(AuditLog);
    uow = t.get(UnitOfWork);
  });
  afterAll(() => t?.close());

  const rows = () =>
    t.sql(
      'SELECT at, actor_user_id, actor_api_key_id, org_id, action, target_type, target_id, data, request_id FROM audit_log ORDER BY id',
    );

  it('refuses to write outside a unit of work, and writes nothing', async () => {
    await expect(audit.record({ actor: {}, action: 'test.outside' })).rejects.toThrow(
      'Audit "test.outside" must be recorded inside UnitOfWork.run',
    );
    expect(await rows()).toEqual([]);
  });

  it('writes every field of the event at the clock’s time, with the request id', async () => {
    const at = t.clock.now();
    const ids = {
      user: '11111111-1111-4111-8111-111111111111',
      key: '22222222-2222-4222-8222-222222222222',
      org: '33333333-3333-4333-8333-333333333333',
    };
    await new Promise<void>((resolve, reject) => {
      RequestContext.middleware({ id: 'req-42' } as unknown as Request, {} as Response, () => {
        uow
          .run(() =>
            audit.record({
              actor: { userId: ids.user, apiKeyId: ids.key },
              action: 'test.full',
              orgId: ids.org,
              target: { type: 'thing', id: 'thing-1' },
              data: { from: 'a', to: 'b' },
            }),
          )
          .then(resolve, reject);
      });
    });
    t.clock.advance(1_000);
    await uow.run(() => audit.record({ actor: {}, action: 'test.bare' }));
    expect(await rows()).toEqual([
      {
        at,
        actor_user_id: ids.user,
        actor_api_key_id: ids.key,
        org_id: ids.org,
        action: 'test.full',
        target_type: 'thing',
        target_id: 'thing-1',
        data: { from: 'a', to: 'b' },
        request_id: 'req-42',
      },
      {
        at: new Date(at.getTime() + 1_000),
        actor_user_id: null,
        actor_api_key_id: null,
        org_id: null,
        action: 'test.bare',
        target_type: null,
        target_id: null,
        data: {},
        request_id: null,
      },
    ]);
  });

  it('rolls back with the unit of work it was written in', async () => {
    const before = await rows();
    await expect(
      uow.run(async () => {
        await audit.record({ actor: {}, action: 'test.rolled_back' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await rows()).toEqual(before);
  });
});
