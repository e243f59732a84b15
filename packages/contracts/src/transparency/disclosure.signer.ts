import {
  SignJWT,
  createLocalJWKSet,
  importJWK,
  jwtVerify,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import {
  DISCLOSURE_TYPE,
  DisclosureContent,
  type DisclosureContentType,
} from './disclosure.schema.js';

/**
 * Signs a disclosure as a compact JWS (EdDSA, Ed25519, `typ: "clearframe-disclosure+jwt"`,
 * the key's `kid`): the content is the `disclosure` claim; `iss`, `sub` (the model), `jti`
 * (the disclosure id) and `iat` are the standard claims. The key is an Ed25519 private JWK
 * with its `kid`. Throws on content that does not parse as `DisclosureContent`.
 */
export async function signDisclosure(
  content: DisclosureContentType,
  privateJwk: JWK & { kid: string },
): Promise<string> {
  const parsed = DisclosureContent.parse(content);
  const key = await importJWK({ ...privateJwk, alg: 'EdDSA' }, 'EdDSA');
  return new SignJWT({ disclosure: parsed })
    .setProtectedHeader({ alg: 'EdDSA', kid: privateJwk.kid, typ: DISCLOSURE_TYPE })
    .setIssuer(parsed.issuer)
    .setSubject(parsed.model.id)
    .setJti(parsed.disclosureId)
    .setIssuedAt(Math.floor(Date.parse(parsed.publishedAt) / 1000))
    .sign(key);
}

/**
 * Verifies a disclosure JWS against a JWKS (EdDSA only, `typ` checked) and returns its
 * content; throws jose's errors on a bad signature or an unknown key, and a zod error on
 * content that is not a disclosure.
 */
export async function verifyDisclosure(
  jws: string,
  jwks: JSONWebKeySet,
): Promise<DisclosureContentType> {
  const { payload } = await jwtVerify(jws, createLocalJWKSet(jwks), {
    algorithms: ['EdDSA'],
    typ: DISCLOSURE_TYPE,
  });
  return DisclosureContent.parse(payload.disclosure);
}
