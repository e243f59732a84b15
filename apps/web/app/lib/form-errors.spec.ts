import {
  CreateApiKeyForKind,
  CreateInvitation,
  CreateOrganization,
  SignIn,
  SignUp,
} from '@clearframe/contracts/accounts';
import { PROBLEMS, type ProblemType } from '@clearframe/contracts/problem';
import { describe, expect, it } from '@jest/globals';
import { formValues, parseForm, problemMessage, problemToFailure } from './form-errors';

function form(entries: Record<string, string>): FormData {
  const formData = new FormData();
  for (const [name, value] of Object.entries(entries)) formData.append(name, value);
  return formData;
}

const problem = (overrides: Partial<ProblemType>): ProblemType => ({
  type: 'https://clearframe.dev/problems/validation-failed',
  title: 'Validation failed',
  status: 422,
  code: 'validation_failed',
  ...overrides,
});

describe('parseForm', () => {
  it('returns the schema output (normalised email) and ignores extra form fields', () => {
    const result = parseForm(
      SignIn,
      form({
        email: '  Ada@Example.COM ',
        password: 'x',
        redirectTo: '/account',
        intent: 'sign-in',
      }),
      ['email', 'password'],
    );
    expect(result).toEqual({ ok: true, data: { email: 'ada@example.com', password: 'x' } });
  });

  it('puts each field’s first message next to that field and keeps non-secret values', () => {
    const result = parseForm(SignUp, form({ name: '', email: 'not-an-email', password: 'short' }), [
      'name',
      'email',
      'password',
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure.fieldErrors).toEqual({
      name: 'Enter a name.',
      email: 'Enter a valid email address.',
      password: 'Use at least 12 characters.',
    });
    expect(result.failure.formError).toBeNull();
    expect(result.failure.values).toEqual({ name: '', email: 'not-an-email' });
  });

  it('lets schema defaults apply when a field is absent', () => {
    const result = parseForm(CreateInvitation, form({ email: 'b@example.com' }), ['email', 'role']);
    expect(result).toEqual({ ok: true, data: { email: 'b@example.com', role: 'member' } });
  });

  it('replaces a confusing message and routes hidden-field errors to the form', () => {
    const result = parseForm(CreateOrganization, form({ name: 'Lab' }), ['name', 'kind'], {
      messages: { kind: 'Choose whether this is a creator studio or a lab.' },
    });
    expect(!result.ok && result.failure.fieldErrors.kind).toBe(
      'Choose whether this is a creator studio or a lab.',
    );

    const hidden = parseForm(SignIn, form({ email: 'a@example.com' }), ['email'], {
      hidden: ['password'],
      messages: { password: 'Missing password.' },
    });
    expect(hidden.ok).toBe(false);
    if (hidden.ok) return;
    expect(hidden.failure.fieldErrors).toEqual({});
    expect(hidden.failure.formError).toBe('Missing password.');
  });
});

describe('parseForm with a list field (checkboxes)', () => {
  const checked = (...scopes: string[]) => {
    const formData = form({ name: 'Pipeline', intent: 'create' });
    for (const scope of scopes) formData.append('scopes', scope);
    return formData;
  };
  const parse = (formData: FormData) =>
    parseForm(CreateApiKeyForKind('lab'), formData, ['name', 'scopes'], { lists: ['scopes'] });

  it('reads every checked value, in the order sent', () => {
    expect(parse(checked('orders:read', 'catalog:read'))).toEqual({
      ok: true,
      data: { name: 'Pipeline', scopes: ['orders:read', 'catalog:read'] },
    });
  });

  it('treats none checked as an empty list, and shows errors inside the list on the field', () => {
    const none = parse(checked());
    expect(!none.ok && none.failure.fieldErrors).toEqual({ scopes: 'Choose at least one scope.' });
    const unknown = parse(checked('catalog:read', 'root'));
    expect(!unknown.ok && unknown.failure).toMatchObject({
      formError: null,
      fieldErrors: { scopes: 'Choose a scope from the list.' },
    });
    const wrongKind = parse(checked('uploads:write'));
    expect(!wrongKind.ok && wrongKind.failure.fieldErrors.scopes).toMatch(
      /^A lab organization's key cannot hold uploads:write\./,
    );
  });
});

describe('formValues', () => {
  it('never echoes passwords, secrets or tokens', () => {
    expect(
      formValues(form({ email: 'a@b.co', password: 'p', confirmPassword: 'p', token: 't' }), [
        'email',
        'password',
        'confirmPassword',
        'token',
      ]),
    ).toEqual({
      email: 'a@b.co',
    });
  });
});

describe('problemToFailure', () => {
  const fields = ['email', 'password', 'name'] as const;

  it('maps errors[].path onto the form’s fields', () => {
    const failure = problemToFailure(
      problem({
        errors: [
          { path: 'password', message: 'Use a less repetitive password.', code: 'custom' },
          { path: 'email', message: 'Enter a valid email address.', code: 'invalid_format' },
        ],
      }),
      fields,
      { values: { email: 'x' } },
    );
    expect(failure).toEqual({
      formError: null,
      fieldErrors: {
        password: 'Use a less repetitive password.',
        email: 'Enter a valid email address.',
      },
      values: { email: 'x' },
    });
  });

  it('keeps errors for fields the form does not have as a form-level message', () => {
    const failure = problemToFailure(
      problem({
        errors: [
          { path: 'nickname', message: 'Unknown field: nickname.', code: 'unrecognized_keys' },
          { path: 'email', message: 'Taken.', code: 'x' },
        ],
      }),
      fields,
    );
    expect(failure.fieldErrors).toEqual({ email: 'Taken.' });
    expect(failure.formError).toBe('nickname: Unknown field: nickname.');
  });

  it('puts a code without a path on the field it belongs to', () => {
    const failure = problemToFailure(
      problem({ status: 409, code: 'email_taken', title: 'Conflict' }),
      fields,
      {
        codeFields: { email_taken: 'email' },
      },
    );
    expect(failure.fieldErrors.email).toMatch(/already exists/);
    expect(failure.formError).toBeNull();
  });

  it('shows a wrong password as one form-level message that does not say which part was wrong', () => {
    const failure = problemToFailure(
      problem({ status: 401, code: 'invalid_credentials', title: 'Invalid credentials' }),
      fields,
    );
    expect(failure.fieldErrors).toEqual({});
    expect(failure.formError).toBe(
      'That email and password do not match a confirmed account. Just signed up? Open the link we emailed you first.',
    );
  });

  it('falls back to the problem detail, then its title, for codes without a friendly text', () => {
    expect(
      problemToFailure(
        problem({ status: 409, code: 'conflict', title: 'Conflict', detail: 'Slug in use.' }),
        fields,
      ).formError,
    ).toBe('Slug in use.');
    expect(
      problemToFailure(problem({ status: 409, code: 'conflict', title: 'Conflict' }), fields)
        .formError,
    ).toBe('Conflict');
  });
});

describe('problemMessage', () => {
  it('tells a rate-limited person how long to wait', () => {
    expect(
      problemMessage(
        problem({ status: 429, code: 'rate_limited', title: 'Too many', retryAfterSeconds: 30 }),
      ),
    ).toBe('Too many attempts. Try again in 30 seconds.');
    expect(
      problemMessage(
        problem({ status: 429, code: 'rate_limited', title: 'Too many', retryAfterSeconds: 1 }),
      ),
    ).toBe('Too many attempts. Try again in 1 second.');
    expect(problemMessage(problem({ status: 429, code: 'rate_limited', title: 'Too many' }))).toBe(
      'Too many attempts. Wait a moment and try again.',
    );
  });
});

describe('problemMessage reads the contracts problem catalog', () => {
  it('shows the catalog sentence for a code, whatever detail the API sent', () => {
    expect(
      problemMessage(
        problem({
          status: 409,
          code: 'last_owner',
          title: 'Last owner',
          detail: 'For developers.',
        }),
      ),
    ).toBe(PROBLEMS.last_owner.message);
  });

  it('falls back to the detail for a code newer than this catalog', () => {
    expect(
      problemMessage({
        code: 'brand_new_code' as ProblemType['code'],
        title: 'New',
        detail: 'Explained by the API.',
      }),
    ).toBe('Explained by the API.');
  });
});
