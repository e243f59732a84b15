// SHA-256 for terms hashes and Merkle roots, from @noble/hashes: audited, synchronous (terms
// hashes appear in rendered text and in synchronous validation, where the async WebCrypto API
// cannot be used), and the same code in Node, in the browser and in the CLI without pulling
// `node:crypto` into browser bundles. The NIST vectors and `node:crypto` on random inputs pin it
// in the specs.
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** SHA-256 of `bytes` as 32 raw bytes. */
export function sha256(bytes: Uint8Array): Uint8Array {
  return nobleSha256(bytes);
}

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  return bytesToHex(bytes);
}

/** SHA-256 of the UTF-8 encoding of `text`, as lower-case hex. */
export function sha256Hex(text: string): string {
  return bytesToHex(nobleSha256(utf8ToBytes(text)));
}
