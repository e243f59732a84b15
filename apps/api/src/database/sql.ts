/**
 * Runs raw SQL and returns its rows. TypeORM's postgres runner answers UPDATE/DELETE with
 * `[rows, rowCount]` and everything else with `rows`; this hides that difference. `db` is an
 * EntityManager, a DataSource or a QueryRunner.
 */
export async function sqlRows<T>(
  db: { query(text: string, params?: unknown[]): Promise<unknown> },
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const result: unknown = await db.query(text, params);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}

/**
 * Raw SQL rows come back with the columns' snake_case names; the code reads camelCase. The pg
 * driver already parses timestamptz into Date, so only the names change. `T` is the caller's
 * promise about the selected columns, as with any raw query.
 */
export function camelRow<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    out[column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  return out as T;
}

/** `sqlRows` with camelCase keys: the one way raw SELECTs are mapped. */
export async function selectRows<T>(
  db: { query(text: string, params?: unknown[]): Promise<unknown> },
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  return (await sqlRows<Record<string, unknown>>(db, text, params)).map((row) => camelRow<T>(row));
}
