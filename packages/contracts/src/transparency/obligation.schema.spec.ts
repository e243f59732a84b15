import { describe, expect, it } from '@jest/globals';
import { LabPublicModel, ModelDisclosureObligations } from './index.js';

const MODEL = '0f8fad5b-d9cb-469f-a165-70867728950e';
const GRANT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

const publicModel = {
  id: MODEL,
  name: 'Tidewater',
  version: '1.0',
  releaseDate: '2026-03-01',
  outputModalities: ['video'],
  visibility: 'public',
  disclosures: [],
};

describe('disclosure obligations', () => {
  it('put a standing on every model of the public lab page, with counts and no certificate ids', () => {
    const standing = {
      overdue: { since: '2026-03-01T00:00:00.000Z', certificates: 2 },
      late: [
        {
          deadline: '2026-01-01T00:00:00.000Z',
          publishedAt: '2026-01-03T10:00:00.000Z',
          daysLate: 3,
        },
      ],
    };
    expect(LabPublicModel.parse({ ...publicModel, disclosureStanding: standing })).toEqual({
      ...publicModel,
      disclosureStanding: standing,
    });
    expect(LabPublicModel.safeParse(publicModel).success).toBe(false);
    const withIds = { ...standing, overdue: { ...standing.overdue, certificateIds: [GRANT] } };
    expect(LabPublicModel.safeParse({ ...publicModel, disclosureStanding: withIds }).success).toBe(
      false,
    );
    const none = { overdue: { since: standing.overdue.since, certificates: 0 }, late: [] };
    expect(LabPublicModel.safeParse({ ...publicModel, disclosureStanding: none }).success).toBe(
      false,
    );
  });

  it('give the lab each obligation with its state, and refuse states and lateness that do not exist', () => {
    const obligation = {
      certificateId: GRANT,
      deadline: '2026-03-31T00:00:00.000Z',
      state: 'late',
      disclosedAt: '2026-04-02T09:00:00.000Z',
      daysLate: 3,
    };
    const body = {
      modelId: MODEL,
      released: true,
      overdue: null,
      late: [],
      obligations: [obligation],
    };
    expect(ModelDisclosureObligations.parse(body)).toEqual(body);
    const bad = (patch: Record<string, unknown>) =>
      ModelDisclosureObligations.safeParse({
        ...body,
        obligations: [{ ...obligation, ...patch }],
      }).success;
    expect(bad({ state: 'forgiven' })).toBe(false);
    expect(bad({ daysLate: 0 })).toBe(false);
    expect(bad({ daysLate: 1.5 })).toBe(false);
    expect(bad({ deadline: '2026-03-31' })).toBe(false);
  });
});
