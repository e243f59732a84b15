// SQL seeding for royalties.bench.mjs: creator studios, labs, clips, and fulfilled orders with the
// ledger entries a real sale posts (LedgerService.post via OrderPayments.fulfil: one journal entry
// of kind `sale` per order, keyed `sale:<orderId>`, lines cash +total, one creator-payable −share
// per creator in org-id order, platform-fees −fee), written straight into the tables in large
// transactions, all recorded inside one statement period. The license grants a sale also issues
// are not written: the statement run never reads them.
import { DEFAULT_INTENDED_USE } from '@clearframe/contracts/demand';
import { LICENSE_TEMPLATES, termsHash } from '@clearframe/contracts/license';

export const LINES_PER_ORDER = 10;

/**
 * Creators 0…C−1, each with `clipsPerCreator` listed clips (clip n is creator n % C's), and
 * `labs` lab organizations, in temporary tables of `client`'s session (b_creators, b_clips,
 * b_labs) so the order batches can join them; plus the creator-payable, cash and platform-fee
 * accounts. Returns the account ids of cash and platform fees.
 */
export async function seedParties(client, { creators, clipsPerCreator, labs, suffix }) {
  await client.query(
    `CREATE TEMP TABLE b_creators AS
       SELECT i AS n, gen_random_uuid() AS id, NULL::uuid AS account_id
       FROM generate_series(0, $1::int - 1) AS i`,
    [creators],
  );
  await client.query(`ALTER TABLE b_creators ADD PRIMARY KEY (n)`);
  await client.query(
    `INSERT INTO organizations (id, name, slug, kind, created_at)
     SELECT id, 'Bench studio ' || n, 'bench-roy-${suffix}-c-' || n, 'creator', now() FROM b_creators`,
  );
  await client.query(
    `CREATE TEMP TABLE b_labs AS
       SELECT i AS n, gen_random_uuid() AS id FROM generate_series(0, $1::int - 1) AS i`,
    [labs],
  );
  await client.query(`ALTER TABLE b_labs ADD PRIMARY KEY (n)`);
  await client.query(
    `INSERT INTO organizations (id, name, slug, kind, created_at)
     SELECT id, 'Bench lab ' || n, 'bench-roy-${suffix}-l-' || n, 'lab', now() FROM b_labs`,
  );
  await client.query(
    `CREATE TEMP TABLE b_clips AS
       SELECT i AS n, gen_random_uuid() AS id, c.id AS org_id, 'Bench clip ' || i AS title,
              encode(sha256(convert_to('bench-roy-${suffix}-' || i, 'UTF8')), 'hex') AS sha256,
              (20000000 + i)::bigint AS size_bytes, 5000 + (i % 50) * 1000 AS duration_ms
       FROM generate_series(0, $1::int * $2::int - 1) AS i JOIN b_creators c ON c.n = i % $1::int`,
    [creators, clipsPerCreator],
  );
  await client.query(`ALTER TABLE b_clips ADD PRIMARY KEY (n)`);
  await client.query(
    `INSERT INTO clips (id, org_id, state, file_name, title, captions, category, size_bytes,
       sha256, duration_ms, width, height, fps, codec, original_key, identifiable_people,
       listed_at, created_at, updated_at)
     SELECT id, org_id, 'listed', 'roy-' || lpad(n::text, 7, '0') || '.mp4', title,
            'Boats leave the harbour at dawn under a pale sky, gulls overhead (shot ' || n || ').',
            'nature', size_bytes, sha256, duration_ms, 1920, 1080, 25, 'h264',
            'orgs/' || org_id || '/uploads/' || id || '/original', false, now(), now(), now()
     FROM b_clips ORDER BY n`,
  );
  const account = async (code, kind, orgId) =>
    (
      await client.query(
        `INSERT INTO ledger_accounts (code, kind, org_id, currency, created_at)
         VALUES ($1, $2, $3, 'USD', now()) ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code
         RETURNING id`,
        [code, kind, orgId],
      )
    ).rows[0].id;
  const cash = await account('cash:offline:USD', 'asset', null);
  const fees = await account('platform-fees:USD', 'revenue', null);
  await client.query(
    `INSERT INTO ledger_accounts (code, kind, org_id, currency, created_at)
     SELECT 'creator-payable:' || id || ':USD', 'liability', id, 'USD', now() FROM b_creators`,
  );
  await client.query(
    `UPDATE b_creators c SET account_id = a.id FROM ledger_accounts a
      WHERE a.code = 'creator-payable:' || c.id || ':USD'`,
  );
  return { cash, fees };
}

/**
 * Orders first…last (inclusive) of `orders`, in one transaction: order o is lab o % L's, its
 * 10 lines are the clips of creators (10·o + j) mod C (distinct creators, one clip each, at 300,
 * 550 or 800 minor units, 20 % fee), its sale entry recorded at a time spread across 27 days of
 * the period. Returns the milliseconds spent inserting and in COMMIT (where the ledger's deferred
 * balance triggers run, once per inserted journal entry and journal line).
 */
export async function seedOrderBatch(
  client,
  { first, last, orders, creators, clipsPerCreator, labs, accounts, periodStart, suffix },
) {
  const terms = LICENSE_TEMPLATES['training-standard'].terms;
  const hash = termsHash(terms);
  const t0 = performance.now();
  const ms = {};
  const step = async (name, sql, values = []) => {
    const s = performance.now();
    await client.query(sql, values);
    ms[name] = (ms[name] ?? 0) + performance.now() - s;
  };
  await client.query('BEGIN');
  try {
    await step(
      'temp',
      `CREATE TEMP TABLE b_orders ON COMMIT DROP AS
         SELECT o AS n, gen_random_uuid() AS id, gen_random_uuid() AS entry_id, l.id AS lab_id,
                $3::timestamptz + (o::float8 / $4::int) * interval '27 days' AS at
         FROM generate_series($1::int, $2::int) AS o JOIN b_labs l ON l.n = o % $5::int`,
      [first, last, periodStart, orders, labs],
    );
    await step(
      'temp',
      `CREATE TEMP TABLE b_lines ON COMMIT DROP AS
         SELECT o.id AS order_id, o.lab_id, j AS position, cl.id AS clip_id, cl.org_id AS creator_id,
                cl.title, cl.sha256, cl.size_bytes, cl.duration_ms,
                (300 + ((o.n + j) % 3) * 250)::bigint AS amount
         FROM b_orders o CROSS JOIN generate_series(0, ${LINES_PER_ORDER - 1}) AS j
         JOIN b_clips cl ON cl.n = ((o.n * ${LINES_PER_ORDER} + j) % $1::int)
                          + (((o.n * ${LINES_PER_ORDER} + j) / $1::int) % $2::int) * $1::int`,
      [creators, clipsPerCreator],
    );
    await step(
      'temp',
      `CREATE TEMP TABLE b_totals ON COMMIT DROP AS
         SELECT order_id, sum(amount) AS total, sum(amount / 5) AS fee, sum(duration_ms) AS duration
         FROM b_lines GROUP BY order_id`,
    );
    await step(
      'orders',
      `INSERT INTO orders (id, org_id, name, status, idempotency_key, request_fingerprint,
         intended_use, rate_card_id, currency, total_minor, platform_fee_minor,
         creator_share_minor, clip_count, total_duration_ms, quote, placed_by, created_at,
         paid_at, fulfilled_at)
       SELECT o.id, o.lab_id, 'Bench royalties order ' || o.n, 'fulfilled',
              'bench-roy-${suffix}-' || o.n, 'bench', $1::jsonb, 'bench', 'USD', t.total, t.fee,
              t.total - t.fee, ${LINES_PER_ORDER}, t.duration, '{"bench": "placeholder"}', NULL,
              o.at, o.at, o.at
       FROM b_orders o JOIN b_totals t ON t.order_id = o.id`,
      [JSON.stringify(DEFAULT_INTENDED_USE)],
    );
    await step(
      'orders',
      `INSERT INTO order_terms (order_id, org_id, terms_hash, terms, clip_count)
       SELECT id, lab_id, $1, $2::jsonb, ${LINES_PER_ORDER} FROM b_orders`,
      [hash, JSON.stringify(terms)],
    );
    await step(
      'order_lines',
      `INSERT INTO order_lines (order_id, org_id, clip_id, creator_org_id, policy_version_id,
         terms_hash, position, title, sha256, size_bytes, duration_ms, amount_minor,
         platform_fee_minor, creator_share_minor)
       SELECT order_id, lab_id, clip_id, creator_id, gen_random_uuid(), $1, position, title,
              sha256, size_bytes, duration_ms, amount, amount / 5, amount - amount / 5
       FROM b_lines`,
      [hash],
    );
    await step(
      'journal_entries',
      `INSERT INTO journal_entries (id, idempotency_key, kind, order_id, description, occurred_at, recorded_at)
       SELECT entry_id, 'sale:' || id, 'sale', id,
              'Sale of order ' || id || ' (${LINES_PER_ORDER} clips)', at, at
       FROM b_orders`,
    );
    await step(
      'journal_lines',
      `INSERT INTO journal_lines (entry_id, line_no, account_id, amount_minor, currency)
       SELECT o.entry_id, 1, $1::uuid, t.total, 'USD'
         FROM b_orders o JOIN b_totals t ON t.order_id = o.id
       UNION ALL
       SELECT o.entry_id, 1 + row_number() OVER (PARTITION BY l.order_id ORDER BY l.creator_id),
              c.account_id, -sum(l.amount - l.amount / 5), 'USD'
         FROM b_lines l JOIN b_orders o ON o.id = l.order_id JOIN b_creators c ON c.id = l.creator_id
        GROUP BY o.entry_id, l.order_id, l.creator_id, c.account_id
       UNION ALL
       SELECT o.entry_id, ${LINES_PER_ORDER + 2}, $2::uuid, -t.fee, 'USD'
         FROM b_orders o JOIN b_totals t ON t.order_id = o.id`,
      [accounts.cash, accounts.fees],
    );
    const c0 = performance.now();
    await client.query('COMMIT');
    ms.commit = performance.now() - c0;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  ms.total = performance.now() - t0;
  return ms;
}
