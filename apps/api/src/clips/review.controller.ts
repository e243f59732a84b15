import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { pageOf } from '@clearframe/contracts/common';
import {
  ApproveClip,
  type ApproveClipType,
  RejectClip,
  type RejectClipType,
  ReviewQueueItem,
  ReviewQueueQuery,
  type ReviewQueueQueryType,
  ReviewResult,
} from '@clearframe/contracts/supply';
import { CurrentUser, Operator } from '../access/access.decorator.js';
import type { UserPrincipal } from '../access/principal.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { ReviewService } from './review.service.js';

/** Operators review submitted clips: the queue, one clip, approve, reject. */
@Controller('v1/review/clips')
export class ReviewController {
  constructor(private readonly review: ReviewService) {}

  @Get()
  @Operator()
  @Endpoint({
    summary: 'Submitted clips, the longest waiting first, with all a decision needs',
    query: ReviewQueueQuery,
    response: pageOf(ReviewQueueItem),
  })
  queue(@Query() query: ReviewQueueQueryType) {
    return this.review.queue(query);
  }

  @Get(':clipId')
  @Operator()
  @Endpoint({ summary: 'One clip as the review queue shows it', response: ReviewQueueItem })
  get(@Param('clipId', UuidParam) clipId: string) {
    return this.review.item(clipId);
  }

  @Post(':clipId/approve')
  @Operator()
  @Endpoint({
    summary: 'Approve a submitted clip: it is listed',
    body: ApproveClip,
    response: ReviewResult,
  })
  approve(
    @Param('clipId', UuidParam) clipId: string,
    @Body() body: ApproveClipType,
    @CurrentUser() principal: UserPrincipal,
  ) {
    return this.review.approve(clipId, principal.user.id, body);
  }

  @Post(':clipId/reject')
  @Operator()
  @Endpoint({
    summary: 'Reject a submitted clip with a reason',
    body: RejectClip,
    response: ReviewResult,
  })
  reject(
    @Param('clipId', UuidParam) clipId: string,
    @Body() body: RejectClipType,
    @CurrentUser() principal: UserPrincipal,
  ) {
    return this.review.reject(clipId, principal.user.id, body);
  }
}
