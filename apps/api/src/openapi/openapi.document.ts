import { Problem } from '@clearframe/contracts/problem';
import { z } from 'zod';
import type { AccessRule } from '../access/access.decorator.js';
import type { RouteEntry } from './route-catalog.js';

type JsonObject = Record<string, unknown>;

/** Builds the OpenAPI 3.1 document from the route catalog and the contracts' zod schemas. */
export function buildOpenApiDocument(routes: RouteEntry[], serverUrl: string): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const route of routes) {
    if (!route.endpoint || route.path.startsWith('/docs')) continue;
    const spec = route.endpoint;
    const openApiPath = route.path.replace(/:(\w+)/g, '{$1}');
    const status = String(spec.status ?? 200);
    const parameters: JsonObject[] = [...route.path.matchAll(/:(\w+)/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: match[1]!.endsWith('Id') ? { type: 'string', format: 'uuid' } : { type: 'string' },
    }));
    if (spec.query) {
      const query = toSchema(spec.query, 'input');
      const properties = (query.properties ?? {}) as Record<string, JsonObject>;
      const required = new Set((query.required as string[] | undefined) ?? []);
      for (const [name, schema] of Object.entries(properties)) {
        parameters.push({ name, in: 'query', required: required.has(name), schema });
      }
    }
    const operation: JsonObject = {
      operationId: route.handler.replace('.', '_'),
      summary: spec.summary,
      tags: [route.path.split('/')[2] ?? route.path.split('/')[1] ?? 'misc'],
      'x-audience': describeAccess(route.access),
      parameters,
      responses: {
        [status]: spec.response
          ? {
              description: 'Success',
              content: { 'application/json': { schema: toSchema(spec.response, 'output') } },
            }
          : { description: 'Success (no content)' },
        default: {
          description: 'Problem details (RFC 9457) with a stable `code`',
          content: {
            'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
          },
        },
      },
    };
    const scope = apiKeyScopeOf(route.access);
    if (scope) operation['x-api-key-scope'] = scope;
    if (route.access && route.access.audience !== 'public')
      // OpenAPI 3.1 lets a non-OAuth scheme list the roles it needs: here, the key's scope.
      operation.security = [{ bearer: scope ? [scope] : [] }, { sessionCookie: [] }];
    if (spec.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: toSchema(spec.body, 'input') } },
      };
    }
    paths[openApiPath] = { ...(paths[openApiPath] ?? {}), [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Clearframe API',
      version: '1',
      description:
        'Consent-based licensing of video footage for AI training. Errors are application/problem+json with a stable `code`; ' +
        'authenticate with `Authorization: Bearer <session token or API key>`. ' +
        'An API key calls only the operations that name a scope (`x-api-key-scope`, also listed under `security`), and only if it holds that scope; otherwise 403 `insufficient_scope`.',
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: { Problem: toSchema(Problem, 'output') },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A session token (cfs_…) or an API key (cf_live_…) of a creator or lab organization',
        },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'cf_session' },
      },
    },
  };
}

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  delete json.$schema;
  return json;
}

/** The scope an API key needs on the route, if keys may call it. */
function apiKeyScopeOf(rule: AccessRule | undefined): string | undefined {
  if (rule?.audience === 'org' && rule.role === 'member') return rule.apiKeyScope;
  if (rule?.audience === 'signed-in-or-api-key') return rule.apiKeyScope;
  return undefined;
}

function describeAccess(rule: AccessRule | undefined): string {
  if (!rule) return 'undeclared';
  const verified = rule.verifiedEmail ? ', verified email' : '';
  const scope = apiKeyScopeOf(rule);
  if (rule.audience === 'signed-in-or-api-key')
    return `${rule.audience}${scope ? ` (scope ${scope})` : ''}${verified}`;
  if (rule.audience !== 'org') return `${rule.audience}${verified}`;
  const kinds = rule.kinds ? ` (${rule.kinds.join('/')} organizations)` : '';
  const key = scope ? ` or its API key with scope ${scope}` : '';
  return `org ${rule.role}${kinds}${key}${verified}`;
}
