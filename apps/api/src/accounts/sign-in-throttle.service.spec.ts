import { describe, expect, it } from '@jest/globals';
import { clientNetwork } from './sign-in-throttle.service.js';

describe('clientNetwork', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3:8d3::/64'],
    ['2001:db8:85a3:8d3:ffff:ffff:ffff:1', '2001:db8:85a3:8d3::/64'],
    ['2001:0db8:0000:0001::1', '2001:db8:0:1::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['::', '0:0:0:0::/64'],
    ['::1:2:3:4:5', '0:0:0:1::/64'],
    ['2001:db8:1:2:3::', '2001:db8:1:2::/64'],
    ['0000:0db8::', '0:db8:0:0::/64'],
    ['2001:DB8:AbCd::1', '2001:db8:abcd:0::/64'],
    ['::FFFF:203.0.113.7', '203.0.113.7'],
    ['::ffff:198.51.100.77', '198.51.100.77'],
    ['2001::3:4:5:6:7', '2001:0:0:3::/64'],
    // Not addresses: kept as they are, never read as a mapped IPv4 inside them.
    ['x::ffff:203.0.113.7', 'x::ffff:203.0.113.7'],
    ['::ffff:203.0.113.7x', '::ffff:203.0.113.7x'],
    ['not an address', 'not an address'],
    [undefined, 'unknown'],
  ])('counts %s as %s', (ip, network) => {
    expect(clientNetwork(ip)).toBe(network);
  });
});
