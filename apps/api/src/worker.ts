import 'reflect-metadata';
import { createWorker } from './app.factory.js';
import { AppConfig } from './config/app-config.js';
import { ConfigError } from './config/config.schema.js';
import { Runtime } from './infra/runtime.js';

/**
 * The job worker: `node dist/worker.js`. It runs the API's modules with jobs on and no HTTP
 * server, for deployments where the API sets JOBS_ENABLED=false and workers scale on their own.
 * Against PostgreSQL any number may run. In embedded mode the API works its jobs itself (PGlite
 * belongs to one process), so a worker there needs a DATA_DIR of its own.
 */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = AppConfig.fromEnv({ ...process.env, JOBS_ENABLED: 'true' });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const runtime = await Runtime.start(config);
  const worker = await createWorker({ config, runtime }).catch(async (error: unknown) => {
    await runtime.stop();
    throw error;
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`\nClearframe worker: ${signal} received, finishing running jobs…\n`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await worker.close();
      await runtime.stop();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  process.stdout.write(
    `Clearframe worker running jobs (database: ${config.database.mode === 'postgres' ? 'PostgreSQL' : `embedded PGlite (${config.database.dir ?? 'in memory'})`})\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Clearframe worker failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
