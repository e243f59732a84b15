import { Injectable } from '@nestjs/common';
import {
  LICENSE_TEMPLATE_IDS,
  LICENSE_TEMPLATES,
  renderTerms,
} from '@clearframe/contracts/license';
import { PUBLIC_RATE_CARD, resolutionTierFor } from '@clearframe/contracts/pricing';
import {
  type CatalogClipDetailType,
  type CatalogClipType,
  type CatalogPageType,
  type CatalogQueryType,
  listPricePerMinute,
  listPriceRequest,
  type PolicyTemplateListType,
  policyTerms,
  summarizePolicy,
} from '@clearframe/contracts/supply';
import { decodeCursor, encodeCursor } from '../common/http/keyset-cursor.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import type { ClipPolicyVersionEntity } from './clip-policy-version.entity.js';
import { ClipViews } from './clip-views.js';
import { ClipsErrors } from './clips.errors.js';
import { type CatalogRow, ClipsRepository } from './clips.repository.js';

/**
 * The public catalog: listed clips only, newest listing first, with links to previews only
 * (never to originals) and the list price from the public rate card.
 */
@Injectable()
export class CatalogService {
  constructor(
    private readonly clips: ClipsRepository,
    private readonly views: ClipViews,
    private readonly organizations: OrganizationsService,
  ) {}

  async list(query: CatalogQueryType): Promise<CatalogPageType> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.clips.listed(query.limit + 1, after);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: await this.items(page),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ createdAt: last.clip.listedAt!, id: last.clip.id })
          : null,
    };
  }

  async detail(clipId: string): Promise<CatalogClipDetailType> {
    const row = await this.clips.findListed(clipId);
    if (!row) throw ClipsErrors.notFound();
    const [item] = await this.items([row]);
    const { clip } = row;
    const version = await this.currentVersion(row);
    return {
      ...item!,
      description: clip.description,
      captions: clip.captions,
      cameraMotion: clip.cameraMotion,
      setting: clip.setting,
      timeOfDay: clip.timeOfDay,
      country: clip.country,
      codec: clip.codec,
      policy: {
        version: version.version,
        policyHash: version.policyHash,
        policy: version.policy,
        summary: summarizePolicy(version.policy, version.version),
        rendered: renderTerms(policyTerms(version.policy), { format: 'markdown' }),
      },
    };
  }

  /** The license templates a creator starts a policy from. */
  templates(): PolicyTemplateListType {
    return {
      items: LICENSE_TEMPLATE_IDS.map((id) => {
        const template = LICENSE_TEMPLATES[id];
        return {
          id,
          title: template.title,
          description: template.description,
          terms: structuredClone(template.terms),
          rendered: renderTerms(template.terms, { format: 'markdown' }),
        };
      }),
      currency: PUBLIC_RATE_CARD.currency,
    };
  }

  private async currentVersion(row: CatalogRow): Promise<ClipPolicyVersionEntity> {
    const id = row.clip.currentPolicyVersionId!;
    return (await this.views.currentVersions([row.clip])).get(id)!;
  }

  private async items(rows: CatalogRow[]): Promise<CatalogClipType[]> {
    const versions = await this.views.currentVersions(rows.map((row) => row.clip));
    const names = new Map<string, string>();
    for (const orgId of new Set(rows.map((row) => row.clip.orgId))) {
      names.set(orgId, (await this.organizations.findById(orgId))?.name ?? '');
    }
    return Promise.all(
      rows.map(async ({ clip, previewAllowed }) => {
        const version = clip.currentPolicyVersionId
          ? versions.get(clip.currentPolicyVersionId)
          : undefined;
        const resolution = resolutionTierFor(clip.width!, clip.height!);
        return {
          id: clip.id,
          title: clip.title,
          creator: { orgId: clip.orgId, name: names.get(clip.orgId)! },
          category: clip.category,
          tags: clip.tags,
          durationMs: clip.durationMs!,
          width: clip.width!,
          height: clip.height!,
          fps: clip.fps!,
          resolution,
          hasAudio: clip.hasAudio ?? false,
          // A person whose release does not allow a public preview keeps the clip's pictures
          // out of the public catalog; labs still see everything else.
          thumbnailUrl: previewAllowed ? await this.views.previewUrl(clip.thumbnailKey) : null,
          previewUrl: previewAllowed ? await this.views.previewUrl(clip.previewKey) : null,
          listPrice: version ? listPrice(version, resolution) : null,
          listedAt: clip.listedAt!.toISOString(),
        };
      }),
    );
  }
}

function listPrice(
  version: ClipPolicyVersionEntity,
  resolution: ReturnType<typeof resolutionTierFor>,
): CatalogClipType['listPrice'] {
  if (version.policy.ratePerMinute.currency !== PUBLIC_RATE_CARD.currency) return null;
  const request = listPriceRequest(version.policy);
  return {
    perMinute: listPricePerMinute(version.policy, resolution, PUBLIC_RATE_CARD),
    rateCardId: PUBLIC_RATE_CARD.id,
    termMonths: request.term.kind === 'fixed' ? request.term.months : 0,
    commercial: request.commercial,
  };
}
