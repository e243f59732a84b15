import { Injectable } from '@nestjs/common';
import type { ClipDetailType, ClipPeopleType, StudioClipType } from '@clearframe/contracts/supply';
import { summarizePolicy } from '@clearframe/contracts/supply';
import { FORMER_MEMBER_NAME, UsersService } from '../accounts/users.service.js';
import { ObjectStorage } from '../storage/object-storage.js';
import type { ClipEntity } from './clip.entity.js';
import type { ClipPolicyVersionEntity } from './clip-policy-version.entity.js';
import { ClipPeopleRepository } from './clip-people.repository.js';
import { type PersonOnClip, readinessOf } from './clip-readiness.js';
import { ClipReviewsRepository } from './clip-reviews.repository.js';
import { toClipSummary } from './clips.mapper.js';
import { toClipPersonDto, toPolicyVersionDto, toReviewDto } from './curation.mapper.js';
import { PolicyVersionsRepository } from './policy-versions.repository.js';
import { ReleasesRepository } from './releases.repository.js';

/** How long links to previews and thumbnails work: long enough to watch, short enough to not be shared. */
export const PREVIEW_URL_TTL_SECONDS = 3_600;
/**
 * A preview link is handed out again for this long after it was signed, so it still works for
 * at least 45 minutes. Signing costs ~0.5–1 ms of CPU and a catalog page has 48 links: reusing
 * them is most of what the API adds to a search (docs/BENCHMARKS.md, catalog search).
 */
export const PREVIEW_URL_REUSE_MS = 15 * 60_000;
const PREVIEW_URL_CACHE_SIZE = 20_000;
/** Links to release documents are for one look at a personal document. */
export const DOCUMENT_URL_TTL_SECONDS = 900;

/**
 * Builds the clips domain's answers (studio rows, a clip in full) from clip rows: one batched
 * query per related table for a whole page, and presigned links to the previews bucket.
 * Links to originals are never made here.
 */
@Injectable()
export class ClipViews {
  constructor(
    private readonly storage: ObjectStorage,
    private readonly versions: PolicyVersionsRepository,
    private readonly clipPeople: ClipPeopleRepository,
    private readonly releases: ReleasesRepository,
    private readonly reviews: ClipReviewsRepository,
    private readonly users: UsersService,
  ) {}

  private readonly previewUrls = new Map<string, { url: string; signedAt: number }>();

  /** A presigned GET in the previews bucket (reused while fresh), or null without a key. */
  async previewUrl(key: string | null): Promise<string | null> {
    if (!key) return null;
    // The signer stamps links with the system time, so their age is measured by it too.
    const now = Date.now();
    const cached = this.previewUrls.get(key);
    if (cached && now - cached.signedAt >= 0 && now - cached.signedAt < PREVIEW_URL_REUSE_MS) {
      return cached.url;
    }
    const { url } = await this.storage.presignGet('previews', key, {
      expiresInSeconds: PREVIEW_URL_TTL_SECONDS,
    });
    // Full: start over rather than evict the oldest one by one (a Map keeps deleted entries
    // until it rehashes, so walking to the oldest gets slower with every eviction).
    if (this.previewUrls.size >= PREVIEW_URL_CACHE_SIZE) this.previewUrls.clear();
    this.previewUrls.set(key, { url, signedAt: now });
    return url;
  }

  /** A presigned GET of a release document, saved under its file name. */
  async documentUrl(key: string, fileName: string): Promise<string> {
    return (
      await this.storage.presignGet('documents', key, {
        expiresInSeconds: DOCUMENT_URL_TTL_SECONDS,
        downloadName: fileName,
      })
    ).url;
  }

  currentVersions(clips: readonly ClipEntity[]): Promise<Map<string, ClipPolicyVersionEntity>> {
    return this.versions.byIds(clips.map((clip) => clip.currentPolicyVersionId));
  }

  /** The people of each clip with their releases; `orgId` scopes it (operators pass none). */
  async peopleOf(clipIds: readonly string[], orgId?: string): Promise<Map<string, PersonOnClip[]>> {
    const rows = await this.clipPeople.forClips(clipIds, orgId);
    const byOrg = new Map<string, { people: string[]; releases: string[] }>();
    for (const row of rows) {
      const entry = byOrg.get(row.orgId) ?? { people: [], releases: [] };
      entry.people.push(row.personId);
      if (row.releaseId) entry.releases.push(row.releaseId);
      byOrg.set(row.orgId, entry);
    }
    const people = new Map<string, PersonOnClip['person']>();
    const releases = new Map<string, NonNullable<PersonOnClip['release']>>();
    for (const [org, ids] of byOrg) {
      for (const [id, person] of await this.releases.peopleInOrg(org, ids.people)) {
        people.set(id, person);
      }
      for (const [id, release] of await this.releases.inOrg(org, ids.releases)) {
        releases.set(id, release);
      }
    }
    const result = new Map<string, PersonOnClip[]>();
    for (const row of rows) {
      const person = people.get(row.personId);
      if (!person) continue;
      const list = result.get(row.clipId) ?? [];
      list.push({ person, release: row.releaseId ? (releases.get(row.releaseId) ?? null) : null });
      result.set(row.clipId, list);
    }
    return result;
  }

  peopleDto(clip: ClipEntity, people: readonly PersonOnClip[]): ClipPeopleType {
    return {
      identifiablePeople: clip.identifiablePeople ?? null,
      people: people.map(toClipPersonDto),
    };
  }

  /** Rows of the studio's table, in the order given. */
  async studioClips(clips: readonly ClipEntity[]): Promise<StudioClipType[]> {
    const versions = await this.currentVersions(clips);
    return Promise.all(clips.map((clip) => this.studioClip(clip, versions)));
  }

  async studioClip(
    clip: ClipEntity,
    versions: Map<string, ClipPolicyVersionEntity>,
  ): Promise<StudioClipType> {
    const version = clip.currentPolicyVersionId
      ? versions.get(clip.currentPolicyVersionId)
      : undefined;
    return {
      ...toClipSummary(clip),
      thumbnailUrl: await this.previewUrl(clip.thumbnailKey),
      category: clip.category,
      tags: clip.tags,
      policy: version ? summarizePolicy(version.policy, version.version) : null,
      submittedAt: clip.submittedAt?.toISOString() ?? null,
      listedAt: clip.listedAt?.toISOString() ?? null,
    };
  }

  /** One clip in full for its organization's studio. */
  async detail(clip: ClipEntity): Promise<ClipDetailType> {
    const versions = await this.currentVersions([clip]);
    const people = (await this.peopleOf([clip.id], clip.orgId)).get(clip.id) ?? [];
    const reviews = await this.reviews.forClips([clip.id]);
    const reviewedVersions = await this.versions.byIds(reviews.map((r) => r.policyVersionId));
    const attester = clip.ownershipAttestedBy
      ? (await this.users.summaries([clip.ownershipAttestedBy])).get(clip.ownershipAttestedBy)
      : undefined;
    const version = clip.currentPolicyVersionId
      ? versions.get(clip.currentPolicyVersionId)
      : undefined;
    return {
      ...(await this.studioClip(clip, versions)),
      description: clip.description,
      captions: clip.captions,
      cameraMotion: clip.cameraMotion,
      setting: clip.setting,
      timeOfDay: clip.timeOfDay,
      country: clip.country,
      container: clip.container,
      bitrate: clip.bitrate,
      hasAudio: clip.hasAudio,
      previewUrl: await this.previewUrl(clip.previewKey),
      people: this.peopleDto(clip, people),
      policyVersion: version ? toPolicyVersionDto(version) : null,
      ownership: clip.ownershipAttestedAt
        ? {
            userId: attester?.id ?? null,
            name: attester?.name ?? FORMER_MEMBER_NAME,
            attestedAt: clip.ownershipAttestedAt.toISOString(),
          }
        : null,
      reviews: reviews.map((review) => toReviewDto(review, reviewedVersions)),
      readiness: readinessOf(
        { ...clip, identifiablePeople: clip.identifiablePeople ?? null },
        people,
      ),
    };
  }
}
