import { describe, expect, it, jest } from '@jest/globals';
import { PASSWORD, PASSWORD_HASH } from '../../test/support/module-test.js';
import { PasswordHasher } from './password-hasher.js';

describe('PasswordHasher', () => {
  it('hashes with argon2id at OWASP’s minimum profile, and verifies what it hashed', async () => {
    const hasher = new PasswordHasher();
    const hash = await hasher.hash('a passphrase');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(hasher.verify(hash, 'a passphrase')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'a passphrasf')).resolves.toBe(false);
    await expect(hasher.verify(PASSWORD_HASH, PASSWORD)).resolves.toBe(true);
  });

  it('answers false, never true and never a throw, when argon2 cannot read the stored hash', async () => {
    const hasher = new PasswordHasher();
    for (const stored of ['', 'not a hash', '$argon2id$v=19$broken', PASSWORD_HASH.slice(0, -8)]) {
      await expect(hasher.verify(stored, PASSWORD)).resolves.toBe(false);
    }
  });

  it('an unknown email costs one real argon2 verification, against a hash made once', async () => {
    const hasher = new PasswordHasher();
    const hash = jest.spyOn(hasher, 'hash');
    const verify = jest.spyOn(hasher, 'verify');
    await expect(hasher.verifyAgainstDummy(PASSWORD)).resolves.toBe(false);
    await expect(hasher.verifyAgainstDummy('another guess')).resolves.toBe(false);
    expect(hash).toHaveBeenCalledTimes(1);
    expect(verify).toHaveBeenCalledTimes(2);
    for (const [stored] of verify.mock.calls) {
      expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    }
  });
});
