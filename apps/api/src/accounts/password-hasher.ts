import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

/** argon2id with OWASP's minimum profile (19 MiB, 2 passes, 1 lane). */
// `Algorithm` is an ambient const enum (unusable with isolatedModules); 2 is its Argon2id member.
const ARGON2_OPTIONS = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Password hashing in one injectable, so tests can spy on the argon2id work it does. */
@Injectable()
export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return hash(password, ARGON2_OPTIONS);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /**
   * Verifies against a throw-away hash so that an unknown email costs the same argon2 work as a
   * wrong password, and response time does not reveal which emails have accounts.
   */
  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummyHash ??= this.hash('clearframe-dummy-password-for-timing');
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
