import { describe, expect, it } from '@jest/globals';
import { noticeFrom, withNotice } from './notices';

describe('notices', () => {
  it('shows only known notices', () => {
    expect(noticeFrom(new URL('http://web/sign-in?notice=password-reset'))?.tone).toBe('success');
    expect(noticeFrom(new URL('http://web/?notice=Your%20account%20was%20hacked'))).toBeNull();
    expect(noticeFrom(new URL('http://web/?notice=toString'))).toBeNull();
    expect(noticeFrom(new URL('http://web/'))).toBeNull();
  });

  it('adds the notice to paths with and without a query', () => {
    expect(withNotice('/sign-in', 'signed-out')).toBe('/sign-in?notice=signed-out');
    expect(withNotice('/x?redirectTo=%2F', 'welcome')).toBe('/x?redirectTo=%2F&notice=welcome');
  });
});
