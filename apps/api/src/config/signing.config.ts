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

export type SigningConfig =
  /** Production: the key comes from a secret store. */
  | { source: 'environment'; privateJwk: Ed25519PrivateJwk }
  /** Embedded mode: generated once into this directory and reused. */
  | { source: 'file'; dir: string };

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
  variables: z.object({ CERT_SIGNING_KEY: optionalString }),
  check(env, base, report) {
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
  build: (env, base): SigningConfig =>
    env.CERT_SIGNING_KEY
      ? { source: 'environment', privateJwk: parseSigningKey(env.CERT_SIGNING_KEY) }
      : { source: 'file', dir: path.join(base.dataDir, 'keys') },
});
