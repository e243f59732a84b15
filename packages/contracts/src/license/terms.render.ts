import { countryName } from './country.data.js';
import { LicenseError, parseOrThrow } from './license.errors.js';
import {
  LICENSE_SCHEMA_ID_V2,
  LicenseTerms,
  type LicenseTermsType,
  type RequiredDisclosureType,
  type TerritoryType,
} from './license.schema.js';
import { MODALITY_LABELS, PROHIBITION_LABELS, USE_LABELS, joinList } from './license.vocabulary.js';
import { termsHash } from './terms.hash.js';

/** Options for `renderTerms`. */
export interface RenderTermsOptions {
  format: 'text' | 'markdown';
}

function countries(codes: readonly string[]): string {
  return joinList(codes.map((code) => `${countryName(code)} (${code})`));
}

function territorySentence(territory: TerritoryType): string {
  switch (territory.scope) {
    case 'worldwide':
      return 'Worldwide.';
    case 'include':
      return `Only in ${countries(territory.countries)}.`;
    case 'exclude':
      return `Worldwide except ${countries(territory.countries)}.`;
  }
}

function disclosureSentence(disclosure: RequiredDisclosureType): string {
  const days = disclosure.withinDaysAfterRelease;
  const due =
    days === 0
      ? "before that model's public release"
      : `no later than ${days} ${days === 1 ? 'day' : 'days'} after that model's public release`;
  return `Required: the licensee must publish the training-data disclosure of every model trained, fine-tuned or evaluated with the footage, citing this license, ${due}.`;
}

/** One [heading, sentence] pair per field of the terms, in schema order, none skipped. */
function clauses(
  terms: LicenseTermsType,
  quote: (text: string) => string,
): Array<[string, string]> {
  const term = terms.term;
  const exclusivity = terms.exclusivity;
  return [
    [
      'Permitted uses',
      `The licensee may use the footage for ${joinList(terms.permittedUses.map((use) => USE_LABELS[use]))}. Any use not listed here is not licensed.`,
    ],
    [
      'Model outputs',
      `Models built with the footage may produce ${joinList(terms.outputModalities.map((m) => MODALITY_LABELS[m]))}, and no other kind of output.`,
    ],
    [
      'Prohibited uses',
      terms.prohibitedUses.length === 0
        ? 'No use is singled out as prohibited; uses not listed as permitted are still not licensed.'
        : `The footage, and any model trained on it, must never be used for ${joinList(
            terms.prohibitedUses.map((use) => PROHIBITION_LABELS[use]),
          )}. These prohibitions apply whatever else these terms allow.`,
    ],
    [
      'Commercial use',
      terms.commercial
        ? 'Commercial use is allowed.'
        : 'Non-commercial use only: neither the footage nor models trained on it may be part of a product or service that is sold or earns revenue.',
    ],
    [
      'Exclusivity',
      exclusivity.kind === 'none'
        ? 'Non-exclusive: the creator may license the same footage to others.'
        : exclusivity.until === 'term-end'
          ? 'Exclusive until the end of the term: the creator will not license this footage to anyone else before then.'
          : `Exclusive until ${exclusivity.until} (UTC): the creator will not license this footage to anyone else before then.`,
    ],
    [
      'Term',
      term.kind === 'perpetual'
        ? 'Perpetual: the license does not expire.'
        : `${term.months} ${term.months === 1 ? 'month' : 'months'} from the start of the grant. ${
            term.modelsUsableAfterTerm
              ? 'Models trained during the term may still be used after it ends; no new training may use the footage.'
              : 'Models trained on the footage may not be used after the term ends.'
          }`,
    ],
    ['Territory', territorySentence(terms.territory)],
    [
      'Attribution',
      terms.attribution.required
        ? `Required: credit the footage with ${quote(terms.attribution.text)} wherever the model or its training data is described.`
        : 'Not required.',
    ],
    [
      'Sublicensing',
      terms.sublicensing === 'none'
        ? 'Not allowed: only the licensee may use the footage.'
        : "Allowed to the licensee's affiliates (companies that control, are controlled by or share control with the licensee), under these same terms.",
    ],
    [
      'Retention',
      terms.retention.deleteSourceFilesAtTermEnd
        ? `When the term ends, the licensee must delete every copy of the source files within ${terms.retention.withinDays} ${
            terms.retention.withinDays === 1 ? 'day' : 'days'
          }.`
        : term.kind === 'perpetual'
          ? 'The license is perpetual, so no deletion falls due.'
          : 'The licensee may keep the source files after the term, but may not use them for anything these terms do not permit.',
    ],
    [
      'Audit',
      terms.audit.allowed
        ? `The licensor may audit compliance up to ${terms.audit.maxPerYear} ${terms.audit.maxPerYear === 1 ? 'time' : 'times'} a year, with ${
            terms.audit.noticeDays
          } ${terms.audit.noticeDays === 1 ? "day's" : "days'"} notice.`
        : 'The licensor has no audit rights.',
    ],
    // `/1` terms have no disclosure member, so their rendering is exactly what it always was.
    ...(terms.schema === LICENSE_SCHEMA_ID_V2
      ? [['Disclosure', disclosureSentence(terms.disclosure)] as [string, string]]
      : []),
  ];
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (char) => `\\${char}`);
}

/**
 * A plain-language license a person can read, in `text` or `markdown`, with every field of
 * the terms present and the terms hash at the top. Throws `LicenseError` on invalid terms or
 * an unknown format.
 */
export function renderTerms(terms: LicenseTermsType, options: RenderTermsOptions): string {
  const valid = parseOrThrow(LicenseTerms, terms, 'invalid_terms', 'license terms');
  const format = options?.format;
  if (format !== 'text' && format !== 'markdown') {
    throw new LicenseError(
      'invalid_option',
      `Unknown format ${String(format)}: use "text" or "markdown".`,
      [{ path: 'format', message: 'Use "text" or "markdown".', code: 'invalid_value' }],
    );
  }
  const hash = termsHash(valid);
  if (format === 'text') {
    const body = clauses(valid, (text) => `"${text}"`).map(
      ([heading, sentence], index) => `${index + 1}. ${heading}: ${sentence}`,
    );
    return [
      `Clearframe license terms (${valid.schema})`,
      `Terms hash: ${hash}`,
      '',
      ...body,
      '',
    ].join('\n');
  }
  const body = clauses(valid, (text) => `“${escapeMarkdown(text)}”`).map(
    ([heading, sentence], index) => `${index + 1}. **${heading}.** ${sentence}`,
  );
  return [
    `# Clearframe license terms`,
    '',
    `Schema \`${valid.schema}\` · terms hash \`${hash}\``,
    '',
    ...body,
    '',
  ].join('\n');
}
