import { pageOf } from '@clearframe/contracts/common';
import {
  ReviewQueueItem,
  ReviewResult,
  type ApproveClipType,
  type RejectClipType,
} from '@clearframe/contracts/supply';
import { apiRequest } from './client.server';

const reviewPath = (clipId: string) => `/v1/review/clips/${encodeURIComponent(clipId)}`;

/** The operators' review queue. */
export const reviewApi = {
  queue: (token: string, cursor?: string) =>
    apiRequest(`/v1/review/clips${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, {
      token,
      schema: pageOf(ReviewQueueItem),
    }),
  get: (token: string, clipId: string) =>
    apiRequest(reviewPath(clipId), { token, schema: ReviewQueueItem }),
  approve: (token: string, clipId: string, body: ApproveClipType) =>
    apiRequest(`${reviewPath(clipId)}/approve`, {
      method: 'POST',
      token,
      body,
      schema: ReviewResult,
    }),
  reject: (token: string, clipId: string, body: RejectClipType) =>
    apiRequest(`${reviewPath(clipId)}/reject`, {
      method: 'POST',
      token,
      body,
      schema: ReviewResult,
    }),
};
