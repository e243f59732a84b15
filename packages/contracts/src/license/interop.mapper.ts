import { toDecimalString } from '../money/money.arithmetic.js';
import { Money, type MoneyType } from '../money/money.schema.js';
import { LicenseError, parseOrThrow } from './license.errors.js';
import {
  LICENSE_SCHEMA_ID_V2,
  LicenseTerms,
  type LicenseTermsType,
  type OutputModalityType,
  type PermittedUseType,
} from './license.schema.js';
import { termsHash } from './terms.hash.js';

// Each export maps the terms onto a coarser public vocabulary. The rule throughout: a target
// value says "allowed" only when the terms allow everything that value covers; anything the
// target cannot express is refused there and stays binding in the terms themselves (whose
// hash every export carries or can carry). See docs/decisions/002-license-terms-and-interop.md.

/** The aipref draft whose vocabulary `toAipref` emits. */
export const AIPREF_VOCABULARY_VERSION = 'draft-ietf-aipref-vocab-08';

/** The namespace of RSL 1.0 documents. */
export const RSL_NAMESPACE = 'https://rslstandard.org/rsl';

/** Namespace of Clearframe's RSL extension elements (RSL clients ignore foreign namespaces). */
export const CLEARFRAME_RSL_NAMESPACE = 'https://clearframe.dev/ns/license/1';

/** The CAWG training-and-data-mining assertion label (CAWG 1.1). */
export const CAWG_TRAINING_MINING_LABEL = 'cawg.training-mining';

const GENERATIVE_MODALITIES: readonly OutputModalityType[] = ['video', 'image', 'audio', 'text'];

function permits(terms: LicenseTermsType, ...uses: PermittedUseType[]): boolean {
  return uses.some((use) => terms.permittedUses.includes(use));
}

function generative(terms: LicenseTermsType): boolean {
  return terms.outputModalities.some((modality) => GENERATIVE_MODALITIES.includes(modality));
}

function trainsModels(terms: LicenseTermsType): boolean {
  return permits(terms, 'ai-train', 'ai-finetune');
}

/** Days after a model's public release its disclosure is due (0: before), or null if none. */
function disclosureDays(terms: LicenseTermsType): number | null {
  return terms.schema === LICENSE_SCHEMA_ID_V2 ? terms.disclosure.withinDaysAfterRelease : null;
}

/**
 * The terms as an IETF AI-preferences statement (draft-ietf-aipref-vocab-08 vocabulary,
 * exemplary RFC 9651 dictionary syntax), e.g. `train-ai=y, ai-use=n, search=n`. `train-ai`
 * covers generative models only, so it is `y` only when training or fine-tuning is permitted
 * for a generative output; `ai-use` likewise needs `ai-input` and a generative output;
 * `search` is always `n` (never licensed, and it would override the other two). aipref has
 * no form for obligations: a disclosure requirement (`/2`), like attribution, changes nothing
 * here and stays binding in the terms.
 */
export function toAipref(terms: LicenseTermsType): string {
  const valid = parseOrThrow(LicenseTerms, terms, 'invalid_terms', 'license terms');
  const flag = (allowed: boolean) => (allowed ? 'y' : 'n');
  return [
    `train-ai=${flag(trainsModels(valid) && generative(valid))}`,
    `ai-use=${flag(permits(valid, 'ai-input') && generative(valid))}`,
    'search=n',
  ].join(', ');
}

/** Options for `toRsl`. */
export interface ToRslOptions {
  /** The `url` of the RSL `<content>` element: an absolute URL or an RFC 9309 path pattern. */
  contentUrl: string;
  /** The price of the license, rendered as `<amount>` in major units. */
  price?: MoneyType;
  /** Where a client can obtain the license, rendered as `<custom>`. */
  licenseUrl?: string;
  /** Human-readable terms, rendered as `<terms>`. */
  termsUrl?: string;
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char]!,
  );
}

const RSL_USAGES = ['ai-train', 'ai-input', 'ai-index', 'search'] as const;

function checkUrl(value: unknown, path: string, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > 2048 ||
    /[\s<>"]/.test(value)
  ) {
    throw new LicenseError('invalid_option', `${path} must be a URL or path without spaces.`, [
      { path, message: 'Enter a URL or path without spaces.', code: 'invalid_value' },
    ]);
  }
  return value;
}

/**
 * The terms as an RSL 1.0 document: `<permits>`/`<prohibits>` for usage (`ai-train`,
 * `ai-input`), user class (non-commercial) and geography, a `purchase` `<payment>`, and the
 * Clearframe terms hash, prohibitions and disclosure requirement (RSL has no term for one) in
 * a foreign-namespace extension element that RSL clients ignore. When no RSL usage token is covered (evaluation only), the document
 * prohibits `all` rather than leave usage open.
 */
export function toRsl(terms: LicenseTermsType, options: ToRslOptions): string {
  const valid = parseOrThrow(LicenseTerms, terms, 'invalid_terms', 'license terms');
  if (typeof options !== 'object' || options === null) {
    throw new LicenseError('invalid_option', 'Give options with a contentUrl.');
  }
  const contentUrl = checkUrl(options.contentUrl, 'contentUrl', true)!;
  const licenseUrl = checkUrl(options.licenseUrl, 'licenseUrl', false);
  const termsUrl = checkUrl(options.termsUrl, 'termsUrl', false);
  const price =
    options.price === undefined
      ? undefined
      : parseOrThrow(Money, options.price, 'invalid_option', 'price');

  const permitted = new Set<string>();
  if (trainsModels(valid)) permitted.add('ai-train');
  if (permits(valid, 'ai-input')) permitted.add('ai-input');
  const usagePermits = RSL_USAGES.filter((usage) => permitted.has(usage));
  const usageProhibits = RSL_USAGES.filter((usage) => !permitted.has(usage));

  const license: string[] = [];
  if (usagePermits.length === 0) {
    license.push('<prohibits type="usage">all</prohibits>');
  } else {
    license.push(`<permits type="usage">${usagePermits.join(' ')}</permits>`);
    license.push(`<prohibits type="usage">${usageProhibits.join(' ')}</prohibits>`);
  }
  if (!valid.commercial) license.push('<permits type="user">non-commercial</permits>');
  if (valid.territory.scope === 'include')
    license.push(`<permits type="geo">${valid.territory.countries.join(' ')}</permits>`);
  if (valid.territory.scope === 'exclude')
    license.push(`<prohibits type="geo">${valid.territory.countries.join(' ')}</prohibits>`);
  const payment: string[] = [];
  if (price)
    payment.push(`<amount currency="${price.currency}">${toDecimalString(price)}</amount>`);
  if (licenseUrl) payment.push(`<custom>${escapeXml(licenseUrl)}</custom>`);
  license.push(
    payment.length === 0
      ? '<payment type="purchase"/>'
      : ['<payment type="purchase">', ...payment.map((line) => `  ${line}`), '</payment>'].join(
          '\n',
        ),
  );
  const extension = [
    `<cf:terms xmlns:cf="${CLEARFRAME_RSL_NAMESPACE}" schema="${valid.schema}" hash="${termsHash(valid)}">`,
    `  <cf:permits>${valid.permittedUses.join(' ')}</cf:permits>`,
    `  <cf:outputs>${valid.outputModalities.join(' ')}</cf:outputs>`,
    valid.prohibitedUses.length > 0
      ? `  <cf:prohibits>${valid.prohibitedUses.join(' ')}</cf:prohibits>`
      : undefined,
    disclosureDays(valid) === null
      ? undefined
      : `  <cf:disclosure withinDaysAfterRelease="${disclosureDays(valid)}"/>`,
    '</cf:terms>',
  ].filter((line): line is string => line !== undefined);
  license.push(extension.join('\n'));

  const indent = (block: string, depth: number) =>
    block
      .split('\n')
      .map((line) => '  '.repeat(depth) + line)
      .join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<rsl xmlns="${RSL_NAMESPACE}">`,
    `  <content url="${escapeXml(contentUrl)}">`,
    ...(termsUrl ? [`    <terms>${escapeXml(termsUrl)}</terms>`] : []),
    '    <license>',
    ...license.map((block) => indent(block, 3)),
    '    </license>',
    '  </content>',
    '</rsl>',
    '',
  ].join('\n');
}

/** One entry of a CAWG training-and-data-mining assertion. */
export interface CawgTrainingMiningEntry {
  use: 'allowed' | 'notAllowed' | 'constrained';
  constraint_info?: string;
}

/** The CAWG training-and-data-mining assertion as it goes into a C2PA manifest definition. */
export interface CawgTrainingMiningAssertion {
  label: typeof CAWG_TRAINING_MINING_LABEL;
  data: {
    entries: {
      'cawg.data_mining': CawgTrainingMiningEntry;
      'cawg.ai_inference': CawgTrainingMiningEntry;
      'cawg.ai_generative_training': CawgTrainingMiningEntry;
      'cawg.ai_training': CawgTrainingMiningEntry;
    };
  };
}

/**
 * The terms as a CAWG training-and-data-mining assertion (CAWG 1.1, `cawg.training-mining`).
 * A licensed use is `constrained` — allowed only to the licensee under these terms, which
 * `constraint_info` names by hash, with any disclosure requirement — never plain `allowed`; an
 * unlicensed use is `notAllowed`.
 * Mapping: generative training ← ai-train/ai-finetune with a generative output; non-generative
 * training ← ai-train/ai-finetune with multimodal understanding; inference ← ai-input/ai-eval;
 * data mining ← research.
 */
export function toCawgAssertion(terms: LicenseTermsType): CawgTrainingMiningAssertion {
  const valid = parseOrThrow(LicenseTerms, terms, 'invalid_terms', 'license terms');
  const prohibited =
    valid.prohibitedUses.length > 0 ? `; prohibited: ${valid.prohibitedUses.join(', ')}` : '';
  const days = disclosureDays(valid);
  const disclosure =
    days === null
      ? ''
      : days === 0
        ? '; model disclosure required before public release'
        : `; model disclosure required within ${days} ${days === 1 ? 'day' : 'days'} after public release`;
  const constraint = `Licensed only under Clearframe terms ${termsHash(valid)} (${valid.schema})${valid.commercial ? '' : '; non-commercial only'}${prohibited}${disclosure}`;
  const entry = (licensed: boolean): CawgTrainingMiningEntry =>
    licensed ? { use: 'constrained', constraint_info: constraint } : { use: 'notAllowed' };
  return {
    label: CAWG_TRAINING_MINING_LABEL,
    data: {
      entries: {
        'cawg.data_mining': entry(permits(valid, 'research')),
        'cawg.ai_inference': entry(permits(valid, 'ai-input', 'ai-eval')),
        'cawg.ai_generative_training': entry(trainsModels(valid) && generative(valid)),
        'cawg.ai_training': entry(
          trainsModels(valid) && valid.outputModalities.includes('multimodal-understanding'),
        ),
      },
    },
  };
}
