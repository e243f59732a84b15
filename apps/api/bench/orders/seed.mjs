// SQL seeding for orders.bench.mjs: accounts, listed clips with policy versions, and fulfilled
// orders written straight into the tables (orders, order_terms, order_lines, license_grants), as
// the factories of the e2e suites do. Each function takes a `pg` pool or client.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DEFAULT_INTENDED_USE } from '@clearframe/contracts/demand';
import { LICENSE_TEMPLATES, termsHash } from '@clearframe/contracts/license';
import { policyFromTemplate, policyHash } from '@clearframe/contracts/supply';

const DAY_MS = 86_400_000;

/** A verified user with a live session (its bearer token), owner of a new organization. */
export async function seedMember(db, kind, name) {
  const suffix = randomBytes(4).toString('hex');
  const now = new Date();
  const [user] = (
    await db.query(
      `INSERT INTO users (email, name, password_hash, email_verified_at, password_changed_at, created_at)
       VALUES ($1, $2, $3, $4, $4, $4) RETURNING id`,
      [`bench-${suffix}@example.com`, `${name} owner`, 'not-a-password-hash', now],
    )
  ).rows;
  const token = `cfs_${randomBytes(32).toString('base64url')}`;
  await db.query(
    `INSERT INTO sessions (user_id, token_hash, created_at, last_seen_at, expires_at, rotate_after)
     VALUES ($1, $2, $3, $3, $4, $4)`,
    [
      user.id,
      createHash('sha256').update(token, 'utf8').digest('hex'),
      now,
      new Date(now.getTime() + DAY_MS),
    ],
  );
  const [org] = (
    await db.query(
      `INSERT INTO organizations (name, slug, kind, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [name, `bench-${kind}-${suffix}`, kind, now],
    )
  ).rows;
  await db.query(
    `INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, 'owner', $3)`,
    [org.id, user.id, now],
  );
  return { userId: user.id, orgId: org.id, token };
}

/** `count` creator studios without members (clips only need an owner organization). */
export async function seedCreators(db, count) {
  const suffix = randomBytes(4).toString('hex');
  const { rows } = await db.query(
    `INSERT INTO organizations (name, slug, kind, created_at)
     SELECT 'Bench studio ' || i, 'bench-studio-${suffix}-' || i, 'creator', now()
     FROM generate_series(1, $1) AS i RETURNING id`,
    [count],
  );
  return rows.map((row) => row.id);
}

/**
 * `count` clips, clip i owned by creator `i % creators.length`, each with a caption and a
 * distinct sha256; `listed` with a `training-standard` policy version at one of three rates when
 * `policies` is set (what a bundle needs), else listed without one (what a manifest needs: the
 * order lines freeze the policy version). Returns the ids in the order of i.
 */
export async function seedClips(db, { creators, count, prefix, policies = false }) {
  const ids = [];
  for (let start = 0; start < count; start += 25_000) {
    const size = Math.min(25_000, count - start);
    const { rows } = await db.query(
      `INSERT INTO clips (id, org_id, state, file_name, title, captions, category, size_bytes,
         sha256, duration_ms, width, height, fps, codec, original_key, identifiable_people,
         listed_at, created_at, updated_at)
       SELECT id, org, 'listed', $3 || '-' || lpad(i::text, 6, '0') || '.mp4', 'Bench clip ' || $3 || ' ' || i,
              'Boats leave the harbour at dawn under a pale sky, gulls overhead (shot ' || i || ').',
              'nature', 20000000 + i, encode(sha256(convert_to($3 || '-' || i, 'UTF8')), 'hex'),
              5000 + (i % 50) * 1000, 1920, 1080, 25, 'h264',
              'orgs/' || org || '/uploads/' || id || '/original', false, now(), now(), now()
       FROM (SELECT gen_random_uuid() AS id, ($1::uuid[])[1 + i % $2] AS org, i
             FROM generate_series($4::int, $5::int) AS i) AS s
       ORDER BY i
       RETURNING id`,
      [creators, creators.length, prefix, start, start + size - 1],
    );
    ids.push(...rows.map((row) => row.id));
  }
  if (policies) {
    const rates = [300, 500, 800];
    for (const [index, amountMinor] of rates.entries()) {
      const policy = policyFromTemplate('training-standard', { amountMinor, currency: 'USD' });
      const chosen = ids.filter((_, i) => i % rates.length === index);
      await db.query(
        `INSERT INTO clip_policy_versions (clip_id, version, policy, policy_hash, template_id, created_at)
         SELECT id, 1, $2::jsonb, $3, 'training-standard', now() FROM unnest($1::uuid[]) AS id`,
        [chosen, JSON.stringify(policy), policyHash(policy)],
      );
    }
    await db.query(
      `UPDATE clips c SET current_policy_version_id = v.id
       FROM clip_policy_versions v WHERE v.clip_id = c.id AND c.id = ANY($1::uuid[])`,
      [ids],
    );
  }
  return ids;
}

/**
 * A fulfilled order of `labId` over `clipIds` (in that Merkle order) under one set of terms,
 * with its active license grant. The grant's JWS is a placeholder: the manifest route reads the
 * grant's id and status, it does not verify the signature (the certificate route would).
 */
export async function seedFulfilledOrder(db, { labId, userId, clipIds, key }) {
  const terms = LICENSE_TEMPLATES['training-standard'].terms;
  const hash = termsHash(terms);
  const now = new Date();
  const n = clipIds.length;
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const [order] = (
      await client.query(
        `INSERT INTO orders (org_id, name, status, idempotency_key, request_fingerprint,
           intended_use, rate_card_id, currency, total_minor, platform_fee_minor,
           creator_share_minor, clip_count, total_duration_ms, quote, placed_by, created_at,
           paid_at, fulfilled_at)
         VALUES ($1, $2, 'fulfilled', $3, 'bench', $4, 'bench', 'USD', $5, $6, $7, $8, 0,
           '{"bench": "placeholder"}', $9, $10, $10, $10) RETURNING id`,
        [
          labId,
          `Bench manifest ${n}`,
          key,
          JSON.stringify(DEFAULT_INTENDED_USE),
          n * 100,
          n * 20,
          n * 80,
          n,
          userId,
          now,
        ],
      )
    ).rows;
    await client.query(
      `INSERT INTO order_terms (order_id, org_id, terms_hash, terms, clip_count) VALUES ($1, $2, $3, $4, $5)`,
      [order.id, labId, hash, JSON.stringify(terms), n],
    );
    for (let start = 0; start < n; start += 25_000) {
      await client.query(
        `INSERT INTO order_lines (order_id, org_id, clip_id, creator_org_id, policy_version_id,
           terms_hash, position, title, sha256, size_bytes, duration_ms, amount_minor,
           platform_fee_minor, creator_share_minor)
         SELECT $1, $2, c.id, c.org_id, gen_random_uuid(), $3, $5::int + u.ord::int - 1, c.title,
                c.sha256, c.size_bytes, c.duration_ms, 100, 20, 80
         FROM unnest($4::uuid[]) WITH ORDINALITY AS u(id, ord) JOIN clips c ON c.id = u.id`,
        [order.id, labId, hash, clipIds.slice(start, start + 25_000), start],
      );
    }
    const [{ seconds }] = (
      await client.query(
        `UPDATE orders SET total_duration_ms = (SELECT sum(duration_ms) FROM order_lines WHERE order_id = $1)
         WHERE id = $1 RETURNING total_duration_ms / 1000.0 AS seconds`,
        [order.id],
      )
    ).rows;
    const until = new Date(now);
    until.setUTCMonth(until.getUTCMonth() + 24);
    await client.query(
      `INSERT INTO license_grants (id, order_id, org_id, terms_hash, clips_root, clip_count,
         total_seconds, issued_at, valid_from, valid_until, key_id, jws, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, 'bench-placeholder', 'bench.placeholder.jws', 'active')`,
      [randomUUID(), order.id, labId, hash, '0'.repeat(64), n, seconds, now, until],
    );
    await client.query('COMMIT');
    return order.id;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
