import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../domain-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** A malformed id names nothing, so it answers 404 exactly like an id that does not exist. */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUuid(value)) throw new DomainError('not_found', 'Nothing exists with this id.');
    return value.toLowerCase();
  }
}
