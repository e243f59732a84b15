import { describe, expect, it } from '@jest/globals';
import { policyFromTemplate, policyTerms } from '@clearframe/contracts/supply';
import type { CitedGrantRow } from './overdue-disclosures.repository.js';
import { obligationsOf, releasedAt, standingOf } from './overdue-disclosures.service.js';

const usd = { amountMinor: 500, currency: 'USD' } as const;
const termsWithin = (days: number | null) =>
  policyTerms(
    policyFromTemplate(
      'training-standard',
      usd,
      days === null ? undefined : { required: true, withinDaysAfterRelease: days },
    ),
  );

const row = (patch: Partial<CitedGrantRow>): CitedGrantRow => ({
  modelId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  orgId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  labName: 'Perceptron Labs',
  modelName: 'Tidewater',
  modelVersion: '1.0',
  releaseDate: '2026-03-01',
  visibility: 'public',
  grantId: '16fd2706-8baf-433b-82eb-8c7fada847da',
  terms: termsWithin(30),
  disclosedAt: null,
  recorded: false,
  ...patch,
});
const at = (iso: string) => new Date(iso);

describe('disclosure obligations (decision 022)', () => {
  it('count a model as released from 00:00 UTC of its release date, only while public', () => {
    const model = { visibility: 'public', releaseDate: '2026-03-01' };
    expect(releasedAt(model, at('2026-02-28T23:59:59.999Z'))).toBeNull();
    expect(releasedAt(model, at('2026-03-01T00:00:00.000Z'))).toEqual(at('2026-03-01T00:00:00Z'));
    expect(
      releasedAt({ ...model, visibility: 'not_yet_public' }, at('2027-01-01T00:00:00Z')),
    ).toBeNull();
    expect(releasedAt({ ...model, releaseDate: null }, at('2027-01-01T00:00:00Z'))).toBeNull();
  });

  it('fall due at the release date’s 00:00 UTC plus N days, an exact instant', () => {
    // 2026-03-01 + 30 days = 2026-03-31 00:00 UTC.
    const deadline = '2026-03-31T00:00:00.000Z';
    const state = (now: string, disclosedAt: string | null = null) =>
      obligationsOf([row({ disclosedAt: disclosedAt ? at(disclosedAt) : null })], at(now))[0]!;
    expect(state('2026-03-31T00:00:00.000Z')).toMatchObject({ deadline, state: 'pending' });
    expect(state('2026-03-31T00:00:00.001Z')).toMatchObject({ state: 'overdue', daysLate: null });
    expect(state('2026-04-10T00:00:00Z', deadline)).toMatchObject({
      state: 'met',
      disclosedAt: deadline,
      daysLate: null,
    });
    expect(state('2026-04-10T00:00:00Z', '2026-03-31T00:00:01.000Z')).toMatchObject({
      state: 'late',
      daysLate: 1,
    });
    expect(state('2026-04-10T00:00:00Z', '2026-04-02T00:00:00.000Z')).toMatchObject({
      state: 'late',
      daysLate: 2,
    });
  });

  it('read 0 days as before the release date begins, and owe nothing under /1 terms', () => {
    const zero = row({ terms: termsWithin(0) });
    expect(obligationsOf([zero], at('2026-03-01T00:00:00.001Z'))).toMatchObject([
      { deadline: '2026-03-01T00:00:00.000Z', state: 'overdue' },
    ]);
    expect(termsWithin(null).schema).toBe('clearframe.license/1');
    expect(obligationsOf([row({ terms: termsWithin(null) })], at('2027-01-01T00:00:00Z'))).toEqual(
      [],
    );
    expect(obligationsOf([row({ releaseDate: '2026-03-02' })], at('2026-03-01T12:00:00Z'))).toEqual(
      [],
    );
  });

  it('summarise a model with none overdue as overdue: null', () => {
    expect(
      standingOf([
        {
          certificateId: 'e',
          deadline: '2026-02-01T00:00:00.000Z',
          state: 'met',
          disclosedAt: '2026-01-06T00:00:00.000Z',
          daysLate: null,
        },
        {
          certificateId: 'f',
          deadline: '2026-09-01T00:00:00.000Z',
          state: 'pending',
          disclosedAt: null,
          daysLate: null,
        },
      ]),
    ).toEqual({ overdue: null, late: [] });
    expect(standingOf([])).toEqual({ overdue: null, late: [] });
  });

  it('summarise overdue ones from the earliest deadline, late ones most days first', () => {
    const standing = standingOf([
      {
        certificateId: 'a',
        deadline: '2026-03-31T00:00:00.000Z',
        state: 'overdue',
        disclosedAt: null,
        daysLate: null,
      },
      {
        certificateId: 'b',
        deadline: '2026-03-01T00:00:00.000Z',
        state: 'overdue',
        disclosedAt: null,
        daysLate: null,
      },
      {
        certificateId: 'c',
        deadline: '2026-02-01T00:00:00.000Z',
        state: 'late',
        disclosedAt: '2026-02-03T00:00:00.000Z',
        daysLate: 2,
      },
      {
        certificateId: 'd',
        deadline: '2026-02-01T00:00:00.000Z',
        state: 'late',
        disclosedAt: '2026-02-06T00:00:00.000Z',
        daysLate: 5,
      },
      {
        certificateId: 'e',
        deadline: '2026-02-01T00:00:00.000Z',
        state: 'met',
        disclosedAt: '2026-01-06T00:00:00.000Z',
        daysLate: null,
      },
    ]);
    expect(standing).toEqual({
      overdue: { since: '2026-03-01T00:00:00.000Z', certificates: 2 },
      late: [
        {
          deadline: '2026-02-01T00:00:00.000Z',
          publishedAt: '2026-02-06T00:00:00.000Z',
          daysLate: 5,
        },
        {
          deadline: '2026-02-01T00:00:00.000Z',
          publishedAt: '2026-02-03T00:00:00.000Z',
          daysLate: 2,
        },
      ],
    });
  });
});
