import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Catalog search (docs/decisions/015-catalog-search.md, DESIGN §9 "Catalog search at 1M clips"):
 * a weighted English search vector and small facet columns on `clips`, one GIN index over both
 * (btree_gin puts the scalar facets beside the text, so the index intersects them), a keyset
 * index for newest-first, and the lexicon that trigram suggestions are drawn from.
 *
 * The facet codes are positions in the contracts' vocabularies (`CATALOG_FACET_CODES` in
 * `@clearframe/contracts/supply`); a spec checks that the two lists agree.
 */
export class CatalogSearch1764500000000 implements MigrationInterface {
  name = 'CatalogSearch1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    // array_to_string is STABLE (it calls type output functions); over text[] it cannot change,
    // and a generated column needs an IMMUTABLE expression.
    await db.query(`
      CREATE FUNCTION catalog_tags_text(tags text[]) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array_to_string(tags, ' ') $$`);

    await db.query(`
      ALTER TABLE clips
        ADD COLUMN search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english'::regconfig, title), 'A') ||
          setweight(to_tsvector('english'::regconfig, catalog_tags_text(tags)), 'B') ||
          setweight(to_tsvector('english'::regconfig, coalesce(captions, '')), 'C') ||
          setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'D')
        ) STORED,
        ADD COLUMN facet_category smallint GENERATED ALWAYS AS (
          array_position(ARRAY['nature', 'urban', 'people', 'animals', 'aerial', 'underwater',
            'sports', 'vehicles', 'industry', 'food', 'abstract', 'other']::text[], category)::smallint
        ) STORED,
        ADD COLUMN facet_motion smallint GENERATED ALWAYS AS (
          array_position(ARRAY['static', 'pan', 'tilt', 'zoom', 'dolly', 'tracking', 'handheld',
            'drone']::text[], camera_motion)::smallint
        ) STORED,
        -- By the short side, so a vertical 1080×1920 clip is 1080p (and also vertical).
        ADD COLUMN facet_resolution smallint GENERATED ALWAYS AS (
          CASE
            WHEN width IS NULL OR height IS NULL THEN NULL
            WHEN least(width, height) >= 2160 THEN 4
            WHEN least(width, height) >= 1080 THEN 3
            WHEN least(width, height) >= 720 THEN 2
            ELSE 1
          END::smallint
        ) STORED,
        ADD COLUMN facet_vertical boolean GENERATED ALWAYS AS (height > width) STORED,
        ADD COLUMN facet_fps smallint GENERATED ALWAYS AS (round(fps)::smallint) STORED,
        ADD COLUMN facet_duration smallint GENERATED ALWAYS AS (
          CASE
            WHEN duration_ms IS NULL THEN NULL
            WHEN duration_ms < 5000 THEN 1
            WHEN duration_ms < 10000 THEN 2
            WHEN duration_ms < 30000 THEN 3
            WHEN duration_ms < 60000 THEN 4
            WHEN duration_ms < 180000 THEN 5
            ELSE 6
          END::smallint
        ) STORED,
        -- From the current policy version (another table, so not a generated column): kept by
        -- the trigger below whenever the clip points at a new version.
        ADD COLUMN facet_uses smallint[] NOT NULL DEFAULT '{}',
        ADD COLUMN facet_exclusive boolean NOT NULL DEFAULT false`);

    await db.query(`
      CREATE FUNCTION clips_policy_facets() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        p jsonb;
      BEGIN
        SELECT policy INTO p FROM clip_policy_versions WHERE id = NEW.current_policy_version_id;
        IF p IS NULL THEN
          NEW.facet_uses := '{}';
          NEW.facet_exclusive := false;
        ELSE
          NEW.facet_uses := coalesce((
            SELECT array_agg(DISTINCT code ORDER BY code)
              FROM (SELECT array_position(ARRAY['ai-train', 'ai-finetune', 'ai-eval', 'ai-input',
                             'research']::text[], use)::smallint AS code
                      FROM jsonb_array_elements_text(p->'allowedUses') AS use) AS codes
             WHERE code IS NOT NULL), '{}');
          NEW.facet_exclusive := coalesce((p->'exclusivity'->>'offered')::boolean, false);
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER clips_policy_facets BEFORE INSERT OR UPDATE OF current_policy_version_id
      ON clips FOR EACH ROW EXECUTE FUNCTION clips_policy_facets()`);

    // Text and facets in one index, listed clips only. smallint and boolean columns go through
    // btree_gin; the uses array through the default array opclass (`@>`).
    await db.query(`
      CREATE INDEX clips_search_idx ON clips USING gin (
        search, facet_category, facet_resolution, facet_vertical, facet_fps, facet_duration,
        facet_motion, facet_exclusive, facet_uses
      ) WHERE state = 'listed'`);
    // Newest first by keyset, with or without text: (listed_at, id) of listed clips. The
    // supply migration's clips_listed_idx leads with the constant `state`; this one is narrower.
    await db.query(
      `CREATE INDEX clips_listed_newest_idx ON clips (listed_at DESC, id DESC) WHERE state = 'listed'`,
    );
    // Rare words were estimated at ~1,400 rows with the default target and sent the planner
    // down the newest-first index end to end (DESIGN §9).
    await db.query(`ALTER TABLE clips ALTER COLUMN search SET STATISTICS 1000`);

    // The words of listed clips (unstemmed, lower case), for "did you mean". Rebuilt by the
    // `catalog.lexicon` job; a word's `ndoc` ranks equally close suggestions.
    await db.query(`
      CREATE TABLE catalog_lexicon (
        word text PRIMARY KEY,
        ndoc integer NOT NULL CHECK (ndoc > 0)
      )`);
    // GiST, not GIN: it answers `ORDER BY word <-> $1 LIMIT 1` (nearest first) without a
    // similarity threshold, which would have to be a session setting.
    await db.query(
      `CREATE INDEX catalog_lexicon_trgm_idx ON catalog_lexicon USING gist (word gist_trgm_ops)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS catalog_lexicon`);
    await db.query(`DROP INDEX IF EXISTS clips_listed_newest_idx`);
    await db.query(`DROP INDEX IF EXISTS clips_search_idx`);
    await db.query(`DROP TRIGGER IF EXISTS clips_policy_facets ON clips`);
    await db.query(`DROP FUNCTION IF EXISTS clips_policy_facets()`);
    await db.query(`
      ALTER TABLE clips
        DROP COLUMN IF EXISTS facet_exclusive,
        DROP COLUMN IF EXISTS facet_uses,
        DROP COLUMN IF EXISTS facet_duration,
        DROP COLUMN IF EXISTS facet_fps,
        DROP COLUMN IF EXISTS facet_vertical,
        DROP COLUMN IF EXISTS facet_resolution,
        DROP COLUMN IF EXISTS facet_motion,
        DROP COLUMN IF EXISTS facet_category,
        DROP COLUMN IF EXISTS search`);
    await db.query(`DROP FUNCTION IF EXISTS catalog_tags_text(text[])`);
    await db.query(`DROP EXTENSION IF EXISTS pg_trgm`);
    await db.query(`DROP EXTENSION IF EXISTS btree_gin`);
  }
}
