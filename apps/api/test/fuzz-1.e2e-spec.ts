import { describeFuzz } from './support/fuzz/fuzz-suite.js';

// One shard of the route fuzz (support/fuzz/fuzz-suite.ts); the shards together are one run.
describeFuzz({ shard: 1, of: 2, withRealLimits: true });
