import { problemCatalog } from './problem-catalog.js';

/** Bundles and the public rate card (the buying side's first part). */
export const BUNDLES_PROBLEMS = problemCatalog({
  bundle_not_found: {
    status: 404,
    title: 'Bundle not found',
    message: 'That bundle no longer exists.',
  },
  bundle_full: {
    status: 409,
    title: 'Bundle is full',
    message: 'This bundle cannot take that many more clips: start another bundle for the rest.',
  },
  bundle_clip_not_found: {
    status: 404,
    title: 'Clip not in bundle',
    message: 'That clip is not in this bundle.',
  },
  rate_card_version_taken: {
    status: 409,
    title: 'Rate card version already used',
    message: 'A rate card with this id was published before: give the new version its own id.',
  },
});
