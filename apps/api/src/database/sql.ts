import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs raw SQL and returns its rows. TypeORM's postgres runner answers UPDATE/DELETE with
 * `[rows, rowCount]` and everything else with `rows`; this hides that difference.
 */
export async function sqlRows<T>(
  db: EntityManager | DataSource,
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
