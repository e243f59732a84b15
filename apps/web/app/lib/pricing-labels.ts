import type { ResolutionTierType } from '@clearframe/contracts/pricing';

/** A multiplier in basis points as people read it: 12 500 → `×1.25`. */
export function formatMultiplier(bps: number): string {
  return `×${Number((bps / 10_000).toFixed(4))}`;
}

/** Basis points as a percentage: 500 → `5 %`, 1 250 → `12.5 %`. */
export function formatBps(bps: number): string {
  return `${Number((bps / 100).toFixed(2))} %`;
}

export const RESOLUTION_TIER_LABELS: Record<ResolutionTierType, string> = {
  sd: 'SD (long side under 1280 px)',
  hd: 'HD (1280 px and up)',
  uhd: '4K (3840 px and up)',
};

/** Short tier names for table cells. */
export const RESOLUTION_TIER_SHORT: Record<ResolutionTierType, string> = {
  sd: 'SD',
  hd: 'HD',
  uhd: '4K',
};
