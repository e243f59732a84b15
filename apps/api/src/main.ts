import 'reflect-metadata';
import { createApp, reinstateLogger } from './app.factory.js';
import { AppConfig } from './config/app-config.js';
import { ConfigError } from './config/config.schema.js';
import { Runtime } from './infra/runtime.js';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { ffmpegBinary } from './media/media-binaries.js';
import { seedDemoCatalog } from './seed/demo-catalog.js';
import { seedDemo, type DemoLogin } from './seed/demo-seed.js';
import { seedDemoSales } from './seed/demo-sales.js';
import { JobsService } from './jobs/jobs.service.js';
import { previousPeriod } from './royalties/royalty-period.js';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = AppConfig.fromEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const runtime = await Runtime.start(config);
  let closing = false;
  const app = await createApp({ config, runtime }).catch(async (error: unknown) => {
    await runtime.stop();
    throw error;
  });

  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`\nClearframe API: ${signal} received, shutting down…\n`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app.close();
      await runtime.stop();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen(config.server.port, config.server.host);
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://${config.server.host}:${address.port}`;

  const lines = [
    `Clearframe API listening on ${url}  (OpenAPI: ${url}/docs)`,
    `  database: ${config.database.mode === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite (${config.database.dir})`}`,
    `  storage:  ${config.storage.mode === 's3' ? `S3 (${config.storage.endpoint ?? 'AWS'})` : `embedded s3rver (${config.storage.dir})`}`,
    `  mail:     ${config.mail.smtpUrl ? 'SMTP' : `local outbox (${config.mail.outboxDir})`}`,
    `  jobs:     ${config.jobs.enabled ? 'worked in this process' : 'queued for the worker (JOBS_ENABLED=false)'}`,
  ];
  let demoLogins: DemoLogin[] | undefined;
  if (config.seedDemo) {
    const { seeded, logins } = await seedDemo(app);
    demoLogins = logins;
    lines.push(seeded ? '  demo data: seeded' : '  demo data: present');
    lines.push('  demo logins:');
    for (const login of logins)
      lines.push(
        `    ${login.kind.padEnd(8)} ${login.email.padEnd(30)} ${login.password}  (${login.org})`,
      );
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  if (demoLogins) {
    // The demo catalog goes through the real upload, verification and review path, in the
    // background: the API is ready now, and the studios show each clip's progress meanwhile.
    const logger = new Logger('DemoCatalog');
    void seedDemoCatalog({
      apiUrl: url,
      ffmpegPath: ffmpegBinary(config.media),
      workDir: path.join(config.server.dataDir, 'demo-footage'),
      logins: demoLogins,
      logger,
    })
      .then(async ({ listed }) => {
        if (listed > 0) logger.log(`demo catalog: ${listed} clips listed`);
        // Last month's sales for the demo lab, so the monthly statements have something to state.
        // The seed's own application takes over Nest's logger (at its level) until this takes it back.
        const { orders } = await seedDemoSales({
          env: process.env,
          runtime,
          labName: demoLogins.find((login) => login.kind === 'lab')!.org,
          studioNames: demoLogins
            .filter((login) => login.kind === 'creator')
            .map((login) => login.org) as [string, string],
          logger,
        }).finally(() => reinstateLogger(app));
        // The month-end run the cron would have made on the 1st, queued like any job: the studios
        // open last month's statements (and the payouts that follow) without a command.
        if (orders > 0) {
          const period = previousPeriod(new Date()).id;
          logger.log(`demo sales: ${orders} orders in ${period}; its statement run is queued`);
          await app.get(JobsService).send('royalties.statements', { period });
        }
      })
      .then(
        () => undefined,
        (error: unknown) =>
          logger.warn(
            `demo catalog incomplete: ${error instanceof Error ? error.message : String(error)}`,
          ),
      );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Clearframe API failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
