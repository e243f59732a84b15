import { Injectable, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_METADATA, type AccessRule } from '../access/access.decorator.js';
import { ENDPOINT_METADATA, type EndpointSpec } from '../common/http/endpoint.decorator.js';

export interface RouteEntry {
  method: string;
  /** Express-style path, e.g. `/v1/orgs/:orgId`. */
  path: string;
  access: AccessRule | undefined;
  endpoint: EndpointSpec | undefined;
  handler: string;
}

/** Every route the app serves, with its declared audience and contract, read from decorators. */
@Injectable()
export class RouteCatalog {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  routes(): RouteEntry[] {
    const entries: RouteEntry[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || !wrapper.metatype) continue;
      const prefix = normalise(
        this.reflector.get<string | string[]>(PATH_METADATA, wrapper.metatype),
      );
      const proto = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(proto)) {
        const handler = (proto as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
        const methodPath = this.reflector.get<string | string[] | undefined>(
          PATH_METADATA,
          handler,
        );
        const method = this.reflector.get<RequestMethod | undefined>(METHOD_METADATA, handler);
        if (methodPath === undefined || method === undefined) continue;
        entries.push({
          method: RequestMethod[method],
          path: `/${[prefix, normalise(methodPath)].filter(Boolean).join('/')}`,
          access:
            this.reflector.get<AccessRule>(ACCESS_METADATA, handler) ??
            this.reflector.get<AccessRule>(ACCESS_METADATA, wrapper.metatype),
          endpoint: this.reflector.get<EndpointSpec>(ENDPOINT_METADATA, handler),
          handler: `${wrapper.metatype.name}.${name}`,
        });
      }
    }
    return entries.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  }
}

function normalise(path: string | string[] | undefined): string {
  const value = Array.isArray(path) ? (path[0] ?? '') : (path ?? '');
  return value.replace(/^\/+|\/+$/g, '');
}
