import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { runCli } from './bootstrap.js';

// Booting the app runs pending migrations (under a lock, see database/migration.lock.ts); this
// reports where the schema stands.
await runCli(async (app) => {
  const db = app.get<DataSource>(getDataSourceToken());
  const rows: { name: string }[] = await db.query('SELECT name FROM migrations ORDER BY id');
  process.stdout.write(
    `Database schema is up to date (${rows.length} migrations):\n${rows.map((r) => `  ${r.name}`).join('\n')}\n`,
  );
});
