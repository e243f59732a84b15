import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { ObjectStorage } from '../storage/object-storage.js';
import { ClipViews, PREVIEW_URL_REUSE_MS, PREVIEW_URL_TTL_SECONDS } from './clip-views.js';

describe('ClipViews.previewUrl', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('hands a preview link out again while it is fresh, and signs a new one after', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-12-01T12:00:00Z') });
    let signed = 0;
    const storage = {
      presignGet: async (bucket: string, key: string, options: { expiresInSeconds?: number }) => {
        signed++;
        expect([bucket, options.expiresInSeconds]).toEqual(['previews', PREVIEW_URL_TTL_SECONDS]);
        return { url: `https://s3.test/${key}?n=${signed}`, method: 'GET', headers: {} };
      },
    } as unknown as ObjectStorage;
    const unused = {} as never;
    const views = new ClipViews(storage, unused, unused, unused, unused, unused);
    expect(await views.previewUrl(null)).toBeNull();
    expect(await views.previewUrl('a.jpg')).toBe('https://s3.test/a.jpg?n=1');
    expect(await views.previewUrl('b.jpg')).toBe('https://s3.test/b.jpg?n=2');
    jest.setSystemTime(Date.now() + PREVIEW_URL_REUSE_MS - 1);
    expect(await views.previewUrl('a.jpg')).toBe('https://s3.test/a.jpg?n=1');
    jest.setSystemTime(Date.now() + 1);
    expect(await views.previewUrl('a.jpg')).toBe('https://s3.test/a.jpg?n=3');
    expect(signed).toBe(3);
  });
});
