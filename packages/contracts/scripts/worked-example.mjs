// The worked example in README.md, runnable: `node scripts/worked-example.mjs` after a build.
// Its output is pasted into the README, so the README shows real results.
import { createHash } from 'node:crypto';
import {
  generateCertificateKeyPair,
  merkleRoot,
  signCertificate,
  verifyCertificate,
} from '@clearframe/contracts/certificates';
import {
  checkCompatibility,
  renderTerms,
  termsFor,
  termsHash,
  toAipref,
} from '@clearframe/contracts/license';
import { formatMoney } from '@clearframe/contracts/money';
import { EXAMPLE_RATE_CARD, quote } from '@clearframe/contracts/pricing';

// 1. A creator's policy for a clip.
const policy = {
  schema: 'clearframe.policy/1',
  allowedUses: ['ai-train', 'ai-finetune', 'ai-eval'],
  allowedModalities: ['video', 'image', 'multimodal-understanding'],
  prohibitedUses: ['likeness-synthesis', 'biometric-identification', 'military'],
  commercialUseAllowed: true,
  exclusivity: { offered: false },
  maxTerm: { kind: 'months', months: 36 },
  modelsUsableAfterTerm: true,
  territory: { scope: 'exclude', countries: ['RU'] },
  attribution: { required: true, text: 'Drone footage by Ana Lima' },
  sublicensing: 'none',
  retention: { deleteSourceFilesAtTermEnd: true, withinDays: 30 },
  audit: { allowed: true, noticeDays: 30, maxPerYear: 1 },
  ratePerMinute: { amountMinor: 1200, currency: 'USD' },
};

// 2. A lab's request.
const request = {
  uses: ['ai-train', 'ai-eval'],
  outputModalities: ['video'],
  sensitiveUses: [],
  commercial: true,
  exclusivity: { kind: 'none' },
  term: { kind: 'fixed', months: 24, modelsUsableAfterTerm: true },
  territory: { scope: 'include', countries: ['US', 'DE'] },
  sublicensing: 'none',
};

console.log('## compatibility');
console.log(JSON.stringify(checkCompatibility(policy, request)));
console.log(
  JSON.stringify(
    checkCompatibility(policy, {
      ...request,
      sensitiveUses: ['biometric-identification'],
      sublicensing: 'affiliates',
    }),
    null,
    2,
  ),
);

// 3. A quote for three clips.
const clips = [
  { clipId: 'clip-aerial-01', durationMs: 95_000, resolution: 'uhd', policy },
  { clipId: 'clip-street-02', durationMs: 42_500, resolution: 'hd', policy },
  {
    clipId: 'clip-night-03',
    durationMs: 180_000,
    resolution: 'hd',
    policy: { ...policy, commercialUseAllowed: false },
  },
];
const priced = quote({ lines: clips, request, rateCard: EXAMPLE_RATE_CARD });
console.log('## quote');
for (const line of priced.lines) {
  console.log(
    `${line.clipId}: base ${formatMoney(line.base)} × ${JSON.stringify(line.multipliersBps)} → ${formatMoney(line.amount)}; fee ${formatMoney(line.platformFee)}, creator ${formatMoney(line.creatorShare)}`,
  );
}
for (const excluded of priced.excluded)
  console.log(
    `excluded ${excluded.clipId}: ${excluded.reasons.map((reason) => reason.message).join(' ')}`,
  );
console.log(
  `subtotal ${formatMoney(priced.subtotal)}, volume discount ${formatMoney(priced.volumeDiscount)}, total ${formatMoney(priced.total)} (platform ${formatMoney(priced.platformFee)}, creators ${formatMoney(priced.creatorShare)})`,
);

// 4. The terms the grant carries, rendered, hashed and mapped.
const terms = termsFor(policy, request);
console.log('## terms');
console.log(renderTerms(terms, { format: 'text' }));
console.log(`aipref: ${toAipref(terms)}`);

// 5. A certificate for the two licensed clips, and its verification.
const keys = await generateCertificateKeyPair({ kid: 'clearframe-2026-01' });
const clipDigests = priced.lines.map((line) =>
  createHash('sha256').update(`bytes of ${line.clipId}`).digest('hex'),
);
const claims = {
  certificateId: '6f1c2a9e-4b7d-4c1e-9a53-2d8e7f0b1c3a',
  issuer: 'https://clearframe.dev',
  licensee: { orgId: '0b9d6a52-8f3e-4d71-a2c4-5e6f7a8b9c0d', name: 'Example Lab' },
  termsHash: termsHash(terms),
  clipsMerkleRoot: merkleRoot(clipDigests),
  clipCount: priced.lines.length,
  totalSeconds: priced.totalDurationMs / 1000,
  issuedAt: '2026-02-01T09:30:00Z',
  validFrom: '2026-02-01T09:30:00Z',
  validUntil: '2028-02-01T09:30:00Z',
};
const jws = await signCertificate(claims, keys.privateJwk);
console.log('## certificate');
console.log(jws);
console.log(JSON.stringify({ keys: [keys.publicJwk] }));
console.log(
  JSON.stringify(
    await verifyCertificate(
      jws,
      { keys: [keys.publicJwk] },
      { now: new Date('2026-06-01T00:00:00Z') },
    ),
    null,
    2,
  ),
);
try {
  await verifyCertificate(
    jws,
    { keys: [keys.publicJwk] },
    { now: new Date('2028-03-01T00:00:00Z') },
  );
} catch (error) {
  console.log(`${error.name} ${error.code}: ${error.message}`);
}
