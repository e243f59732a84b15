import { describe, expect, it } from '@jest/globals';
import { DeclareStage, RegisterModel, STAGE_USES } from './index.js';

const GRANT = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('transparency schemas', () => {
  it('map each training stage to the licensed use its grants must permit', () => {
    expect(STAGE_USES).toEqual({
      'pre-training': 'ai-train',
      'fine-tuning': 'ai-finetune',
      evaluation: 'ai-eval',
    });
  });

  it('register a model not yet public, with no release date, unless told otherwise', () => {
    expect(
      RegisterModel.parse({ name: 'Tidewater', version: '1.0', outputModalities: ['video'] }),
    ).toEqual({
      name: 'Tidewater',
      version: '1.0',
      releaseDate: null,
      outputModalities: ['video'],
      visibility: 'not_yet_public',
    });
    expect(RegisterModel.safeParse({ name: 'T', version: '1', outputModalities: [] }).success).toBe(
      false,
    );
  });

  it('refuse a grant cited twice and dates PostgreSQL cannot store', () => {
    const declaration = { stage: 'pre-training', usedAt: '2026-11-20T00:00:00Z' };
    expect(DeclareStage.safeParse({ ...declaration, grantIds: [GRANT] }).success).toBe(true);
    expect(DeclareStage.safeParse({ ...declaration, grantIds: [GRANT, GRANT] }).success).toBe(
      false,
    );
    expect(
      DeclareStage.safeParse({ ...declaration, grantIds: [], usedAt: '0000-01-01T00:00:00Z' })
        .success,
    ).toBe(false);
    expect(
      RegisterModel.safeParse({
        name: 'T',
        version: '1',
        outputModalities: ['video'],
        releaseDate: '0000-01-01',
      }).success,
    ).toBe(false);
  });
});
