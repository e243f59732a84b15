import { Injectable, Logger } from '@nestjs/common';
import { renderTerms } from '@clearframe/contracts/license';
import {
  type ApproveClipType,
  policyTerms,
  type RejectClipType,
  type ReviewDecisionType,
  type ReviewQueueItemType,
  type ReviewQueueQueryType,
  type ReviewResultType,
  summarizePolicy,
} from '@clearframe/contracts/supply';
import { FORMER_MEMBER_NAME, UsersService } from '../accounts/users.service.js';
import { AuditLog } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { decodeCursor, encodeCursor } from '../common/http/keyset-cursor.js';
import { AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { JobsService } from '../jobs/jobs.service.js';
import { Mailer, type MailMessage } from '../mail/mailer.service.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import type { ClipEntity } from './clip.entity.js';
import { personStatus } from './clip-readiness.js';
import type { ClipReviewEntity } from './clip-review.entity.js';
import { ClipReviewsRepository } from './clip-reviews.repository.js';
import { ClipViews } from './clip-views.js';
import { ClipsErrors } from './clips.errors.js';
import { ClipsRepository } from './clips.repository.js';
import { toPolicyVersionDto, toReleaseDto, toReviewDto } from './curation.mapper.js';
import { PolicyVersionsRepository } from './policy-versions.repository.js';

/** The rejection code the studio shows beside an operator's reason. */
export const REVIEW_REJECTED_CODE = 'review_rejected';

/**
 * The operators' side: the queue of submitted clips with everything a decision needs, and the
 * decisions. The creator is mailed once a decision has committed.
 */
@Injectable()
export class ReviewService {
  private readonly logger = new Logger('Review');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly clips: ClipsRepository,
    private readonly reviews: ClipReviewsRepository,
    private readonly versions: PolicyVersionsRepository,
    private readonly views: ClipViews,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly mailer: Mailer,
    private readonly audit: AuditLog,
    private readonly jobs: JobsService,
  ) {}

  /** Submitted clips, the longest waiting first. */
  async queue(
    query: ReviewQueueQueryType,
  ): Promise<{ items: ReviewQueueItemType[]; nextCursor: string | null }> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.clips.reviewQueue(query.limit + 1, after);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: await this.items(page),
      nextCursor:
        rows.length > query.limit && last?.submittedAt
          ? encodeCursor({ createdAt: last.submittedAt, id: last.id })
          : null,
    };
  }

  /** One clip as the queue shows it, whatever its state (for the operator's history). */
  async item(clipId: string): Promise<ReviewQueueItemType> {
    const clip = await this.clips.findByIdUnscoped(clipId);
    if (!clip || clip.state === 'uploading') throw ClipsErrors.notFound();
    return (await this.items([clip]))[0]!;
  }

  approve(clipId: string, reviewerId: string, input: ApproveClipType): Promise<ReviewResultType> {
    return this.decide(clipId, reviewerId, 'approve', input.note ?? null);
  }

  reject(clipId: string, reviewerId: string, input: RejectClipType): Promise<ReviewResultType> {
    return this.decide(clipId, reviewerId, 'reject', input.reason);
  }

  private async decide(
    clipId: string,
    reviewerId: string,
    decision: ReviewDecisionType,
    reason: string | null,
  ): Promise<ReviewResultType> {
    const { clip, review } = await this.uow.run(async () => {
      const locked = await this.clips.lockByIdUnscoped(clipId);
      if (!locked) throw ClipsErrors.notFound();
      if (locked.state !== 'in_review') throw ClipsErrors.notInReview(locked.state);
      const now = this.clock.now();
      const changes: Partial<ClipEntity> =
        decision === 'approve'
          ? { state: 'listed', listedAt: now, rejectionCode: null, rejectionMessage: null }
          : { state: 'rejected', rejectionCode: REVIEW_REJECTED_CODE, rejectionMessage: reason };
      if (!(await this.clips.transition(clipId, ['in_review'], { ...changes, updatedAt: now }))) {
        throw ClipsErrors.notInReview(locked.state);
      }
      // A listing brings words "did you mean" should know: the lexicon is rebuilt with it (in
      // this transaction; one waiting rebuild at a time), not at the next hourly run.
      if (decision === 'approve') {
        await this.jobs.send('catalog.lexicon', {}, { singletonKey: 'listing' });
      }
      const review = await this.reviews.create({
        clipId,
        reviewer: reviewerId,
        decision,
        reason,
        policyVersionId: locked.currentPolicyVersionId,
        createdAt: now,
      });
      await this.audit.record({
        actor: { userId: reviewerId },
        action: decision === 'approve' ? 'clip.approved' : 'clip.rejected',
        orgId: locked.orgId,
        target: { type: 'clip', id: clipId },
        data: {
          reviewId: review.id,
          policyVersionId: locked.currentPolicyVersionId,
          ...(reason ? { reason } : {}),
        },
      });
      return { clip: { ...locked, ...changes } as ClipEntity, review };
    });
    // Mail is a side effect that cannot roll back: only once the decision has committed. The
    // decision stands whatever happens to the mail; a failure is logged, not answered.
    await this.tellCreator(clip, review).catch((error: unknown) =>
      this.logger.error({ err: error, clipId: clip.id }, 'Could not queue the review mail'),
    );
    const versions = await this.versions.byIds([review.policyVersionId]);
    return { clipId, state: clip.state, review: toReviewDto(review, versions) };
  }

  /** Mails the person who submitted the clip, or the organization's owners when they cannot be. */
  private async tellCreator(clip: ClipEntity, review: ClipReviewEntity): Promise<void> {
    const org = await this.organizations.findById(clip.orgId);
    if (!org) return;
    let recipients: string[] = [];
    if (clip.submittedBy && (await this.organizations.findMembership(org.id, clip.submittedBy))) {
      const person = (await this.users.summaries([clip.submittedBy])).get(clip.submittedBy);
      if (person) recipients = [person.email];
    }
    if (recipients.length === 0) {
      recipients = (await this.organizations.listMembers({ org, role: 'owner' }))
        .filter((member) => member.role === 'owner')
        .map((member) => member.email);
    }
    const link = `${this.config.server.webOrigin}/studio/${org.id}/clips/${clip.id}`;
    const approved = review.decision === 'approve';
    const message = (to: string): MailMessage => ({
      to,
      tag: approved ? 'clip-approved' : 'clip-rejected',
      subject: approved
        ? `“${clip.title}” is listed on Clearframe`
        : `“${clip.title}” was not approved`,
      text: approved
        ? [
            `Your clip “${clip.title}” was approved and is now listed in the Clearframe catalog.`,
            '',
            `See it in your studio: ${link}`,
          ].join('\n')
        : [
            `Your clip “${clip.title}” was reviewed and not approved. The reviewer wrote:`,
            '',
            review.reason ?? '',
            '',
            `You can change the clip and submit it again from your studio: ${link}`,
          ].join('\n'),
      links: [link],
    });
    for (const to of recipients) await this.mailer.send(message(to));
  }

  /** The queue's view of clips: one batched query per related table for the page. */
  private async items(clips: ClipEntity[]): Promise<ReviewQueueItemType[]> {
    const clipIds = clips.map((clip) => clip.id);
    const [versions, people, reviews, duplicates] = [
      await this.views.currentVersions(clips),
      await this.views.peopleOf(clipIds),
      await this.reviews.forClips(clipIds),
      await this.clips.duplicatesOf(clipIds),
    ];
    const reviewedVersions = await this.versions.byIds(reviews.map((r) => r.policyVersionId));
    const orgIds = new Set([
      ...clips.map((clip) => clip.orgId),
      ...duplicates.map((match) => match.other.orgId),
    ]);
    const orgNames = new Map<string, string>();
    for (const orgId of orgIds) {
      orgNames.set(
        orgId,
        (await this.organizations.findById(orgId))?.name ?? 'A deleted organization',
      );
    }
    const attesters = await this.users.summaries(clips.map((clip) => clip.ownershipAttestedBy));
    return Promise.all(
      clips.map(async (clip) => {
        const version = clip.currentPolicyVersionId
          ? versions.get(clip.currentPolicyVersionId)
          : undefined;
        const attester = clip.ownershipAttestedBy
          ? attesters.get(clip.ownershipAttestedBy)
          : undefined;
        return {
          clip: {
            ...(await this.views.studioClip(clip, versions)),
            orgName: orgNames.get(clip.orgId)!,
            description: clip.description,
            captions: clip.captions,
            cameraMotion: clip.cameraMotion,
            setting: clip.setting,
            timeOfDay: clip.timeOfDay,
            country: clip.country,
            container: clip.container,
            bitrate: clip.bitrate,
            hasAudio: clip.hasAudio,
            sha256: clip.sha256,
          },
          previewUrl: await this.views.previewUrl(clip.previewKey),
          identifiablePeople: clip.identifiablePeople ?? null,
          people: await Promise.all(
            (people.get(clip.id) ?? []).map(async ({ person, release }) => ({
              person: { id: person.id, name: person.name },
              release: release
                ? {
                    ...toReleaseDto(release, person),
                    documentUrl:
                      release.state === 'confirmed'
                        ? await this.views.documentUrl(release.documentKey, release.fileName)
                        : null,
                  }
                : null,
              status: personStatus(release),
            })),
          ),
          ownership: clip.ownershipAttestedAt
            ? {
                userId: attester?.id ?? null,
                name: attester?.name ?? FORMER_MEMBER_NAME,
                attestedAt: clip.ownershipAttestedAt.toISOString(),
              }
            : null,
          policy: version
            ? {
                version: toPolicyVersionDto(version),
                summary: summarizePolicy(version.policy, version.version),
                rendered: renderTerms(policyTerms(version.policy), { format: 'markdown' }),
              }
            : null,
          duplicates: await Promise.all(
            duplicates
              .filter((match) => match.clipId === clip.id)
              .map(async (match) => ({
                kind: match.kind,
                score: match.score,
                clip: {
                  id: match.other.id,
                  orgId: match.other.orgId,
                  orgName: orgNames.get(match.other.orgId)!,
                  title: match.other.title,
                  state: match.other.state,
                  durationMs: match.other.durationMs,
                  width: match.other.width,
                  height: match.other.height,
                  thumbnailUrl: await this.views.previewUrl(match.other.thumbnailKey),
                  previewUrl: await this.views.previewUrl(match.other.previewKey),
                },
                flaggedAt: match.createdAt.toISOString(),
              })),
          ),
          previousReviews: reviews
            .filter((review) => review.clipId === clip.id)
            .map((review) => toReviewDto(review, reviewedVersions)),
        };
      }),
    );
  }
}
