import type { TestApp } from '../test-app.js';

/**
 * What the fuzzer leaves out when it asks "did this request change anything?", and why:
 * - `rate_limit_buckets`: the limiter must count refused attempts, or it could not limit them;
 * - `migrations`: written once at boot;
 * - `sessions.last_seen_at` and `api_keys.last_used_at`: touched when a credential is
 *   authenticated, which happens before the route can refuse the request (idle expiry and the
 *   "last used" column depend on it). Any other column of those rows still counts.
 */
export const UNJOURNALED_TABLES = ['rate_limit_buckets', 'migrations'];
export const UNJOURNALED_COLUMNS: Record<string, string[]> = {
  sessions: ['last_seen_at'],
  api_keys: ['last_used_at'],
};

export interface Change {
  table: string;
  op: 'INSERT' | 'UPDATE' | 'DELETE';
  row: Record<string, unknown>;
}

/**
 * A change journal kept by triggers on every application table (every table of the `public`
 * schema when it is installed): each committed insert, update and delete lands in
 * `fuzz_journal.changes` in the same transaction. Checking a request is then one indexed read of
 * the rows after a marker — constant time however large the tables grow — where a checksum of
 * whole tables would cost more with every row the fuzzer creates. Updates that change only
 * unjournaled columns are not recorded.
 */
export async function installChangeJournal(t: TestApp) {
  const tables = (
    await t.sql<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )
  )
    .map((row) => row.name)
    .filter((name) => !UNJOURNALED_TABLES.includes(name));
  await t.sql(`CREATE SCHEMA fuzz_journal`);
  await t.sql(`CREATE TABLE fuzz_journal.changes (
    id bigserial PRIMARY KEY, tbl text NOT NULL, op text NOT NULL, row_data jsonb NOT NULL)`);
  await t.sql(`CREATE FUNCTION fuzz_journal.record() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE'
         AND (to_jsonb(OLD) - coalesce(TG_ARGV, '{}')) = (to_jsonb(NEW) - coalesce(TG_ARGV, '{}')) THEN
        RETURN NULL;
      END IF;
      INSERT INTO fuzz_journal.changes (tbl, op, row_data)
        VALUES (TG_TABLE_NAME, TG_OP, to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END));
      RETURN NULL;
    END $$`);
  for (const table of tables) {
    const ignored = (UNJOURNALED_COLUMNS[table] ?? []).map((c) => `'${c}'`).join(', ');
    await t.sql(
      `CREATE TRIGGER fuzz_journal AFTER INSERT OR UPDATE OR DELETE ON public."${table}"
       FOR EACH ROW EXECUTE FUNCTION fuzz_journal.record(${ignored})`,
    );
  }
  let marker = 0;
  return {
    tables,
    /** The changes committed since the previous call (or since installation). */
    async take(): Promise<Change[]> {
      const rows = await t.sql<{ id: string; tbl: string; op: Change['op']; row_data: object }>(
        `SELECT id, tbl, op, row_data FROM fuzz_journal.changes WHERE id > $1 ORDER BY id`,
        [marker],
      );
      if (rows.length) marker = Number(rows.at(-1)!.id);
      return rows.map((r) => ({ table: r.tbl, op: r.op, row: r.row_data as Change['row'] }));
    },
  };
}
