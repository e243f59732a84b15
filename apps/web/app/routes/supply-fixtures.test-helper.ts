import type {
  CatalogClipDetailType,
  CatalogClipType,
  ClipDetailType,
  ReviewQueueItemType,
  StudioClipType,
} from '@clearframe/contracts/supply';
import { policyFromTemplate, summarizePolicy } from '@clearframe/contracts/supply';
import { LICENSE_TEMPLATES } from '@clearframe/contracts/license';
import { renderTerms } from '@clearframe/contracts/license';
import { STUDIO } from './stub-api.test-helper';

// Contract-shaped answers for the supply routes' specs, built with the contracts' own
// functions (policy from a template, its summary) so they stay valid as the schemas evolve.

let sequence = 0;
/** A fresh v4-shaped uuid per call. */
export function uuid(): string {
  sequence += 1;
  return `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`;
}

export const POLICY = policyFromTemplate('training-standard', {
  amountMinor: 450,
  currency: 'USD',
});

export function studioClip(overrides: Partial<StudioClipType> = {}): StudioClipType {
  return {
    id: uuid(),
    orgId: STUDIO.id,
    state: 'draft',
    fileName: 'harbour-dawn.mp4',
    title: 'Harbour at dawn',
    sizeBytes: 12_400_000,
    durationMs: 12_400,
    width: 1920,
    height: 1080,
    fps: 25,
    codec: 'h264',
    processingStep: null,
    rejection: null,
    createdAt: '2026-11-30T09:00:00.000Z',
    updatedAt: '2026-11-30T09:05:00.000Z',
    thumbnailUrl: 'http://storage.test/thumb.jpg',
    category: null,
    tags: [],
    policy: null,
    submittedAt: null,
    listedAt: null,
    ...overrides,
  };
}

export function clipDetail(overrides: Partial<ClipDetailType> = {}): ClipDetailType {
  return {
    ...studioClip(),
    description: null,
    captions: null,
    cameraMotion: null,
    setting: null,
    timeOfDay: null,
    country: null,
    container: 'mp4',
    bitrate: 4_000_000,
    hasAudio: false,
    previewUrl: 'http://storage.test/preview.mp4',
    people: { identifiablePeople: null, people: [] },
    policyVersion: null,
    ownership: null,
    reviews: [],
    readiness: {
      ready: false,
      missing: [
        { path: 'category', code: 'category_missing', message: 'Choose a category.' },
        { path: 'policy', code: 'policy_missing', message: 'Set a license policy.' },
      ],
    },
    ...overrides,
  };
}

export const TEMPLATES_ANSWER = {
  status: 200,
  body: {
    currency: 'USD',
    items: Object.values(LICENSE_TEMPLATES).map((template) => ({
      id: template.id,
      title: template.title,
      description: template.description,
      terms: template.terms,
      rendered: renderTerms(template.terms, { format: 'markdown' }),
    })),
  },
};

export function reviewItem(overrides: Partial<ReviewQueueItemType> = {}): ReviewQueueItemType {
  const clip = clipDetail();
  const versionId = uuid();
  return {
    clip: {
      ...studioClip({ state: 'in_review', submittedAt: '2026-11-30T10:00:00.000Z' }),
      orgName: STUDIO.name,
      description: 'Boats leave the harbour at first light.',
      captions: 'Fishing boats leave a stone harbour at dawn; gulls overhead.',
      cameraMotion: 'static',
      setting: 'outdoor',
      timeOfDay: 'dawn',
      country: 'PT',
      container: 'mp4',
      bitrate: 4_000_000,
      hasAudio: false,
      sha256: 'a'.repeat(64),
      category: 'urban',
    },
    previewUrl: clip.previewUrl,
    identifiablePeople: false,
    people: [],
    ownership: { userId: null, name: 'Maya Okafor', attestedAt: '2026-11-30T09:59:00.000Z' },
    policy: {
      version: {
        id: versionId,
        clipId: clip.id,
        version: 1,
        policy: POLICY,
        policyHash: 'sha256:abc',
        templateId: 'training-standard',
        createdAt: '2026-11-30T09:58:00.000Z',
      },
      summary: summarizePolicy(POLICY, 1),
      rendered: '…',
    },
    duplicates: [],
    previousReviews: [],
    ...overrides,
  };
}

export function catalogClip(overrides: Partial<CatalogClipType> = {}): CatalogClipType {
  return {
    id: uuid(),
    title: 'Harbour at dawn',
    creator: { orgId: STUDIO.id, name: STUDIO.name },
    category: 'urban',
    tags: ['harbour'],
    durationMs: 72_000,
    width: 1280,
    height: 720,
    fps: 25,
    resolution: 'hd',
    hasAudio: false,
    thumbnailUrl: 'http://storage.test/thumb.jpg',
    previewUrl: 'http://storage.test/preview.mp4',
    listPrice: {
      perMinute: { amountMinor: 450, currency: 'USD' },
      rateCardId: 'public-usd-2026-12',
      termMonths: 12,
      commercial: true,
    },
    listedAt: '2026-11-30T12:00:00.000Z',
    ...overrides,
  };
}

export function catalogDetail(
  overrides: Partial<CatalogClipDetailType> = {},
): CatalogClipDetailType {
  return {
    ...catalogClip(),
    description: 'Boats leave the harbour at first light.',
    captions: null,
    cameraMotion: 'static',
    setting: 'outdoor',
    timeOfDay: 'dawn',
    country: 'PT',
    codec: 'h264',
    policy: {
      version: 1,
      policyHash: 'sha256:abc',
      policy: POLICY,
      summary: summarizePolicy(POLICY, 1),
      rendered: '…',
    },
    ...overrides,
  };
}
