import { describe, expect, it } from '@jest/globals';
import { CATALOG_FACET_NAMES, CatalogFacets, CatalogQuery } from './clip-catalog.js';

describe('CatalogQuery', () => {
  it('reads a GET form: empty fields are unset, the query is trimmed, limit defaults to 24', () => {
    expect(
      CatalogQuery.parse({ q: '  aerial  harbour ', category: '', fps: '', sort: '', limit: '' }),
    ).toEqual({ q: 'aerial  harbour', limit: 24 });
    expect(CatalogQuery.parse({})).toEqual({ limit: 24 });
  });

  it('takes one value per facet from its vocabulary, numbers from strings', () => {
    expect(
      CatalogQuery.parse({
        category: 'aerial',
        resolution: '4k',
        orientation: 'vertical',
        fps: '60',
        duration: '10-30s',
        motion: 'drone',
        use: 'ai-train',
        exclusivity: 'offered',
        sort: 'newest',
        limit: '50',
      }),
    ).toEqual({
      category: 'aerial',
      resolution: '4k',
      orientation: 'vertical',
      fps: 60,
      duration: '10-30s',
      motion: 'drone',
      use: 'ai-train',
      exclusivity: 'offered',
      sort: 'newest',
      limit: 50,
    });
  });

  it.each([
    ['a 201-character query', { q: 'a'.repeat(201) }, 'q'],
    ['an unknown category', { category: 'spaceships' }, 'category'],
    ['an unknown resolution', { resolution: '8k' }, 'resolution'],
    ['a frame rate that is not a facet', { fps: '23' }, 'fps'],
    ['a fractional frame rate', { fps: '29.97' }, 'fps'],
    ['an unknown sort', { sort: 'price' }, 'sort'],
    ['limit 0', { limit: '0' }, 'limit'],
    ['limit 10,000', { limit: '10000' }, 'limit'],
    ['an unknown parameter', { colour: 'red' }, ''],
  ])('refuses %s', (_name, input, path) => {
    const result = CatalogQuery.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.'))).toEqual([path]);
  });
});

describe('CatalogFacets', () => {
  it('has one list per facet and nothing else', () => {
    const empty = Object.fromEntries(CATALOG_FACET_NAMES.map((name) => [name, []]));
    expect(CatalogFacets.parse(empty)).toEqual(empty);
    expect(CATALOG_FACET_NAMES).toEqual([
      'category',
      'resolution',
      'orientation',
      'fps',
      'duration',
      'motion',
      'use',
      'exclusivity',
    ]);
    expect(CatalogFacets.safeParse({ ...empty, colour: [] }).success).toBe(false);
  });
});
