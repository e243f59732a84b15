import { describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import {
  ACCESS_METADATA,
  CurrentOrg,
  CurrentPrincipal,
  CurrentUser,
  OrgMember,
  OrgOwner,
} from './access.decorator.js';

/** The rule a route decorator writes on a handler. */
function ruleOf(decorator: MethodDecorator): unknown {
  class Probe {
    handler() {}
  }
  const descriptor = Object.getOwnPropertyDescriptor(Probe.prototype, 'handler')!;
  decorator(Probe.prototype, 'handler', descriptor);
  return Reflect.getMetadata(ACCESS_METADATA, descriptor.value);
}

/** What a parameter decorator hands the handler for a request. */
function resolve(decorator: () => ParameterDecorator, req: object): unknown {
  class Probe {
    handler(_value: unknown) {}
  }
  decorator()(Probe.prototype, 'handler', 0);
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, Probe, 'handler') as Record<
    string,
    { factory: (data: unknown, ctx: ExecutionContext) => unknown }
  >;
  const ctx = { switchToHttp: () => ({ getRequest: () => req }) } as unknown as ExecutionContext;
  return Object.values(args)[0]!.factory(undefined, ctx);
}

const user = { type: 'user', user: { id: 'u1' } };
const apiKey = { type: 'api_key', apiKey: { id: 'k1' } };
const orgContext = { org: { id: 'o1' }, role: 'member' };

describe('route rules', () => {
  it('OrgMember and OrgOwner name the org audience and the role, with the options given', () => {
    expect(ruleOf(OrgMember())).toEqual({ audience: 'org', role: 'member' });
    expect(ruleOf(OrgMember({ kinds: ['lab'], apiKeyScope: 'orders:write' }))).toEqual({
      audience: 'org',
      role: 'member',
      kinds: ['lab'],
      apiKeyScope: 'orders:write',
    });
    expect(ruleOf(OrgOwner({ verifiedEmail: true }))).toEqual({
      audience: 'org',
      role: 'owner',
      verifiedEmail: true,
    });
  });

  it('refuses at boot a scope no key of the kinds may hold, naming both', () => {
    expect(() => OrgMember({ kinds: ['creator'], apiKeyScope: 'orders:write' })).toThrow(
      /creator.*orders:write/,
    );
  });
});

describe('parameter decorators', () => {
  it('CurrentPrincipal hands over whoever called, or nobody', () => {
    expect(resolve(CurrentPrincipal, { principal: apiKey })).toBe(apiKey);
    expect(resolve(CurrentPrincipal, {})).toBeUndefined();
  });

  it('CurrentUser hands over a signed-in person only', () => {
    expect(resolve(CurrentUser, { principal: user })).toBe(user);
    expect(() => resolve(CurrentUser, { principal: apiKey })).toThrow(
      expect.objectContaining({ code: 'unauthenticated' }),
    );
    expect(() => resolve(CurrentUser, {})).toThrow(
      expect.objectContaining({ code: 'unauthenticated' }),
    );
  });

  it('CurrentOrg hands over the org the guard resolved, and is a programming error without one', () => {
    expect(resolve(CurrentOrg, { orgContext })).toBe(orgContext);
    expect(() => resolve(CurrentOrg, {})).toThrow(
      expect.objectContaining({ code: 'internal_error' }),
    );
  });
});
