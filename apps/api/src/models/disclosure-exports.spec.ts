import { describe, expect, it } from '@jest/globals';
import { DisclosureContent, type DisclosureContentType } from '@clearframe/contracts/transparency';
import { croissantCard, euAiActMarkdown, euAiActSummary } from './disclosure-exports.js';

// A disclosure as the API signs it, written out by hand: two certificates (120 s and 60 s of
// footage, one perpetual), 3 clips in all from 2 creators; 180 s = 0.05 h.
const content: DisclosureContentType = {
  schema: 'clearframe.disclosure/1',
  disclosureId: '11111111-1111-4111-8111-111111111111',
  issuer: 'https://api.clearframe.test',
  publishedAt: '2026-12-01T12:00:00.000Z',
  lab: { orgId: '22222222-2222-4222-8222-222222222222', name: 'Perceptron Labs' },
  model: {
    id: '33333333-3333-4333-8333-333333333333',
    name: 'Tidewater',
    version: '1.0',
    releaseDate: '2026-12-15',
    outputModalities: ['video', 'audio'],
  },
  stages: [
    {
      stage: 'pre-training',
      use: 'ai-train',
      declarationId: '44444444-4444-4444-8444-444444444444',
      usedAt: '2026-11-20T00:00:00.000Z',
      certificateIds: [
        'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
        'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
      ],
    },
    {
      stage: 'evaluation',
      use: 'ai-eval',
      declarationId: '55555555-5555-4555-8555-555555555555',
      usedAt: '2026-11-25T00:00:00.000Z',
      certificateIds: ['bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'],
    },
  ],
  certificates: [
    {
      certificateId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
      termsHash: `sha256:${'1'.repeat(64)}`,
      clipsMerkleRoot: 'c'.repeat(64),
      clipCount: 2,
      totalSeconds: 120,
      validFrom: '2026-03-01T00:00:00.000Z',
      validUntil: '2028-03-01T00:00:00.000Z',
      stages: ['pre-training'],
    },
    {
      certificateId: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
      termsHash: `sha256:${'2'.repeat(64)}`,
      clipsMerkleRoot: 'd'.repeat(64),
      clipCount: 1,
      totalSeconds: 60,
      validFrom: '2026-06-01T00:00:00.000Z',
      validUntil: null,
      stages: ['pre-training', 'evaluation'],
    },
  ],
  totals: { clips: 3, seconds: 180, hours: 0.05, distinctCreators: 2 },
  footage: {
    modality: 'video',
    licensePeriod: { from: '2026-03-01T00:00:00.000Z', until: null },
    listingPeriod: { from: '2026-01-10T09:00:00.000Z', until: '2026-05-20T17:30:00.000Z' },
  },
};

const links = {
  page: 'https://clearframe.test/disclosures/11111111-1111-4111-8111-111111111111',
  json: 'https://api.clearframe.test/v1/disclosures/11111111-1111-4111-8111-111111111111',
  euAiActMarkdown: 'https://api.clearframe.test/v1/disclosures/x/eu-ai-act.md',
  euAiActJson: 'https://api.clearframe.test/v1/disclosures/x/eu-ai-act.json',
  croissant: 'https://api.clearframe.test/v1/disclosures/x/croissant.json',
  jwks: 'https://api.clearframe.test/.well-known/jwks.json',
};

describe('disclosure exports', () => {
  it('the hand-written disclosure is valid signed content', () => {
    expect(DisclosureContent.parse(content)).toEqual(content);
  });

  it('prefills the EU AI Act licensed-data section as JSON', () => {
    expect(euAiActSummary(content, links)).toEqual({
      template:
        'Template for the Public Summary of Training Content for general-purpose AI models (European Commission, 24 July 2025)',
      legalBasis: 'Regulation (EU) 2024/1689 (AI Act), Article 53(1)(d)',
      section: '2.2.1 Datasets commercially licensed by rightsholders or their representatives',
      provider: 'Perceptron Labs',
      model: 'Tidewater 1.0',
      commerciallyLicensedFromRightsholders: true,
      modalities: ['Video'],
      size: { clips: 3, hours: 0.05, rightsholders: 2, licences: 2 },
      periods: {
        licensed: {
          from: '2026-03-01',
          until: null,
          basis: 'validity of the cited license certificates (until null: no end date)',
        },
        listed: {
          from: '2026-01-10',
          until: '2026-05-20',
          basis: 'dates the clips were listed for licensing by their creators',
        },
      },
      uses: [
        { stage: 'Pre-training', use: 'training AI models', licences: 2 },
        { stage: 'Evaluation', use: 'evaluating and benchmarking AI models', licences: 1 },
      ],
      licences: [
        {
          certificateId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
          clips: 2,
          hours: 0.033,
          validFrom: '2026-03-01',
          validUntil: '2028-03-01',
        },
        {
          certificateId: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
          clips: 1,
          hours: 0.017,
          validFrom: '2026-06-01',
          validUntil: null,
        },
      ],
      outputModalities: ['video', 'audio'],
      source: { disclosure: links.json, page: links.page, jwks: links.jwks },
      toComplete:
        'This covers only the video footage licensed through Clearframe. The provider must still complete the rest of the summary itself: section 1 (provider, model, all modalities and the overall size of the training data), the other sources of section 2 (public datasets, other private datasets, crawled and scraped data, user data, synthetic data, other sources) and section 3 (respect of reservations of rights, removal of illegal content).',
    });
  });

  it('renders the same section as Markdown', () => {
    expect(euAiActMarkdown(euAiActSummary(content, links))).toBe(
      `# 2.2.1 Datasets commercially licensed by rightsholders or their representatives

Public summary of training content — Template for the Public Summary of Training Content for general-purpose AI models (European Commission, 24 July 2025); Regulation (EU) 2024/1689 (AI Act), Article 53(1)(d).

- **Provider:** Perceptron Labs
- **Model:** Tidewater 1.0
- **Have you concluded transactional commercial licensing agreement(s) with rightsholder(s) or with their representatives?** Yes
- **Modalities of the licensed content:** Video
- **Size:** 3 clips, 0.05 hours of video, from 2 rightsholders under 2 licences
- **Licence period:** 2026-03-01 to no end date (validity of the cited license certificates)
- **Listing period:** 2026-01-10 to 2026-05-20 (dates the clips were listed for licensing by their creators)
- **Used for:** pre-training (training AI models, 2 licences); evaluation (evaluating and benchmarking AI models, 1 licence)

| Licence certificate | Clips | Hours | Valid from | Valid until |
|---|---:|---:|---|---|
| aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa | 2 | 0.033 | 2026-03-01 | 2028-03-01 |
| bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb | 1 | 0.017 | 2026-06-01 | — |

Signed disclosure: https://api.clearframe.test/v1/disclosures/11111111-1111-4111-8111-111111111111 (verify with https://api.clearframe.test/.well-known/jwks.json).

**Still to add by the provider:** This covers only the video footage licensed through Clearframe. The provider must still complete the rest of the summary itself: section 1 (provider, model, all modalities and the overall size of the training data), the other sources of section 2 (public datasets, other private datasets, crawled and scraped data, user data, synthetic data, other sources) and section 3 (respect of reservations of rights, removal of illegal content).
`,
    );
  });

  it('describes the licensed footage as a Croissant RAI card, certificates not files', () => {
    const card = croissantCard(content, links);
    expect(card).toMatchObject({
      '@type': 'sc:Dataset',
      conformsTo: 'http://mlcommons.org/croissant/RAI/1.0',
      name: 'clearframe-disclosure-11111111-1111-4111-8111-111111111111',
      description:
        'Video footage licensed on Clearframe by Perceptron Labs for Tidewater 1.0: 3 clips, 0.05 hours, from 2 creators under 2 license certificate(s).',
      url: links.page,
      license: [
        'https://api.clearframe.test/v1/certificates/aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
        'https://api.clearframe.test/v1/certificates/bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
      ],
      datePublished: '2026-12-01T12:00:00.000Z',
      // When the clips were listed: the platform does not know when footage was shot.
      'rai:dataCollectionTimeframe': ['2026-01-10T09:00:00.000Z', '2026-05-20T17:30:00.000Z'],
      'rai:dataUseCases':
        'Pre-training: training AI models; Evaluation: evaluating and benchmarking AI models',
      'rai:dataLimitations':
        'Licensed from 2026-03-01 with no end date; use only under the terms named by each certificate’s terms hash.',
    });
    expect(card.distribution[1]).toEqual({
      '@type': 'cr:FileObject',
      '@id': 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
      name: 'certificate-bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
      contentUrl:
        'https://api.clearframe.test/v1/certificates/bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
      encodingFormat: 'application/json',
      'cr:termsHash': `sha256:${'2'.repeat(64)}`,
      'cr:merkleRoot': 'd'.repeat(64),
      'cr:clipCount': 1,
      'sc:duration': 'PT60S',
    });
  });
});
