import { MODALITY_LABELS, USE_LABELS } from '@clearframe/contracts/license';
import {
  STAGE_LABELS,
  type DisclosureContentType,
  type DisclosureType,
} from '@clearframe/contracts/transparency';

// The two exports of a disclosure, built only from its signed content and its links, so they
// say nothing the signature does not cover.

export const EU_TEMPLATE =
  'Template for the Public Summary of Training Content for general-purpose AI models (European Commission, 24 July 2025)';
export const EU_LEGAL_BASIS = 'Regulation (EU) 2024/1689 (AI Act), Article 53(1)(d)';
export const EU_SECTION =
  '2.2.1 Datasets commercially licensed by rightsholders or their representatives';
export const EU_TO_COMPLETE =
  'This covers only the video footage licensed through Clearframe. The provider must still complete the rest of the summary itself: section 1 (provider, model, all modalities and the overall size of the training data), the other sources of section 2 (public datasets, other private datasets, crawled and scraped data, user data, synthetic data, other sources) and section 3 (respect of reservations of rights, removal of illegal content).';

type Links = DisclosureType['links'];

const day = (timestamp: string | null) => (timestamp ? timestamp.slice(0, 10) : null);
const hours = (seconds: number) => Math.round(seconds / 3.6) / 1000;

const LICENSED_BASIS = 'validity of the cited license certificates';

/** The EU AI Act summary's licensed-data section as JSON, prefilled from the cited grants. */
export function euAiActSummary(content: DisclosureContentType, links: Links) {
  return {
    template: EU_TEMPLATE,
    legalBasis: EU_LEGAL_BASIS,
    section: EU_SECTION,
    provider: content.lab.name,
    model: `${content.model.name} ${content.model.version}`,
    commerciallyLicensedFromRightsholders: true,
    modalities: ['Video'],
    size: {
      clips: content.totals.clips,
      hours: content.totals.hours,
      rightsholders: content.totals.distinctCreators,
      licences: content.certificates.length,
    },
    periods: {
      licensed: {
        from: day(content.footage.licensePeriod.from),
        until: day(content.footage.licensePeriod.until),
        basis: `${LICENSED_BASIS} (until null: no end date)`,
      },
      listed: {
        from: day(content.footage.listingPeriod.from),
        until: day(content.footage.listingPeriod.until),
        basis: 'dates the clips were listed for licensing by their creators',
      },
    },
    uses: content.stages
      .filter((stage) => stage.certificateIds.length > 0)
      .map((stage) => ({
        stage: STAGE_LABELS[stage.stage],
        use: USE_LABELS[stage.use],
        licences: stage.certificateIds.length,
      })),
    licences: content.certificates.map((certificate) => ({
      certificateId: certificate.certificateId,
      clips: certificate.clipCount,
      hours: hours(certificate.totalSeconds),
      validFrom: day(certificate.validFrom),
      validUntil: day(certificate.validUntil),
    })),
    outputModalities: content.model.outputModalities.map((modality) => MODALITY_LABELS[modality]),
    source: { disclosure: links.json, page: links.page, jwks: links.jwks },
    toComplete: EU_TO_COMPLETE,
  };
}
export type EuAiActSummary = ReturnType<typeof euAiActSummary>;

/** The same section as Markdown, to paste into the provider's summary. */
export function euAiActMarkdown(summary: EuAiActSummary): string {
  const period = (p: { from: string | null; until: string | null }) =>
    `${p.from ?? '—'} to ${p.until ?? 'no end date'}`;
  const lines = [
    `# ${summary.section}`,
    '',
    `Public summary of training content — ${summary.template}; ${summary.legalBasis}.`,
    '',
    `- **Provider:** ${summary.provider}`,
    `- **Model:** ${summary.model}`,
    `- **Have you concluded transactional commercial licensing agreement(s) with rightsholder(s) or with their representatives?** Yes`,
    `- **Modalities of the licensed content:** ${summary.modalities.join(', ')}`,
    `- **Size:** ${summary.size.clips} clips, ${summary.size.hours} hours of video, from ${summary.size.rightsholders} rightsholders under ${summary.size.licences} licences`,
    // The JSON's basis explains its null; the Markdown writes "no end date" out instead.
    `- **Licence period:** ${period(summary.periods.licensed)} (${LICENSED_BASIS})`,
    `- **Listing period:** ${period(summary.periods.listed)} (${summary.periods.listed.basis})`,
    `- **Used for:** ${summary.uses.map((u) => `${u.stage.toLowerCase()} (${u.use}, ${u.licences} licence${u.licences === 1 ? '' : 's'})`).join('; ')}`,
    '',
    '| Licence certificate | Clips | Hours | Valid from | Valid until |',
    '|---|---:|---:|---|---|',
    ...summary.licences.map(
      (l) =>
        `| ${l.certificateId} | ${l.clips} | ${l.hours} | ${l.validFrom} | ${l.validUntil ?? '—'} |`,
    ),
    '',
    `Signed disclosure: ${summary.source.disclosure} (verify with ${summary.source.jwks}).`,
    '',
    `**Still to add by the provider:** ${summary.toComplete}`,
    '',
  ];
  return lines.join('\n');
}

/** The Croissant 1.0 context, inline (as the delivery's card), so no network is needed to expand it. */
const CROISSANT_CONTEXT = {
  '@language': 'en',
  '@vocab': 'https://schema.org/',
  sc: 'https://schema.org/',
  cr: 'http://mlcommons.org/croissant/',
  rai: 'http://mlcommons.org/croissant/RAI/',
  dct: 'http://purl.org/dc/terms/',
  citeAs: 'cr:citeAs',
  conformsTo: 'dct:conformsTo',
  isLiveDataset: 'cr:isLiveDataset',
};

/**
 * A Croissant RAI dataset card of the licensed footage behind a model: counts, periods and the
 * certificates (each with its Merkle root), not the files — clips are proven, not listed.
 */
export function croissantCard(content: DisclosureContentType, links: Links) {
  const stages = content.stages.filter((stage) => stage.certificateIds.length > 0);
  return {
    '@context': CROISSANT_CONTEXT,
    '@type': 'sc:Dataset',
    conformsTo: 'http://mlcommons.org/croissant/RAI/1.0',
    name: `clearframe-disclosure-${content.disclosureId}`,
    description: `Video footage licensed on Clearframe by ${content.lab.name} for ${content.model.name} ${content.model.version}: ${content.totals.clips} clips, ${content.totals.hours} hours, from ${content.totals.distinctCreators} creators under ${content.certificates.length} license certificate(s).`,
    url: links.page,
    license: content.certificates.map(
      (certificate) => `${content.issuer}/v1/certificates/${certificate.certificateId}`,
    ),
    datePublished: content.publishedAt,
    isLiveDataset: false,
    citeAs: `Clearframe disclosure ${content.disclosureId}`,
    'rai:dataCollection':
      'Footage uploaded by its creators, who attested ownership and listed each clip with a machine-readable policy; each clip was reviewed by Clearframe operators before listing, then licensed to the lab under signed certificates.',
    'rai:dataCollectionType': ['Manual Human Curated', 'Others'],
    'rai:dataCollectionTimeframe': [
      content.footage.listingPeriod.from,
      content.footage.listingPeriod.until,
    ],
    'rai:dataUseCases': stages
      .map((stage) => `${STAGE_LABELS[stage.stage]}: ${USE_LABELS[stage.use]}`)
      .join('; '),
    'rai:personalSensitiveInformation':
      'Clips may show people; every identifiable person has a recorded release with explicit consent to AI training. Likeness synthesis of people shown and biometric identification are prohibited by the terms.',
    'rai:dataLimitations': `Licensed from ${day(content.footage.licensePeriod.from)} ${content.footage.licensePeriod.until ? `to ${day(content.footage.licensePeriod.until)}` : 'with no end date'}; use only under the terms named by each certificate’s terms hash.`,
    'rai:dataReleaseMaintenancePlan':
      'The disclosure is signed and never changes; a correction is a new disclosure. Certificates can be revoked (refunds, disputes): check each at its URL.',
    distribution: content.certificates.map((certificate) => ({
      '@type': 'cr:FileObject',
      '@id': certificate.certificateId,
      name: `certificate-${certificate.certificateId}`,
      contentUrl: `${content.issuer}/v1/certificates/${certificate.certificateId}`,
      encodingFormat: 'application/json',
      'cr:termsHash': certificate.termsHash,
      'cr:merkleRoot': certificate.clipsMerkleRoot,
      'cr:clipCount': certificate.clipCount,
      'sc:duration': `PT${certificate.totalSeconds}S`,
    })),
  };
}
