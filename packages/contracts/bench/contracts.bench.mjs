// Benchmarks the two hot paths of the contracts package, on the built output (what apps run):
//   - quoting a 10,000-clip bundle (the API re-prices every order; the web app prices as you add)
//   - the Merkle root of 1,000,000 clip hashes (a certificate for a very large grant)
// Each figure is the median of several timed runs after warm-up runs.
import { createHash } from 'node:crypto';
import {
  generateCertificateKeyPair,
  merkleRoot,
  signCertificate,
  verifyCertificate,
} from '@clearframe/contracts/certificates';
import { termsFor, termsHash } from '@clearframe/contracts/license';
import { EXAMPLE_RATE_CARD, quote } from '@clearframe/contracts/pricing';

function measure(label, { warmup, runs }, action) {
  for (let i = 0; i < warmup; i++) action();
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    globalThis.gc?.();
    const start = performance.now();
    result = action();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(
    `${label}: median ${median.toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times.at(-1).toFixed(1)}, ${runs} runs)`,
  );
  console.log(
    `BENCH ${JSON.stringify({ name: label, value: Number(median.toFixed(1)), unit: 'ms' })}`,
  );
  return result;
}

const policies = [1200, 800, 2500, 450].map((rate, index) => ({
  schema: 'clearframe.policy/1',
  allowedUses: ['ai-train', 'ai-finetune', 'ai-eval'],
  allowedModalities: ['video', 'image', 'multimodal-understanding'],
  prohibitedUses: ['likeness-synthesis', 'biometric-identification', 'military'],
  commercialUseAllowed: index !== 3, // every fourth clip is excluded: the quote explains why
  exclusivity: { offered: true, multiplierBps: null },
  maxTerm: { kind: 'months', months: 36 },
  modelsUsableAfterTerm: true,
  territory: { scope: 'worldwide' },
  attribution: { required: false },
  sublicensing: 'affiliates',
  retention: { deleteSourceFilesAtTermEnd: true, withinDays: 30 },
  audit: { allowed: true, noticeDays: 30, maxPerYear: 1 },
  ratePerMinute: { amountMinor: rate, currency: 'USD' },
}));
const request = {
  uses: ['ai-train'],
  outputModalities: ['video'],
  sensitiveUses: [],
  commercial: true,
  exclusivity: { kind: 'none' },
  term: { kind: 'fixed', months: 24, modelsUsableAfterTerm: true },
  territory: { scope: 'worldwide' },
  sublicensing: 'none',
};
const lines = Array.from({ length: 10_000 }, (_, i) => ({
  clipId: `clip-${i}`,
  durationMs: 4_000 + ((i * 7_919) % 176_000), // 4 s to 3 min
  resolution: ['sd', 'hd', 'uhd'][i % 3],
  policy: policies[i % policies.length],
}));

const priced = measure('quote, 10,000-clip bundle', { warmup: 3, runs: 9 }, () =>
  quote({ lines, request, rateCard: EXAMPLE_RATE_CARD }),
);
console.log(
  `  ${priced.lines.length} priced, ${priced.excluded.length} excluded, ${(priced.totalDurationMs / 60_000).toFixed(0)} min, total ${priced.total.amountMinor} ${priced.currency}`,
);

const hashes = Array.from({ length: 1_000_000 }, (_, i) =>
  createHash('sha256').update(`clip-${i}`).digest('hex'),
);
const root = measure('Merkle root, 1,000,000 hashes', { warmup: 1, runs: 5 }, () =>
  merkleRoot(hashes),
);
console.log(`  root ${root}`);

const terms = termsFor(policies[0], request);
measure('terms hash (JCS + SHA-256) ×1,000', { warmup: 1, runs: 5 }, () => {
  for (let i = 0; i < 1_000; i++) termsHash(terms);
});

const keys = await generateCertificateKeyPair({ kid: 'bench' });
const certificate = await signCertificate(
  {
    certificateId: '3d6f1a2b-9c8e-4f7a-b6d5-0e1f2a3b4c5d',
    issuer: 'https://clearframe.dev',
    licensee: { orgId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', name: 'Bench Lab' },
    termsHash: termsHash(terms),
    clipsMerkleRoot: root,
    clipCount: hashes.length,
    totalSeconds: 1_000_000,
    issuedAt: '2026-01-01T00:00:00Z',
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: null,
  },
  keys.privateJwk,
);
const jwks = { keys: [keys.publicJwk] };
const rounds = 500;
const start = performance.now();
for (let i = 0; i < rounds; i++) await verifyCertificate(certificate, jwks);
const perVerify = (performance.now() - start) / rounds;
console.log(`verify one certificate: ${perVerify.toFixed(3)} ms (mean of ${rounds})`);
console.log(
  `BENCH ${JSON.stringify({ name: 'verify one certificate', value: Number(perVerify.toFixed(3)), unit: 'ms' })}`,
);
