import { DEFAULT_INTENDED_USE } from '@clearframe/contracts/demand';
import type { LicenseRequestType } from '@clearframe/contracts/license';
import { type FactoryTarget, nextInstant, uniqueSuffix } from './ids.js';

export interface TestBundle {
  id: string;
  orgId: string;
  name: string;
}

/** Inserts a bundle of the lab `orgId` holding `clipIds` in that order (the clips are not checked). */
export async function createBundle(
  t: FactoryTarget,
  orgId: string,
  options: { name?: string; clipIds?: string[]; intendedUse?: LicenseRequestType } = {},
): Promise<TestBundle> {
  const name = options.name ?? `Bundle ${uniqueSuffix()}`;
  const now = nextInstant(t);
  const [row] = await t.sql<{ id: string }>(
    `INSERT INTO bundles (org_id, name, intended_use, created_at, updated_at)
     VALUES ($1, $2, $3::jsonb, $4, $4) RETURNING id`,
    [orgId, name, JSON.stringify(options.intendedUse ?? DEFAULT_INTENDED_USE), now],
  );
  for (const clipId of options.clipIds ?? []) {
    await t.sql(
      `INSERT INTO bundle_clips (bundle_id, clip_id, org_id, added_at) VALUES ($1, $2, $3, $4)`,
      [row!.id, clipId, orgId, now],
    );
  }
  return { id: row!.id, orgId, name };
}
