import { Injectable } from '@nestjs/common';
import { sqlRows } from '../database/sql.js';
import { UnitOfWork } from '../database/unit-of-work.js';

/** One sampled frame of a clip's perceptual fingerprint, as stored. */
export interface FingerprintFrameRow {
  frameIndex: number;
  tMs: number;
  /** The 64-bit dHash as a signed 64-bit integer (PostgreSQL bigint). */
  hash: bigint;
  /** Its four 16-bit bands as signed 16-bit integers (PostgreSQL smallint). */
  bands: [number, number, number, number];
}

export interface DuplicateMatchRow {
  matchClipId: string;
  kind: 'exact' | 'near';
  /** Mean Hamming distance in bits (0 for exact copies). */
  score: number;
}

/**
 * Fingerprints of verified clips, and the duplicates found among other organizations' clips.
 * Lookups exclude the asking organization: a creator re-uploading their own clip is not flagged.
 */
@Injectable()
export class ClipFingerprintsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** Replaces the clip's fingerprint (a retried job writes the same rows again). */
  async replace(clipId: string, frames: FingerprintFrameRow[]): Promise<void> {
    const db = this.uow.manager();
    await db.query('DELETE FROM clip_fingerprints WHERE clip_id = $1', [clipId]);
    if (frames.length === 0) return;
    await db.query(
      `INSERT INTO clip_fingerprints (clip_id, frame_index, t_ms, hash, band0, band1, band2, band3)
       SELECT $1, * FROM unnest($2::int[], $3::int[], $4::bigint[], $5::smallint[], $6::smallint[],
         $7::smallint[], $8::smallint[])`,
      [
        clipId,
        frames.map((frame) => frame.frameIndex),
        frames.map((frame) => frame.tMs),
        frames.map((frame) => frame.hash.toString()),
        ...[0, 1, 2, 3].map((band) => frames.map((frame) => frame.bands[band]!)),
      ],
    );
  }

  /** Other organizations' verified clips with exactly these bytes. */
  async sameBytes(orgId: string, clipId: string, sha256: string): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(
      this.uow.manager(),
      `SELECT id FROM clips WHERE sha256 = $1 AND org_id <> $2 AND id <> $3 ORDER BY created_at, id`,
      [sha256, orgId, clipId],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Candidate near duplicates (LSH, DESIGN §9): other organizations' clips with a frame sharing at
   * least two of four bands with one of the probe frames, most hits first. Each band lookup uses
   * that band's index; the frames are compared exactly afterwards.
   */
  async candidates(
    orgId: string,
    clipId: string,
    probe: [number, number, number, number][],
    limit = 50,
  ): Promise<string[]> {
    if (probe.length === 0) return [];
    const bandJoin = (band: number) =>
      `SELECT f.clip_id, f.frame_index, p.i, f.band0, f.band1, f.band2, f.band3, p.b0, p.b1, p.b2, p.b3
         FROM probe p JOIN clip_fingerprints f ON f.band${band} = p.b${band}`;
    const rows = await sqlRows<{ clip_id: string }>(
      this.uow.manager(),
      `WITH probe AS (
         SELECT * FROM unnest($1::smallint[], $2::smallint[], $3::smallint[], $4::smallint[])
           WITH ORDINALITY AS p(b0, b1, b2, b3, i)
       ),
       hits AS (${[0, 1, 2, 3].map(bandJoin).join(' UNION ')}),
       -- Grouped before the join: a handful of clips reach it, each found by its primary key.
       -- Joined first, the planner (expecting thousands of band hits) scans every clip.
       matched AS MATERIALIZED (
         SELECT h.clip_id, count(*) AS frames
           FROM hits h
          WHERE h.clip_id <> $6
            AND (h.band0 = h.b0)::int + (h.band1 = h.b1)::int + (h.band2 = h.b2)::int
              + (h.band3 = h.b3)::int >= 2
          GROUP BY h.clip_id
       )
       SELECT m.clip_id
         FROM matched m JOIN clips c ON c.id = m.clip_id
        WHERE c.org_id <> $5
        ORDER BY m.frames DESC, m.clip_id
        LIMIT $7`,
      [...[0, 1, 2, 3].map((band) => probe.map((bands) => bands[band]!)), orgId, clipId, limit],
    );
    return rows.map((row) => row.clip_id);
  }

  /** The stored frame hashes (signed 64-bit) of each clip, in frame order. */
  async hashesOf(clipIds: string[]): Promise<Map<string, bigint[]>> {
    const result = new Map<string, bigint[]>(clipIds.map((id) => [id, []]));
    if (clipIds.length === 0) return result;
    const rows = await sqlRows<{ clip_id: string; hash: string }>(
      this.uow.manager(),
      `SELECT clip_id, hash::text AS hash FROM clip_fingerprints WHERE clip_id = ANY($1::uuid[])
        ORDER BY clip_id, frame_index`,
      [clipIds],
    );
    for (const row of rows) result.get(row.clip_id)!.push(BigInt(row.hash));
    return result;
  }

  /** Records (or updates) the clip's duplicate matches. */
  async recordMatches(clipId: string, matches: DuplicateMatchRow[], at: Date): Promise<void> {
    if (matches.length === 0) return;
    await this.uow.manager().query(
      `INSERT INTO clip_duplicate_matches (clip_id, match_clip_id, kind, score, created_at)
       SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::numeric[], $5::timestamptz[])
       ON CONFLICT (clip_id, match_clip_id) DO UPDATE SET kind = excluded.kind, score = excluded.score`,
      [
        clipId,
        matches.map((match) => match.matchClipId),
        matches.map((match) => match.kind),
        matches.map((match) => Math.round(match.score * 1000) / 1000),
        matches.map(() => at),
      ],
    );
  }
}
