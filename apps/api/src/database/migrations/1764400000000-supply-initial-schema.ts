import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supply: clips, the multipart uploads they are born from, their perceptual fingerprints and the
 * duplicates found among other organizations' clips. The clips' curation tables (policy
 * versions, people, releases, reviews) come in the next migration.
 */
export class SupplyInitialSchema1764400000000 implements MigrationInterface {
  name = 'SupplyInitialSchema1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE clips (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        state text NOT NULL CHECK (state IN
          ('uploading', 'processing', 'draft', 'in_review', 'listed', 'failed', 'rejected', 'delisted')),
        file_name text NOT NULL,
        title text NOT NULL,
        description text,
        tags text[] NOT NULL DEFAULT '{}',
        category text,
        captions text,
        camera_motion text,
        setting text,
        time_of_day text,
        country text CHECK (country ~ '^[A-Z]{2}$'),
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        declared_sha256 text CHECK (declared_sha256 ~ '^[0-9a-f]{64}$'),
        sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        duration_ms integer CHECK (duration_ms >= 0),
        width integer CHECK (width > 0),
        height integer CHECK (height > 0),
        fps numeric(7, 3),
        codec text,
        container text,
        bitrate bigint,
        has_audio boolean,
        original_key text NOT NULL,
        thumbnail_key text,
        preview_key text,
        processing_step text CHECK (processing_step IN
          ('hashing', 'probing', 'thumbnail', 'preview', 'fingerprint')),
        rejection_code text,
        rejection_message text,
        current_policy_version_id uuid,
        ownership_attested_by uuid REFERENCES users(id) ON DELETE SET NULL,
        ownership_attested_at timestamptz,
        submitted_at timestamptz,
        listed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT clips_failed_has_reason CHECK (state <> 'failed' OR rejection_code IS NOT NULL)
      )`);
    await db.query(
      `CREATE INDEX clips_org_created_idx ON clips (org_id, created_at DESC, id DESC)`,
    );
    await db.query(
      `CREATE INDEX clips_listed_idx ON clips (state, listed_at DESC, id DESC) WHERE state = 'listed'`,
    );
    await db.query(`CREATE INDEX clips_sha256_idx ON clips (sha256)`);

    await db.query(`
      CREATE TABLE uploads (
        id uuid PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        clip_id uuid NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        api_key_id uuid REFERENCES api_keys(id) ON DELETE SET NULL,
        bucket_key text NOT NULL,
        storage_upload_id text NOT NULL,
        file_name text NOT NULL,
        content_type text NOT NULL,
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        part_size_bytes bigint NOT NULL CHECK (part_size_bytes > 0),
        part_count integer NOT NULL CHECK (part_count BETWEEN 1 AND 10000),
        declared_sha256 text CHECK (declared_sha256 ~ '^[0-9a-f]{64}$'),
        state text NOT NULL CHECK (state IN ('uploading', 'completed', 'aborted')),
        idempotency_key text,
        request_hash text,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        aborted_at timestamptz,
        expires_at timestamptz NOT NULL,
        CONSTRAINT uploads_idempotency_pair CHECK ((idempotency_key IS NULL) = (request_hash IS NULL))
      )`);
    await db.query(`CREATE UNIQUE INDEX uploads_clip_key ON uploads (clip_id)`);
    await db.query(`CREATE UNIQUE INDEX uploads_bucket_key_key ON uploads (bucket_key)`);
    await db.query(
      `CREATE INDEX uploads_org_created_idx ON uploads (org_id, created_at DESC, id DESC)`,
    );
    await db.query(
      `CREATE UNIQUE INDEX uploads_idempotency_key ON uploads (org_id, idempotency_key)
       WHERE idempotency_key IS NOT NULL`,
    );
    // The cleanup job's walk: open uploads by expiry.
    await db.query(
      `CREATE INDEX uploads_open_expiry_idx ON uploads (expires_at) WHERE state = 'uploading'`,
    );

    // One row per sampled frame: a 64-bit dHash (stored as a signed bigint) and its four 16-bit
    // bands (stored as signed smallints) for the LSH lookup of near duplicates.
    await db.query(`
      CREATE TABLE clip_fingerprints (
        clip_id uuid NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
        frame_index integer NOT NULL CHECK (frame_index >= 0),
        t_ms integer NOT NULL CHECK (t_ms >= 0),
        hash bigint NOT NULL,
        band0 smallint NOT NULL,
        band1 smallint NOT NULL,
        band2 smallint NOT NULL,
        band3 smallint NOT NULL,
        PRIMARY KEY (clip_id, frame_index)
      )`);
    for (const band of [0, 1, 2, 3]) {
      await db.query(
        `CREATE INDEX clip_fingerprints_band${band}_idx ON clip_fingerprints (band${band})`,
      );
    }

    // A clip found to duplicate another organization's clip, for the operators' review. `score`
    // is the mean Hamming distance in bits between matched frames (0–64; 0 for exact copies).
    await db.query(`
      CREATE TABLE clip_duplicate_matches (
        clip_id uuid NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
        match_clip_id uuid NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('exact', 'near')),
        score numeric(6, 3) NOT NULL CHECK (score >= 0 AND score <= 64),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (clip_id, match_clip_id),
        CHECK (clip_id <> match_clip_id)
      )`);
    await db.query(
      `CREATE INDEX clip_duplicate_matches_match_idx ON clip_duplicate_matches (match_clip_id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['clip_duplicate_matches', 'clip_fingerprints', 'uploads', 'clips']) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
