import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createUser, type TestUser } from './factories/index.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Failed sign-ins slow down whoever fails, not the account's owner. The client address comes
 * from X-Forwarded-For, which the API trusts from loopback (the local web server).
 */
describe('sign-in throttle', () => {
  let t: TestApp;
  let address = 0;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const newAddress = () => `203.0.113.${++address}`;
  const signIn = (email: string, password: string, ip: string) =>
    t.request('POST', '/v1/auth/sign-in', {
      body: { email, password },
      headers: { 'x-forwarded-for': ip },
    });
  const retryAfter = (res: { headers: Headers }) => Number(res.headers.get('retry-after'));
  const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });

  it('makes an address guessing one account wait longer after each failure, while the owner signs in from elsewhere', async () => {
    const owner = await createUser(t);
    const attacker = newAddress();
    const home = newAddress();
    for (let i = 0; i < 5; i++) {
      expect((await signIn(owner.email, `guess ${i} of many`, attacker)).status).toBe(401);
    }
    const waits: number[] = [];
    for (let failure = 5; failure <= 10; failure++) {
      const refused = await signIn(owner.email, 'yet another guess', attacker);
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('rate_limited');
      expect(refused.body.retryAfterSeconds).toBe(retryAfter(refused));
      waits.push(retryAfter(refused));

      // The owner, from an address that has not been failing, is not held up.
      expect((await signIn(owner.email, owner.password, home)).status).toBe(200);
      // The right password from the waiting address is refused the same way: no oracle.
      const right = await signIn(owner.email, owner.password, attacker);
      expect(right.status).toBe(429);
      expect(strip(right.body)).toEqual(strip(refused.body));

      t.clock.advance(retryAfter(refused) * 1000 - 1000);
      expect((await signIn(owner.email, 'one second early', attacker)).status).toBe(429);
      t.clock.advance(1000);
      if (failure < 10) {
        expect((await signIn(owner.email, `guess ${failure} of many`, attacker)).status).toBe(401);
      }
    }
    // 30 s after the fifth failure, doubling with each further one (SIGN_IN_THROTTLE, ADR 008).
    expect(waits).toEqual([30, 60, 120, 240, 480, 960]);
    // After the wait the address may try again, and the right password works.
    expect((await signIn(owner.email, owner.password, attacker)).status).toBe(200);
  });

  it('slows down one (account, address) pair only: the same address signs in to another account', async () => {
    const target = await createUser(t);
    const colleague = await createUser(t);
    const office = newAddress();
    for (let i = 0; i < 5; i++) await signIn(target.email, `wrong ${i} password`, office);
    expect((await signIn(target.email, target.password, office)).status).toBe(429);
    expect((await signIn(colleague.email, colleague.password, office)).status).toBe(200);
  });

  it('forgets failures a day after the first one', async () => {
    const owner = await createUser(t);
    const ip = newAddress();
    for (let i = 0; i < 4; i++) await signIn(owner.email, `typo number ${i}`, ip);
    t.clock.advance(24 * 3_600_000);
    for (let i = 0; i < 4; i++) {
      expect((await signIn(owner.email, `typo again ${i}`, ip)).status).toBe(401);
    }
    expect((await signIn(owner.email, owner.password, ip)).status).toBe(200);
  });

  it('slows down an address spraying guesses over many accounts', async () => {
    const sprayer = newAddress();
    const victim: TestUser = await createUser(t);
    for (let i = 0; i < 50; i++) {
      const res = await signIn(`sprayed-${i}@example.com`, 'Summer2026!Summer', sprayer);
      expect(res.status).toBe(401);
    }
    const next = await signIn(`sprayed-50@example.com`, 'Summer2026!Summer', sprayer);
    expect(next.status).toBe(429);
    expect(retryAfter(next)).toBe(60);
    // Every account is refused from there, even with the right password; other addresses are not.
    expect((await signIn(victim.email, victim.password, sprayer)).status).toBe(429);
    expect((await signIn(victim.email, victim.password, newAddress())).status).toBe(200);
    expect((await signIn('sprayed-50@example.com', 'Summer2026!Summer', newAddress())).status).toBe(
      401,
    );
  });

  it('holds an account that many addresses fail against for a short while only', async () => {
    const owner = await createUser(t);
    for (let i = 0; i < 100; i++) {
      expect(
        (await signIn(owner.email, `botnet guess ${i}`, `198.18.${i >> 8}.${i % 256}`)).status,
      ).toBe(401);
    }
    const held = await signIn(owner.email, owner.password, newAddress());
    expect(held.status).toBe(429);
    expect(retryAfter(held)).toBe(60);
    t.clock.advance(60_000);
    expect((await signIn(owner.email, owner.password, newAddress())).status).toBe(200);
  });
});
