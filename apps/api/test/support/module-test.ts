import {
  type DynamicModule,
  Global,
  type INestApplicationContext,
  Module,
  type ModuleMetadata,
  type Provider,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { OrgKindType, RoleType } from '@clearframe/contracts/accounts';
import { DataSource } from 'typeorm';
import { UserEntity } from '../../src/accounts/user.entity.js';
import { Clock } from '../../src/common/clock.js';
import { AppConfig } from '../../src/config/app-config.js';
import { DatabaseModule } from '../../src/database/database.module.js';
import { dataSourceOptions } from '../../src/database/database.options.js';
import { openDataSource } from '../../src/database/migration.lock.js';
import { sqlRows } from '../../src/database/sql.js';
import { Runtime } from '../../src/infra/runtime.js';
import { JobsService } from '../../src/jobs/jobs.service.js';
import type { OutboxRecord } from '../../src/mail/mailer.service.js';
import { FakeClock } from './fake-clock.js';
import { readOutbox } from './test-app.js';
import { createFreshDatabase, createTestEnvironment } from './test-environment.js';

/** The password every inserted user has; `PASSWORD_HASH` is its argon2id hash, computed once. */
export const PASSWORD = 'correct horse battery staple';
export const PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$WQfvyEEvx/cbZWcLvb7Crg$e0BH4yu9DaDV3ln7ZCvDGdJ7jYdJyuJfEqL6YKB+hJE';

type Imports = NonNullable<ModuleMetadata['imports']>;

export interface ModuleTestOptions {
  /** The module(s) under test. */
  imports: Imports;
  /**
   * App-wide bindings the module expects from the composition root (ports such as
   * `OperatorStatus`), with the modules they need.
   */
  global?: { imports?: Imports; providers?: Provider[] };
  env?: Record<string, string>;
}

export interface ModuleTest {
  app: INestApplicationContext;
  clock: FakeClock;
  config: AppConfig;
  get<T>(type: abstract new (...args: never[]) => T): T;
  /** Raw SQL on the test database, outside any unit of work. */
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  /** A user with `PASSWORD`, verified unless told otherwise; the clock moves on a second after. */
  insertUser(input?: { email?: string; name?: string; verified?: boolean }): Promise<UserEntity>;
  /** An organization with `ownerId` as its owner; the clock moves on a second after. */
  insertOrg(input: { kind: OrgKindType; ownerId: string; name?: string }): Promise<{
    id: string;
    name: string;
    kind: OrgKindType;
  }>;
  insertMember(orgId: string, userId: string, role: RoleType): Promise<void>;
  /** The audit rows written so far, oldest first. */
  auditRows(): Promise<AuditRow[]>;
  /** Delivers the queued mail (a job) and reads the outbox. */
  outbox(): Promise<OutboxRecord[]>;
  close(): Promise<void>;
}

export interface AuditRow {
  action: string;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  org_id: string | null;
  target_type: string | null;
  target_id: string | null;
  data: Record<string, unknown>;
  at: Date;
}

let sequence = 0;

/**
 * Boots one domain module (not the HTTP app) on a fresh, migrated database: configuration, a fake
 * clock, TypeORM with the migration lock's `openDataSource`, the unit of work, and whatever the
 * module imports itself (audit, mail, jobs…). For service specs beside the code.
 */
export async function bootModule(options: ModuleTestOptions): Promise<ModuleTest> {
  // Without DATABASE_URL, a new PGlite on a loopback port; with it, createTestEnvironment makes a
  // fresh database on that server.
  const pglite = process.env.DATABASE_URL ? undefined : await createFreshDatabase();
  const environment = await createTestEnvironment({
    ...(pglite ? { DATABASE_URL: pglite.url } : {}),
    ...options.env,
  });
  const config = AppConfig.fromEnv(environment.env);
  const clock = new FakeClock();
  const runtime = new Runtime(
    config.database.mode === 'postgres' ? config.database.url : '',
    pglite ? 'pglite' : 'postgres',
    { endpoint: undefined, region: 'test', credentials: undefined, forcePathStyle: true },
    [],
  );

  @Global()
  @Module({})
  class TestCoreModule {}
  const core: DynamicModule = {
    module: TestCoreModule,
    global: true,
    imports: options.global?.imports ?? [],
    providers: [
      { provide: AppConfig, useValue: config },
      { provide: Runtime, useValue: runtime },
      { provide: Clock, useValue: clock },
      ...(options.global?.providers ?? []),
    ],
    exports: [AppConfig, Runtime, Clock, ...(options.global?.providers ?? [])],
  };

  @Module({})
  class ModuleUnderTest {}
  const root: DynamicModule = {
    module: ModuleUnderTest,
    imports: [
      core,
      TypeOrmModule.forRootAsync({
        useFactory: () => ({ ...dataSourceOptions(config, runtime), autoLoadEntities: true }),
        dataSourceFactory: openDataSource,
      }),
      DatabaseModule,
      ...options.imports,
    ],
  };

  let app: INestApplicationContext;
  try {
    app = await NestFactory.createApplicationContext(root, { logger: false });
  } catch (error) {
    await environment.cleanup();
    await pglite?.stop();
    throw error;
  }
  const db = app.get(DataSource);
  const sql = <T>(text: string, params: unknown[] = []) => sqlRows<T>(db, text, params);

  return {
    app,
    clock,
    config,
    get: (type) => app.get(type as never),
    sql,
    async insertUser(input = {}) {
      sequence += 1;
      const now = clock.now();
      const [row] = await sql<{ id: string }>(
        `INSERT INTO users (email, name, password_hash, email_verified_at, password_changed_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
        [
          input.email ?? `person${sequence}@example.com`,
          input.name ?? `Person ${sequence}`,
          PASSWORD_HASH,
          input.verified === false ? null : now,
          now,
        ],
      );
      clock.advance(1_000);
      return db.manager.findOneByOrFail(UserEntity, { id: row!.id });
    },
    async insertOrg({ kind, ownerId, name }) {
      sequence += 1;
      const now = clock.now();
      const orgName = name ?? `Org ${sequence}`;
      const [row] = await sql<{ id: string }>(
        `INSERT INTO organizations (name, slug, kind, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
        [orgName, `org-${sequence}`, kind, now],
      );
      await sql(
        `INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, 'owner', $3)`,
        [row!.id, ownerId, now],
      );
      clock.advance(1_000);
      return { id: row!.id, name: orgName, kind };
    },
    async insertMember(orgId, userId, role) {
      await sql(
        `INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)`,
        [orgId, userId, role, clock.now()],
      );
      clock.advance(1_000);
    },
    auditRows: () =>
      sql<AuditRow>(
        `SELECT action, actor_user_id, actor_api_key_id, org_id, target_type, target_id, data, at
         FROM audit_log ORDER BY id`,
      ),
    async outbox() {
      await app.get(JobsService).drain();
      return readOutbox(config.mail.outboxDir);
    },
    async close() {
      await app.close();
      await environment.cleanup();
      await pglite?.stop();
    },
  };
}
