import { LicenseError } from './license.errors.js';

// RFC 8785 JSON Canonicalization Scheme. ECMAScript already specifies what JCS asks for:
// numbers serialise as Number.prototype.toString does (which JSON.stringify uses), strings
// escape exactly as JSON.stringify escapes them, and the default string sort compares UTF-16
// code units. What is left is refusing whatever is not I-JSON (RFC 7493) instead of letting
// JSON.stringify silently drop or coerce it.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function fail(path: string, message: string): never {
  throw new LicenseError(
    'not_canonicalizable',
    `Cannot canonicalize ${path || '(root)'}: ${message}`,
    [{ path, message, code: 'not_canonicalizable' }],
  );
}

function serializeString(value: string, path: string): string {
  if (LONE_SURROGATE.test(value))
    fail(path, 'string contains a lone surrogate (not valid I-JSON).');
  return JSON.stringify(value);
}

function serialize(value: unknown, path: string, seen: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) fail(path, `${value} is not a JSON number.`);
      return JSON.stringify(value); // -0 becomes "0", as RFC 8785 requires
    case 'string':
      return serializeString(value, path);
    case 'object':
      break;
    default:
      fail(path, `${typeof value} is not a JSON value.`);
  }
  const object = value as object;
  if (seen.has(object)) fail(path, 'the value contains a cycle.');
  seen.add(object);
  let out: string;
  if (Array.isArray(object)) {
    out = `[${object.map((item, index) => serialize(item, path ? `${path}.${index}` : String(index), seen)).join(',')}]`;
  } else {
    const prototype = Object.getPrototypeOf(object);
    if (prototype !== Object.prototype && prototype !== null)
      fail(path, 'only plain objects and arrays are JSON.');
    const keys = Object.keys(object).sort();
    const members: string[] = [];
    for (const key of keys) {
      const member = (object as Record<string, unknown>)[key];
      const memberPath = path ? `${path}.${key}` : key;
      if (member === undefined) fail(memberPath, 'undefined is not a JSON value.');
      members.push(`${serializeString(key, memberPath)}:${serialize(member, memberPath, seen)}`);
    }
    out = `{${members.join(',')}}`;
  }
  seen.delete(object);
  return out;
}

/**
 * The RFC 8785 (JCS) canonical JSON text of `value`: object keys sorted by UTF-16 code units,
 * no whitespace, ECMAScript number serialisation. Throws `LicenseError('not_canonicalizable')`
 * for anything that is not I-JSON (NaN, Infinity, undefined, lone surrogates, class instances,
 * cycles).
 */
export function canonicalize(value: unknown): string {
  return serialize(value, '', new Set());
}
