import fc from 'fast-check';
import type { Credential } from './fuzz-fixture.js';
import {
  contentType,
  edgeNumber,
  hostileJson,
  hostileRawBody,
  hostileString,
  percentEncode,
  rawSegment,
} from './hostile-values.js';
import { mutatedSample, validSample, type JsonSchema, type SamplePools } from './schema-samples.js';

/** One operation of the OpenAPI document. */
export interface Operation {
  /** `POST /v1/orgs/{orgId}/invitations`, as the document names it. */
  key: string;
  method: string;
  template: string;
  pathParams: string[];
  query: { name: string; required: boolean; schema: JsonSchema }[];
  body?: JsonSchema;
  audience: string;
}

export interface FuzzCase {
  operation: string;
  method: string;
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
  credential: string;
  /** What kind of body was generated, for the report. */
  bodyKind: string;
}

interface OpenApiOperation {
  parameters?: { name: string; in: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  'x-audience'?: string;
}

/** Every operation the app documents (and so serves), read from its own OpenAPI document. */
export function operationsOf(document: {
  paths: Record<string, Record<string, OpenApiOperation>>;
}): Operation[] {
  const operations: Operation[] = [];
  for (const [template, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      operations.push({
        key: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: Boolean(p.required), schema: p.schema })),
        body: operation.requestBody?.content['application/json']?.schema,
        audience: operation['x-audience'] ?? 'undeclared',
      });
    }
  }
  return operations;
}

export interface CaseContext extends SamplePools {
  /** Real ids by path parameter name (`orgId`, `userId`, …). */
  ids: Record<string, string[]>;
  credentials: fc.Arbitrary<Credential>;
  admitted(audience: string): Credential[];
}

/**
 * `kind` is the organization kind a route is for (from its audience): `ids['orgId:creator']`,
 * when the fixture has it, names the organizations of that kind, so creator routes mostly get a
 * creator organization and reach their handlers.
 */
function pathValue(name: string, ctx: CaseContext, kind?: string): fc.Arbitrary<string> {
  const all = Object.values(ctx.ids).flat();
  const real =
    name === 'token'
      ? ctx.tokens
      : ((kind ? ctx.ids[`${name}:${kind}`] : undefined) ?? ctx.ids[name] ?? all);
  return fc.oneof(
    { weight: 14, arbitrary: fc.constantFrom(...real).map(percentEncode) },
    // An id of another kind of object: a user id where an org id goes, and so on.
    { weight: 1, arbitrary: fc.constantFrom(...all) },
    { weight: 1, arbitrary: fc.constantFrom(...real).map((id) => id.toUpperCase()) },
    { weight: 3, arbitrary: fc.uuid() },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '00000000-0000-0000-0000-000000000000',
        'ffffffff-ffff-ffff-ffff-ffffffffffff',
        `${all[0]}x`,
        `%20${all[0]}`,
        all[0]!.replace(/-/g, ''),
      ),
    },
    { weight: 1, arbitrary: rawSegment },
    // Kept short enough that the request line fits Node's header limit: a 431 from the HTTP
    // parser is not the app answering.
    {
      weight: 2,
      arbitrary: hostileString
        .map(percentEncode)
        .filter((value) => value.length > 0 && value.length < 6_000),
    },
  );
}

/**
 * A cursor as a client could forge it: base64url of a pair shaped like ours (an ISO time and a
 * uuid) with times anywhere in JavaScript's range, or of anything else.
 */
const forgedCursor: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.oneof(
          { weight: 3, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
          { weight: 1, arbitrary: hostileJson },
          { weight: 1, arbitrary: edgeNumber },
        ),
        fc.oneof({ weight: 3, arbitrary: fc.uuid() }, { weight: 1, arbitrary: hostileJson }),
      )
      .map((pair) => Buffer.from(JSON.stringify(pair)).toString('base64url')),
  },
  { weight: 1, arbitrary: fc.base64String({ maxLength: 80 }) },
  { weight: 1, arbitrary: hostileString },
);

function queryValue(
  param: Operation['query'][number],
  ctx: CaseContext,
): fc.Arbitrary<string | undefined> {
  const valid = validSample(param.schema, ctx, param.name).map(String);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: valid },
    ...(param.name === 'cursor' ? [{ weight: 6, arbitrary: forgedCursor }] : []),
    { weight: 2, arbitrary: hostileString },
    { weight: 1, arbitrary: edgeNumber.map(String) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('Infinity', '-Infinity', 'NaN', '1e309', '0x10', ' 5 ', '5.5', ''),
    },
  );
}

function queryString(op: Operation, ctx: CaseContext): fc.Arbitrary<string> {
  const encode = (name: string, value: string | undefined) =>
    value === undefined ? [] : [`${name}=${percentEncode(value)}`];
  const mixed = fc.tuple(
    ...op.query.map((param) => queryValue(param, ctx).map((value) => encode(param.name, value))),
  );
  // Each parameter absent (mostly) or valid: with many parameters (the catalog's ten facets),
  // a hostile value per parameter almost never leaves a whole query valid, and a valid sample of
  // a cursor or a refined number rarely is one, so the handler behind the validation would go
  // untried.
  const wellFormed = fc.tuple(
    ...op.query.map((param) =>
      fc
        .oneof(
          { weight: 3, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: validSample(param.schema, ctx, param.name).map(String) },
        )
        .map((value) => encode(param.name, value)),
    ),
  );
  const declared = fc.oneof({ weight: 3, arbitrary: mixed }, { weight: 1, arbitrary: wellFormed });
  const short = (parts: string[]) => parts.join('&').length < 6_000;
  const extras = fc.oneof(
    { weight: 6, arbitrary: fc.constant<string[]>([]) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(hostileString, hostileString)
        .map(([k, v]) => [`${percentEncode(k) || 'x'}=${percentEncode(v)}`])
        .filter(short),
    },
    // Repeated and bracketed names: arrays and objects where a parser expects one string.
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...(op.query.length ? op.query.map((q) => q.name) : ['limit']))
        .map((name) => [`${name}=1`, `${name}=2`, `${name}[]=3`, `${name}[a]=4`]),
    },
    { weight: 1, arbitrary: rawSegment.map((raw) => [raw]) },
  );
  return fc
    .tuple(declared, extras)
    .map(([parts, extra]) => [...parts.flat(), ...extra])
    .filter(short)
    .map((all) => (all.length ? `?${all.join('&')}` : ''));
}

interface GeneratedBody {
  kind: string;
  body?: Buffer;
  contentType?: string;
}

const json = (kind: string) => (value: unknown) => ({
  kind,
  body: Buffer.from(JSON.stringify(value) ?? 'null', 'utf8'),
});

function bodyOf(op: Operation, ctx: CaseContext): fc.Arbitrary<GeneratedBody> {
  const withType = (arb: fc.Arbitrary<GeneratedBody>) =>
    fc
      .tuple(
        arb,
        fc.oneof(
          { weight: 12, arbitrary: fc.constant<string | undefined>('application/json') },
          { weight: 1, arbitrary: contentType },
        ),
      )
      .map(([body, type]) => ({ ...body, contentType: type }));
  if (!op.body) {
    return withType(
      fc.oneof(
        { weight: 8, arbitrary: fc.constant<GeneratedBody>({ kind: 'none' }) },
        { weight: 1, arbitrary: hostileJson.map(json('unexpected json')) },
        { weight: 1, arbitrary: hostileRawBody.map((body) => ({ kind: 'unexpected raw', body })) },
      ),
    );
  }
  // A password field means argon2 runs for every well-formed body (about 0.1 s a hash on these
  // machines): fewer valid samples there keep the run inside its time budget.
  const hashes = Boolean(op.body.properties?.password);
  return withType(
    fc.oneof(
      { weight: hashes ? 1 : 4, arbitrary: validSample(op.body, ctx).map(json('valid')) },
      { weight: hashes ? 3 : 5, arbitrary: mutatedSample(op.body, ctx).map(json('mutated')) },
      { weight: 1, arbitrary: hostileJson.map(json('hostile json')) },
      { weight: 1, arbitrary: hostileRawBody.map((body) => ({ kind: 'raw', body })) },
      { weight: 1, arbitrary: fc.constant<GeneratedBody>({ kind: 'missing' }) },
    ),
  );
}

const headerSafe = (value: string) => value.replace(/[^\t\x20-\x7e]/g, '?');

/** Mostly absent: each of these headers turns up in about one request in ten. */
const rarely = (arb: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

const extraHeaders: fc.Arbitrary<Record<string, string>> = fc
  .record({
    'x-forwarded-for': rarely(
      fc.oneof(
        fc.ipV4(),
        fc.ipV6(),
        fc.constantFrom('not-an-ip', 'unknown', '1.2.3.4, 5.6.7.8', '', '::ffff:127.0.0.1'),
      ),
    ),
    'user-agent': rarely(
      fc.oneof(
        fc.string({ unit: 'grapheme-ascii', maxLength: 60 }),
        fc.constant('x'.repeat(2_000)),
      ),
    ),
    accept: rarely(fc.constantFrom('*/*', 'text/html', 'application/xml', '')),
    'content-encoding': rarely(
      fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'bogus', 'gzip, gzip'),
    ),
  })
  .map((headers) =>
    Object.fromEntries(
      Object.entries(headers)
        .filter((entry): entry is [string, string] => entry[1] !== undefined)
        .map(([name, value]) => [name, headerSafe(value)]),
    ),
  );

const OTHER_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Routes whose success the fixture cannot undo (a deleted account takes its sessions, keys and
 * organizations with it): they get every body but one with the fixture's real password, so
 * their refusals are fuzzed and the world keeps its people. Their success is tested in
 * test/account-settings.e2e-spec.ts.
 */
const IRREVERSIBLE = new Set(['DELETE /v1/auth/me']);
const WRONG_PASSWORD = 'not the password of anyone here';

/** Requests for one operation: its method (or another), path, query, body and credentials. */
export function casesFor(op: Operation, ctx: CaseContext): fc.Arbitrary<FuzzCase> {
  const kind = /\((\w+) organizations\)/.exec(op.audience)?.[1];
  const path = fc
    .tuple(...op.pathParams.map((name) => pathValue(name, ctx, kind)))
    .map((values) =>
      op.pathParams.reduce(
        (template, name, index) => template.replace(`{${name}}`, values[index]!),
        op.template,
      ),
    );
  const method = fc.oneof(
    { weight: 19, arbitrary: fc.constant(op.method) },
    { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) },
  );
  return fc
    .record({
      method,
      path,
      query: queryString(op, ctx),
      body: bodyOf(op, IRREVERSIBLE.has(op.key) ? { ...ctx, passwords: [WRONG_PASSWORD] } : ctx),
      // Half the time a credential the route admits, so its handler runs, not only its guard.
      credential: fc.oneof(ctx.credentials, fc.constantFrom(...ctx.admitted(op.audience))),
      extra: extraHeaders,
    })
    .map(({ method: verb, path: p, query, body, credential, extra }) => ({
      operation: op.key,
      method: verb,
      target: `${p}${query}`,
      headers: {
        ...extra,
        ...credential.headers,
        ...(body.contentType !== undefined && body.body
          ? { 'content-type': body.contentType }
          : {}),
      },
      ...(body.body ? { body: body.body } : {}),
      credential: credential.label,
      bodyKind: body.kind,
    }));
}
