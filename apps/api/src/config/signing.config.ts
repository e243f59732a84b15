import { createPrivateKey, type KeyObject } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { configSection, optionalString } from './config.section.js';

/** An Ed25519 private key as a JWK (`d` is the secret). */
export interface Ed25519PrivateJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  d: string;
  kid?: string;
}

/** A retired signing key's public half, still published so old certificates keep verifying. */
export interface RetiredPublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
}

export type SigningConfig = (
  | /** Production: the key comes from a secret store. */
    { source: 'environment'; privateJwk: Ed25519PrivateJwk }
    /** Embedded mode: generated once into this directory and reused. */
  | { source: 'file'; dir: string }
) & {
  /** Keys that signed certificates before a rotation (CERT_SIGNING_RETIRED_KEYS). */
  retiredKeys: RetiredPublicJwk[];
};

/**
 * Reads CERT_SIGNING_RETIRED_KEYS: a JSON array of public Ed25519 JWKs, or a JWKS object
 * (`{"keys": [...]}`), each with its `kid`. A private member (`d`) is refused: only public
 * halves are published, and a private key does not belong in this variable.
 */
export function parseRetiredKeys(text: string): RetiredPublicJwk[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('Use a JSON array of public JWKs, or {"keys": [...]}.');
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown })?.keys;
  if (!Array.isArray(list)) throw new Error('Use a JSON array of public JWKs, or {"keys": [...]}.');
  return list.map((entry, index) => {
    const jwk = entry as Record<string, unknown>;
    if ('d' in jwk)
      throw new Error(`Key ${index + 1} has a private member ("d"): publish public keys only.`);
    if (
      jwk.kty !== 'OKP' ||
      jwk.crv !== 'Ed25519' ||
      typeof jwk.x !== 'string' ||
      !/^[A-Za-z0-9_-]{43}$/.test(jwk.x)
    ) {
      throw new Error(`Key ${index + 1} is not a public Ed25519 JWK (kty OKP, crv Ed25519, x).`);
    }
    if (typeof jwk.kid !== 'string' || jwk.kid.length === 0 || jwk.kid.length > 200) {
      throw new Error(`Key ${index + 1} needs the "kid" its certificates name.`);
    }
    return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: jwk.kid };
  });
}

/**
 * Reads CERT_SIGNING_KEY: a PKCS8 PEM (`-----BEGIN PRIVATE KEY-----`, with real or `\n`-escaped
 * line breaks, as secret stores hand them out) or a private JWK as JSON. Throws without echoing
 * the key.
 */
export function parseSigningKey(text: string): Ed25519PrivateJwk {
  const source = text.trim();
  let key: KeyObject;
  let kid: string | undefined;
  try {
    if (source.startsWith('{')) {
      const jwk = JSON.parse(source) as Record<string, unknown>;
      kid = typeof jwk.kid === 'string' && jwk.kid ? jwk.kid : undefined;
      key = createPrivateKey({ key: jwk, format: 'jwk' });
    } else {
      key = createPrivateKey({ key: source.replace(/\\n/g, '\n'), format: 'pem' });
    }
  } catch {
    throw new Error('Use an Ed25519 private key as PKCS8 PEM or as a JWK.');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('The key must be Ed25519.');
  const jwk = key.export({ format: 'jwk' });
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x!, d: jwk.d!, ...(kid ? { kid } : {}) };
}

export const signingConfig = configSection({
  variables: z.object({
    CERT_SIGNING_KEY: optionalString,
    CERT_SIGNING_RETIRED_KEYS: optionalString,
  }),
  check(env, base, report) {
    if (env.CERT_SIGNING_RETIRED_KEYS) {
      try {
        parseRetiredKeys(env.CERT_SIGNING_RETIRED_KEYS);
      } catch (error) {
        report('CERT_SIGNING_RETIRED_KEYS', (error as Error).message);
      }
    }
    if (env.CERT_SIGNING_KEY) {
      try {
        parseSigningKey(env.CERT_SIGNING_KEY);
      } catch (error) {
        report('CERT_SIGNING_KEY', (error as Error).message);
      }
    } else if (base.isProduction) {
      report('CERT_SIGNING_KEY', 'Required in production (an Ed25519 key from the secret store).');
    }
  },
  build: (env, base): SigningConfig => {
    const retiredKeys = env.CERT_SIGNING_RETIRED_KEYS
      ? parseRetiredKeys(env.CERT_SIGNING_RETIRED_KEYS)
      : [];
    return env.CERT_SIGNING_KEY
      ? { source: 'environment', privateJwk: parseSigningKey(env.CERT_SIGNING_KEY), retiredKeys }
      : { source: 'file', dir: path.join(base.dataDir, 'keys'), retiredKeys };
  },
});
