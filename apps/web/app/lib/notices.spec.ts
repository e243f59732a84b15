import { describe, expect, it } from '@jest/globals';
import { NOTICES, noticeFrom, sessionEndedNotice, withNotice } from './notices';

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

  it('explains a session the API stopped accepting, with its reason when the API gives one', () => {
    expect(sessionEndedNotice(undefined)).toBe('session-ended');
    expect(NOTICES[sessionEndedNotice(undefined)].message).toBe(
      'You were signed out: your session ended or you signed out of all devices. Sign in again.',
    );
    expect(sessionEndedNotice('signed_out_everywhere')).toBe('session-ended-everywhere');
    expect(sessionEndedNotice('password_changed')).toBe('session-ended-password');
    expect(sessionEndedNotice('expired')).toBe('session-ended-expired');
    // A reason the web does not know yet, or an inherited property name, gets the general one.
    expect(sessionEndedNotice('cosmic_rays')).toBe('session-ended');
    expect(sessionEndedNotice('constructor')).toBe('session-ended');
  });
});
