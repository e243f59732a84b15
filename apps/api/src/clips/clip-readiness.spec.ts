import { describe, expect, it } from '@jest/globals';
import { personStatus, readinessOf, type ReadinessFacts } from './clip-readiness.js';
import type { PersonEntity } from './person.entity.js';
import type { ReleaseEntity } from './release.entity.js';

const ready: ReadinessFacts = {
  state: 'draft',
  title: 'Fog',
  category: 'nature',
  currentPolicyVersionId: '7b0c1c52-0f7e-4f43-9a36-3c5d3a1b2c10',
  ownershipAttestedAt: new Date('2026-11-01T00:00:00Z'),
  identifiablePeople: false,
};
const person = (name: string): PersonEntity => ({
  id: `p-${name}`,
  orgId: 'org',
  name,
  createdAt: new Date(),
});
const release = (overrides: Partial<ReleaseEntity> = {}): ReleaseEntity => ({
  id: 'r',
  orgId: 'org',
  personId: 'p',
  state: 'confirmed',
  documentKey: 'k',
  fileName: 'r.pdf',
  declaredContentType: 'application/pdf',
  contentType: 'application/pdf',
  sizeBytes: 10,
  signedOn: '2026-10-01',
  consent: {
    aiTraining: true,
    commercialUse: false,
    publicPreview: false,
    likenessSynthesis: false,
  },
  createdBy: null,
  createdByApiKey: null,
  createdAt: new Date(),
  confirmedAt: new Date(),
  ...overrides,
});
const codes = (facts: ReadinessFacts, people = [] as Parameters<typeof readinessOf>[1]) =>
  readinessOf(facts, people).missing.map((item) => `${item.path}:${item.code}`);

describe('readinessOf', () => {
  it('is ready with a title, category, policy, attestation and no identifiable people', () => {
    expect(readinessOf(ready, [])).toEqual({ ready: true, missing: [] });
  });

  it('names each missing piece, in order', () => {
    expect(
      codes({
        ...ready,
        state: 'processing',
        title: '  ',
        category: null,
        currentPolicyVersionId: null,
        ownershipAttestedAt: null,
        identifiablePeople: null,
      }),
    ).toEqual([
      'state:not_verified',
      'title:title_missing',
      'category:category_missing',
      'policy:policy_missing',
      'ownership:attestation_missing',
      'people:people_undeclared',
    ]);
  });

  it('requires, per identifiable person, a confirmed release that consents to AI training', () => {
    const people = [
      { person: person('Ada'), release: release() },
      { person: person('Bo'), release: null },
      { person: person('Cy'), release: release({ state: 'pending' }) },
      {
        person: person('Di'),
        release: release({ consent: { ...release().consent, aiTraining: false } }),
      },
    ];
    const result = readinessOf({ ...ready, identifiablePeople: true }, people);
    expect(result.ready).toBe(false);
    expect(result.missing.map((item) => `${item.path}:${item.code}`)).toEqual([
      'people.1:release_missing',
      'people.2:release_unconfirmed',
      'people.3:no_ai_training_consent',
    ]);
    expect(result.missing[0]!.message).toContain('Bo');
  });

  it('does not take "identifiable people appear" with nobody named as a declaration', () => {
    expect(codes({ ...ready, identifiablePeople: true }, [])).toEqual(['people:people_undeclared']);
  });

  it('never counts consent that is not exactly true', () => {
    const odd = release({ consent: { aiTraining: 'true' } as never });
    expect(personStatus(odd)).toBe('no_ai_training_consent');
    expect(personStatus(release())).toBe('released');
  });
});
