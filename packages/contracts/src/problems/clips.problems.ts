import { problemCatalog } from './problem-catalog.js';

/** Clips: their lifecycle, description, consent and review. */
export const CLIPS_PROBLEMS = problemCatalog({
  clip_not_found: { status: 404, title: 'Clip not found', message: 'That clip no longer exists.' },
});
