import { Accounts1764000000000 } from './1764000000000-accounts-initial-schema.js';
import { RateLimitBackoff1764100000000 } from './1764100000000-rate-limit-backoff.js';
import { AccountsDeletableUsers1764200000000 } from './1764200000000-accounts-deletable-users.js';
import { ApiKeysScopes1764300000000 } from './1764300000000-api-keys-scopes.js';
import { SupplyInitialSchema1764400000000 } from './1764400000000-supply-initial-schema.js';
import { ClipsCuration1764400000100 } from './1764400000100-clips-curation.js';
import { CatalogSearch1764500000000 } from './1764500000000-catalog-search.js';
import { DemandBundles1764700000000 } from './1764700000000-demand-bundles.js';
import { DemandOrdersLedger1764800000000 } from './1764800000000-demand-orders-ledger.js';
import { OrganizationsInvoiceBilling1764850000000 } from './1764850000000-organizations-invoice-billing.js';
import { RoyaltiesStatements1764900000000 } from './1764900000000-royalties-statements.js';
import { PayoutsAccounts1764950000000 } from './1764950000000-payouts-accounts.js';
import { TransparencyModelsDisclosures1765000000000 } from './1765000000000-transparency-models-disclosures.js';
import { DemandFootageLookup1765100000000 } from './1765100000000-demand-footage-lookup.js';
import { PayoutsTransfers1765200000000 } from './1765200000000-payouts-transfers.js';
import { TransparencyCreatorPublicWork1765300000000 } from './1765300000000-transparency-creator-public-work.js';
import { TransparencyOverdueDisclosures1765400000000 } from './1765400000000-transparency-overdue-disclosures.js';

/**
 * Every migration, in order. Listed explicitly because ESM builds cannot glob-load classes. Files
 * are named `<timestamp>-<domain>-<change>.ts`; the class name ends with the same timestamp.
 */
export const MIGRATIONS = [
  Accounts1764000000000,
  RateLimitBackoff1764100000000,
  AccountsDeletableUsers1764200000000,
  ApiKeysScopes1764300000000,
  SupplyInitialSchema1764400000000,
  ClipsCuration1764400000100,
  CatalogSearch1764500000000,
  DemandBundles1764700000000,
  DemandOrdersLedger1764800000000,
  OrganizationsInvoiceBilling1764850000000,
  RoyaltiesStatements1764900000000,
  PayoutsAccounts1764950000000,
  TransparencyModelsDisclosures1765000000000,
  DemandFootageLookup1765100000000,
  PayoutsTransfers1765200000000,
  TransparencyCreatorPublicWork1765300000000,
  TransparencyOverdueDisclosures1765400000000,
];
