import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { MIGRATIONS } from './index.js';

const dir = path.dirname(fileURLToPath(import.meta.url));
const files = fs
  .readdirSync(dir)
  .filter((file) => /^\d+-.+\.ts$/.test(file) && !file.endsWith('.spec.ts'))
  .sort();

describe('migrations', () => {
  it('are files named <timestamp>-<domain>-<change>.ts, every one listed in order', () => {
    expect(files.length).toBe(MIGRATIONS.length);
    for (const file of files) expect(file).toMatch(/^\d{13}-[a-z][a-z0-9]*(-[a-z0-9]+)+\.ts$/);
    const timestamps = MIGRATIONS.map((Migration) => new Migration().name!.match(/\d{13}$/)![0]);
    expect(timestamps).toEqual(files.map((file) => file.slice(0, 13)));
  });

  it('keep the names databases already recorded (TypeORM matches applied migrations by name)', () => {
    // Renaming one re-runs it on every existing database; these are pinned, not derived.
    expect(MIGRATIONS.map((Migration) => new Migration().name)).toEqual(
      expect.arrayContaining(['Accounts1764000000000']),
    );
    expect(new MIGRATIONS[0]!().name).toBe('Accounts1764000000000');
  });
});
