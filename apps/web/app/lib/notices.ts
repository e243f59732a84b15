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
