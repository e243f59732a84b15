import { hkdfSync } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  generateCertificateKeyPair,
  publicJwkOf,
  signCertificate,
  thumbprintKid,
  type CertificateClaimsType,
} from '@clearframe/contracts/certificates';
import { signDisclosure, type DisclosureContentType } from '@clearframe/contracts/transparency';
import type { SigningConfig } from '../config/app-config.js';
import { parseSigningKey, type Ed25519PrivateJwk } from '../config/signing.config.js';
import { SigningKeys, type PublicJwk } from './signing-keys.js';

export const KEY_FILE = 'certificate-signing.jwk.json';

/**
 * SigningKeys over one Ed25519 key: CERT_SIGNING_KEY in production, or in embedded mode a key
 * generated once into `<DATA_DIR>/keys` and reused on every start (certificates signed before a
 * restart must keep verifying).
 */
export class Ed25519SigningKeys extends SigningKeys {
  private constructor(
    private readonly privateJwk: Ed25519PrivateJwk & { kid: string },
    private readonly publicJwk: PublicJwk,
    private readonly retired: readonly PublicJwk[] = [],
  ) {
    super();
  }

  get keyId(): string {
    return this.privateJwk.kid;
  }

  static async load(config: SigningConfig): Promise<Ed25519SigningKeys> {
    const jwk = config.source === 'environment' ? config.privateJwk : await keyFile(config.dir);
    const kid = jwk.kid ?? (await thumbprintKid(jwk));
    const retired = (config.retiredKeys ?? [])
      .filter((key) => key.kid !== kid)
      .map((key): PublicJwk => ({ ...key, alg: 'EdDSA', use: 'sig' }));
    return new Ed25519SigningKeys({ ...jwk, kid }, publicJwkOf(jwk, kid) as PublicJwk, retired);
  }

  /** The current key first, then the retired ones: certificates they signed keep verifying. */
  jwks(): { keys: PublicJwk[] } {
    return { keys: [{ ...this.publicJwk }, ...this.retired.map((key) => ({ ...key }))] };
  }

  signCertificate(claims: CertificateClaimsType): Promise<string> {
    return signCertificate(claims, this.privateJwk);
  }

  signDisclosure(payload: DisclosureContentType): Promise<string> {
    return signDisclosure(payload, this.privateJwk);
  }

  deriveSecret(purpose: string): Buffer {
    const ikm = Buffer.from(this.privateJwk.d, 'base64url');
    return Buffer.from(hkdfSync('sha256', ikm, 'clearframe', `clearframe:${purpose}`, 32));
  }
}

/**
 * Reads the embedded key, creating it on first use. Creation is exclusive (`wx`), so two
 * processes starting on one data directory end up with the same key. A file that exists but does
 * not hold a key stops the boot: generating a new one would orphan every certificate signed so far.
 */
async function keyFile(dir: string): Promise<Ed25519PrivateJwk> {
  const file = path.join(dir, KEY_FILE);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    const { kid, privateJwk } = await generateCertificateKeyPair();
    await fs.writeFile(file, `${JSON.stringify({ ...privateJwk, kid }, null, 2)}\n`, {
      flag: 'wx',
      mode: 0o600,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  try {
    return parseSigningKey(await fs.readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `${file} does not hold an Ed25519 private key (${(error as Error).message}); restore it from a backup, or remove it to make a new one (certificates signed with the old key will stop verifying).`,
      { cause: error },
    );
  }
}
