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
