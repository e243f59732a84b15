import { describe, expect, it } from '@jest/globals';
import { PROBLEM_CATALOGS, PROBLEM_STATUS, PROBLEMS, Problem, problemEntry } from '../problem.js';

describe('problem catalogs', () => {
  it('give every code to exactly one domain', () => {
    const claimed = Object.entries(PROBLEM_CATALOGS).flatMap(([domain, catalog]) =>
      Object.keys(catalog).map((code) => `${code}:${domain}`),
    );
    const codes = claimed.map((entry) => entry.split(':')[0]);
    expect(new Set(codes).size).toBe(codes.length);
    expect(Object.keys(PROBLEMS).sort()).toEqual([...codes].sort());
  });

  it('use snake_case codes, error statuses and a title for each', () => {
    for (const [code, entry] of Object.entries(PROBLEMS)) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.status).toBeLessThan(600);
      expect(entry.title.length).toBeGreaterThan(0);
    }
  });

  it('derive the status table and the code enum from the catalogs', () => {
    expect(PROBLEM_STATUS.last_owner).toBe(409);
    expect(PROBLEM_STATUS.api_key_revoked).toBe(401);
    expect(PROBLEM_STATUS.pricing_rejected).toBe(422);
    expect(Problem.shape.code.options).toEqual(Object.keys(PROBLEMS));
  });

  it('answer undefined for codes they do not know (a newer API), not an inherited property', () => {
    expect(problemEntry('last_owner')?.title).toBe('Last owner');
    expect(problemEntry('toString')).toBeUndefined();
    expect(problemEntry('made_up_code')).toBeUndefined();
  });
});
