import type { InvitationType } from '@clearframe/contracts/accounts';
import { describe, expect, it } from '@jest/globals';
import { splitInvitations } from './invitations';

let clock = Date.parse('2026-03-01T09:00:00.000Z');
let sequence = 0;
/** One invitation per call, each a minute after the previous one. */
function invitation(email: string, status: InvitationType['status']): InvitationType {
  clock += 60_000;
  sequence += 1;
  return {
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    orgId: '7b0f4f9e-5d3c-4a7e-9c1b-2f6e8d9a0b1c',
    email,
    role: 'member',
    status,
    invitedBy: 'Olive Owner',
    expiresAt: new Date(clock + 7 * 86_400_000).toISOString(),
    createdAt: new Date(clock).toISOString(),
  };
}

const ids = (list: InvitationType[]) => list.map((item) => item.id);

describe('splitInvitations', () => {
  it('lists a re-invited person once, as pending, without the replaced invitation', () => {
    const first = invitation('ivy@example.com', 'revoked');
    const again = invitation('Ivy@Example.com', 'pending');
    const other = invitation('max@example.com', 'pending');
    const { pending, past } = splitInvitations([first, other, again]);
    expect(ids(pending)).toEqual([other.id, again.id]);
    expect(past).toEqual([]);
  });

  it('keeps what was withdrawn or expired without a replacement, and every acceptance', () => {
    const withdrawn = invitation('ann@example.com', 'revoked');
    const expired = invitation('bob@example.com', 'expired');
    const joined = invitation('cy@example.com', 'accepted');
    const expiredThenReinvited = invitation('dee@example.com', 'expired');
    const reinvite = invitation('dee@example.com', 'revoked');
    const latest = invitation('dee@example.com', 'pending');
    const { pending, past } = splitInvitations([
      latest,
      withdrawn,
      reinvite,
      joined,
      expiredThenReinvited,
      expired,
    ]);
    expect(ids(pending)).toEqual([latest.id]);
    expect(ids(past)).toEqual([joined.id, expired.id, withdrawn.id]);
  });

  it('keeps an acceptance even when the person was invited again later', () => {
    const joined = invitation('eve@example.com', 'accepted');
    const later = invitation('eve@example.com', 'revoked');
    const { past } = splitInvitations([joined, later]);
    expect(new Set(ids(past))).toEqual(new Set([joined.id, later.id]));
  });
});
