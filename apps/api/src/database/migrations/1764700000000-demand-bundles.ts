import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

const uuid = (name: string, options: { nullable?: boolean } = {}) => ({
  name,
  type: 'uuid',
  isNullable: options.nullable ?? false,
});
const timestamptz = (name: string) => ({ name, type: 'timestamptz', isNullable: false });

/**
 * The buying side's first part: labs' bundles (a name, an intended use, clips) and the public
 * rate card's published versions. Built with TypeORM's schema builder rather than SQL text, so
 * `down` is the exact inverse. A bundle's clips carry the bundle's organization, and a composite
 * foreign key keeps every row within it.
 */
export class DemandBundles1764700000000 implements MigrationInterface {
  name = 'DemandBundles1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.createTable(
      new Table({
        name: 'bundles',
        columns: [
          {
            name: 'id',
            type: 'uuid',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'uuid',
          },
          uuid('org_id'),
          { name: 'name', type: 'text', isNullable: false },
          // A contracts LicenseRequest, validated by the API before it is stored.
          { name: 'intended_use', type: 'jsonb', isNullable: false },
          uuid('created_by', { nullable: true }),
          uuid('created_by_api_key', { nullable: true }),
          timestamptz('created_at'),
          timestamptz('updated_at'),
        ],
        uniques: [{ name: 'bundles_id_org_key', columnNames: ['id', 'org_id'] }],
        checks: [
          { name: 'bundles_name_length', expression: 'char_length(name) BETWEEN 1 AND 120' },
          {
            name: 'bundles_intended_use_object',
            expression: "jsonb_typeof(intended_use) = 'object'",
          },
        ],
        foreignKeys: [
          {
            name: 'bundles_org_fk',
            columnNames: ['org_id'],
            referencedTableName: 'organizations',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            name: 'bundles_created_by_fk',
            columnNames: ['created_by'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          },
          {
            name: 'bundles_created_by_api_key_fk',
            columnNames: ['created_by_api_key'],
            referencedTableName: 'api_keys',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          },
        ],
        indices: [{ name: 'bundles_org_created_idx', columnNames: ['org_id', 'created_at', 'id'] }],
      }),
    );

    await db.createTable(
      new Table({
        name: 'bundle_clips',
        columns: [
          { ...uuid('bundle_id'), isPrimary: true },
          { ...uuid('clip_id'), isPrimary: true },
          uuid('org_id'),
          timestamptz('added_at'),
          // Insertion order: clips added together keep the order they were named in.
          {
            name: 'position',
            type: 'bigint',
            isGenerated: true,
            generationStrategy: 'increment',
          },
        ],
        foreignKeys: [
          {
            name: 'bundle_clips_bundle_fk',
            columnNames: ['bundle_id', 'org_id'],
            referencedTableName: 'bundles',
            referencedColumnNames: ['id', 'org_id'],
            onDelete: 'CASCADE',
          },
          {
            // A clip deleted with its studio leaves the bundles it was in.
            name: 'bundle_clips_clip_fk',
            columnNames: ['clip_id'],
            referencedTableName: 'clips',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [
          { name: 'bundle_clips_order_idx', columnNames: ['bundle_id', 'position'] },
          { name: 'bundle_clips_clip_idx', columnNames: ['clip_id'] },
        ],
      }),
    );

    await db.createTable(
      new Table({
        name: 'rate_cards',
        columns: [
          // The card's own `id` is its version name: unique, so a quote's `rateCardId` names one card.
          { name: 'id', type: 'text', isPrimary: true },
          // Publication order, for "the latest published" without trusting clock ties.
          {
            name: 'seq',
            type: 'bigint',
            isGenerated: true,
            generationStrategy: 'increment',
            isUnique: true,
          },
          { name: 'card', type: 'jsonb', isNullable: false },
          uuid('published_by', { nullable: true }),
          timestamptz('published_at'),
        ],
        checks: [
          { name: 'rate_cards_id_matches_card', expression: "card->>'id' = id" },
          { name: 'rate_cards_id_length', expression: 'char_length(id) BETWEEN 1 AND 100' },
        ],
        foreignKeys: [
          {
            name: 'rate_cards_published_by_fk',
            columnNames: ['published_by'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          },
        ],
      }),
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropTable('rate_cards');
    await db.dropTable('bundle_clips');
    await db.dropTable('bundles');
  }
}
