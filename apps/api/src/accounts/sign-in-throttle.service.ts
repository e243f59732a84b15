import { isIPv4, isIPv6 } from 'node:net';
import { Injectable } from '@nestjs/common';
import { hashToken } from '../common/tokens.js';
import { type BackoffPolicy, RateLimiter } from '../rate-limit/rate-limit.service.js';

/**
 * Failed password sign-ins make the next attempt wait, without letting anyone lock an owner out:
 *
 * - per (account, client network): the guesser is slowed down, exponentially. Nobody else is:
 *   the owner signing in from another address is not affected by someone else's failures.
 * - per client network across accounts: one address cannot spray guesses over many accounts.
 * - per account across networks: a high ceiling against a guessing botnet. It does hand a
 *   botnet a short lockout (at most `maxSeconds`), the price of bounding distributed guessing.
 *
 * Every check runs before the password is verified, so a wait answers the same for a right and a
 * wrong password: the throttle is not an oracle. Only the (account, network) counter is reset
 * by a success; resetting the others would let a guesser clear them with an account of its own.
 */
export const SIGN_IN_THROTTLE = {
  pair: { free: 5, baseSeconds: 30, maxSeconds: 3_600, windowSeconds: 86_400 },
  network: { free: 50, baseSeconds: 60, maxSeconds: 3_600, windowSeconds: 3_600 },
  account: { free: 100, baseSeconds: 60, maxSeconds: 900, windowSeconds: 3_600 },
} as const satisfies Record<string, BackoffPolicy>;

@Injectable()
export class SignInThrottle {
  constructor(private readonly limiter: RateLimiter) {}

  /** Throws `rate_limited` (with Retry-After) while any of the three counters is waiting. */
  async assertAllowed(email: string, ip: string | undefined): Promise<void> {
    const keys = this.keys(email, ip);
    await this.limiter.assertNotBlocked([keys.pair, keys.network, keys.account]);
  }

  async recordFailure(email: string, ip: string | undefined): Promise<void> {
    const keys = this.keys(email, ip);
    await this.limiter.penalize(keys.pair, SIGN_IN_THROTTLE.pair);
    await this.limiter.penalize(keys.network, SIGN_IN_THROTTLE.network);
    await this.limiter.penalize(keys.account, SIGN_IN_THROTTLE.account);
  }

  async recordSuccess(email: string, ip: string | undefined): Promise<void> {
    await this.limiter.clear(this.keys(email, ip).pair);
  }

  // Keys hold a digest of the email, so the counters table holds no addresses of people.
  private keys(email: string, ip: string | undefined) {
    const account = hashToken(`sign-in:${email}`);
    const network = clientNetwork(ip);
    return {
      pair: `sign-in:pair:${account}:${network}`,
      network: `sign-in:network:${network}`,
      account: `sign-in:account:${account}`,
    };
  }
}

/**
 * The unit a client controls: an IPv4 address, or the /64 of an IPv6 address (one subscriber
 * line gets a whole /64, so counting single IPv6 addresses would cost an attacker nothing).
 */
export function clientNetwork(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIPv4(ip) || !isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
