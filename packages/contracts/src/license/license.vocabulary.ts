import type { OutputModalityType, PermittedUseType, ProhibitedUseType } from './license.schema.js';

// Plain-language names for the vocabularies, shared by compatibility reasons and rendered
// terms so a creator reads the same words in both places.

export const USE_LABELS: Record<PermittedUseType, string> = {
  'ai-train': 'training AI models',
  'ai-finetune': 'fine-tuning existing AI models',
  'ai-eval': 'evaluating and benchmarking AI models',
  'ai-input': 'giving the footage to AI models as input (for example retrieval or prompting)',
  research: 'research',
};

export const MODALITY_LABELS: Record<OutputModalityType, string> = {
  video: 'video',
  image: 'images',
  audio: 'audio',
  text: 'text',
  'multimodal-understanding': 'multimodal understanding (analysis, no generated media)',
};

export const PROHIBITION_LABELS: Record<ProhibitedUseType, string> = {
  'likeness-synthesis': 'synthesizing the likeness of any identifiable person shown in the footage',
  'biometric-identification': 'biometric identification of people',
  surveillance: 'surveillance',
  military: 'military uses',
  'political-persuasion': 'political persuasion or campaigning',
  'source-redistribution': 'redistributing the source files',
};

/** "a", "a and b", "a, b and c". */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Sorts `values` into the order of `vocabulary` (the canonical order), dropping duplicates. */
export function inVocabularyOrder<T extends string>(
  vocabulary: readonly T[],
  values: readonly T[],
): T[] {
  const present = new Set(values);
  return vocabulary.filter((value) => present.has(value));
}
