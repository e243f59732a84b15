import type { AlertTone } from '@clearframe/ui';

/**
 * One-off confirmations after a redirect ("Password changed", "Signed out") travel as a fixed
 * `?notice=` key rather than free text, so a crafted link cannot put arbitrary words on the page.
 */
export const NOTICES = {
  'signed-out': { tone: 'info', message: 'You have signed out.' },
  'signed-out-everywhere': {
    tone: 'success',
    message: 'You have been signed out on every device, including this one.',
  },
  'password-reset': {
    tone: 'success',
    message:
      'Your password has been changed and every other session has ended. Sign in with your new password.',
  },
  'email-verified': { tone: 'success', message: 'Thanks — your email address is confirmed.' },
  welcome: {
    tone: 'success',
    message: 'Welcome to Clearframe — your email address is confirmed.',
  },
  'org-created': { tone: 'success', message: 'Your organization is ready.' },
  joined: { tone: 'success', message: 'You have joined the organization.' },
  'left-org': { tone: 'info', message: 'You have left the organization.' },
  'verification-sent': {
    tone: 'success',
    message: 'We sent a new confirmation link to your email address.',
  },
  'session-ended': {
    tone: 'warning',
    message:
      'You were signed out: your session ended or you signed out of all devices. Sign in again.',
  },
  'session-ended-everywhere': {
    tone: 'warning',
    message:
      'You were signed out because your account was signed out of all devices. Sign in again.',
  },
  'session-ended-password': {
    tone: 'warning',
    message:
      'You were signed out because your password was changed. Sign in with the new password.',
  },
  'session-ended-signed-out': {
    tone: 'warning',
    message: 'This device was signed out from another of your devices. Sign in again.',
  },
  'password-changed': {
    tone: 'success',
    message: 'Your password has been changed. Every other device was signed out.',
  },
  'session-signed-out': { tone: 'success', message: 'That device has been signed out.' },
  'account-deleted': {
    tone: 'info',
    message:
      'Your account has been deleted. You can create a new one with the same email at any time.',
  },
  'clip-approved': {
    tone: 'success',
    message: 'Approved: the clip is listed in the catalog and its creator has been told.',
  },
  'clip-rejected': {
    tone: 'info',
    message: 'Rejected: the creator has been told why and can submit it again.',
  },
  'session-ended-expired': {
    tone: 'warning',
    message: 'Your session expired. Sign in again.',
  },
} as const satisfies Record<string, { tone: AlertTone; message: string }>;

export type NoticeKey = keyof typeof NOTICES;

export function noticeFrom(url: URL): { tone: AlertTone; message: string } | null {
  const key = url.searchParams.get('notice');
  return key && Object.hasOwn(NOTICES, key) ? NOTICES[key as NoticeKey] : null;
}

/** `path` with `?notice=key` added (keeping any query it already has). */
export function withNotice(path: string, key: NoticeKey): string {
  return `${path}${path.includes('?') ? '&' : '?'}notice=${key}`;
}

// The API says why it refused a session in its problem's `reason` (SESSION_END_REASONS in
// contracts); these have their own sentence. Anything else (or none) gets the general one.
const SESSION_END_REASONS: Record<string, NoticeKey> = {
  signed_out: 'session-ended-signed-out',
  signed_out_everywhere: 'session-ended-everywhere',
  password_changed: 'session-ended-password',
  expired: 'session-ended-expired',
};

/** The notice for a session cookie the API stopped accepting, from the problem's optional `reason`. */
export function sessionEndedNotice(reason: string | undefined): NoticeKey {
  return (
    (reason && Object.hasOwn(SESSION_END_REASONS, reason) && SESSION_END_REASONS[reason]) ||
    'session-ended'
  );
}
