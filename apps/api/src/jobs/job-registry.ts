import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import {
  JOB_HANDLER_METADATA,
  type JobContext,
  type JobHandlerMetadata,
  type JobHandlerOptions,
} from './job-handler.decorator.js';
import type { JobName } from './job-payloads.js';

export interface RegisteredJob {
  name: JobName;
  options: JobHandlerOptions<JobName>;
  /** Where it is declared, for messages (`MailJobs.deliver`). */
  source: string;
  run(data: unknown, job: JobContext): Promise<unknown>;
}

/** Finds every `@JobHandler` method on the app's providers, once. */
@Injectable()
export class JobRegistry {
  private found: Map<JobName, RegisteredJob> | undefined;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  all(): RegisteredJob[] {
    return [...this.index().values()];
  }

  get(name: string): RegisteredJob | undefined {
    return this.index().get(name as JobName);
  }

  private index(): Map<JobName, RegisteredJob> {
    if (this.found) return this.found;
    const found = new Map<JobName, RegisteredJob>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const proto = Object.getPrototypeOf(instance) as object | null;
      if (!proto) continue;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const fn = (proto as Record<string, unknown>)[method];
        if (typeof fn !== 'function') continue;
        const meta = Reflect.getMetadata(JOB_HANDLER_METADATA, fn) as
          JobHandlerMetadata | undefined;
        if (!meta) continue;
        const source = `${proto.constructor.name}.${method}`;
        const existing = found.get(meta.name);
        if (existing) {
          throw new Error(`Job "${meta.name}" has two handlers: ${existing.source} and ${source}`);
        }
        found.set(meta.name, {
          name: meta.name,
          options: meta.options,
          source,
          run: (data, job) =>
            (fn as (data: unknown, job: JobContext) => Promise<unknown>).call(instance, data, job),
        });
      }
    }
    this.found = found;
    return found;
  }
}
