import { describe, expect, it } from '@jest/globals';
import { renderToStaticMarkup } from 'react-dom/server';
import { FormField } from './form-field.js';
import { Input, Select, TextArea } from './input.js';
import { tag, textById } from './html.test-helper.js';

describe('FormField', () => {
  it('labels the control and describes it with the hint and the error', () => {
    const html = renderToStaticMarkup(
      <FormField
        label="Email"
        hint="We send a confirmation link."
        error="Enter a valid email address."
        required
      >
        <Input name="email" type="email" />
      </FormField>,
    );
    const input = tag(html, 'input');
    const label = tag(html, 'label');
    expect(input.attrs.id).toBeTruthy();
    expect(label.attrs.for).toBe(input.attrs.id);
    expect(input.attrs['aria-invalid']).toBe('true');
    expect(input.attrs['aria-required']).toBe('true');

    const describedBy = input.attrs['aria-describedby']!.split(' ');
    expect(describedBy).toHaveLength(2);
    expect(textById(html, describedBy[0]!)).toBe('We send a confirmation link.');
    expect(textById(html, describedBy[1]!)).toBe('Error: Enter a valid email address.');
  });

  it('leaves a valid control unmarked and described only by its hint', () => {
    const html = renderToStaticMarkup(
      <FormField label="Name" hint="Shown to your team.">
        <Input name="name" />
      </FormField>,
    );
    const input = tag(html, 'input');
    expect(input.attrs['aria-invalid']).toBeUndefined();
    expect(input.attrs['aria-required']).toBeUndefined();
    expect(input.attrs['aria-describedby']).toBe(`${input.attrs.id}-hint`);
    expect(html).not.toContain('Error:');
  });

  it('has no aria-describedby at all when there is neither hint nor error', () => {
    const html = renderToStaticMarkup(
      <FormField label="Name">
        <Input name="name" />
      </FormField>,
    );
    expect(tag(html, 'input').attrs['aria-describedby']).toBeUndefined();
  });

  it('keeps an explicit id and joins a caller-provided description', () => {
    const html = renderToStaticMarkup(
      <FormField label="Password" id="password" error="Use at least 12 characters.">
        <Input name="password" type="password" aria-describedby="password-rules" />
      </FormField>,
    );
    const input = tag(html, 'input');
    expect(input.attrs.id).toBe('password');
    expect(tag(html, 'label').attrs.for).toBe('password');
    expect(input.attrs['aria-describedby']).toBe('password-error password-rules');
  });

  it('wires selects and text areas the same way', () => {
    const html = renderToStaticMarkup(
      <div>
        <FormField label="Role" error="Choose a role.">
          <Select name="role">
            <option value="member">Member</option>
          </Select>
        </FormField>
        <FormField label="Notes">
          <TextArea name="notes" />
        </FormField>
      </div>,
    );
    const select = tag(html, 'select');
    expect(select.attrs['aria-invalid']).toBe('true');
    expect(textById(html, select.attrs['aria-describedby']!)).toBe('Error: Choose a role.');
    const textarea = tag(html, 'textarea');
    expect(textarea.attrs['aria-invalid']).toBeUndefined();
    expect(html).toContain(`for="${textarea.attrs.id}"`);
  });

  it('gives two fields on one page different ids', () => {
    const html = renderToStaticMarkup(
      <div>
        <FormField label="A">
          <Input name="a" />
        </FormField>
        <FormField label="B">
          <Input name="b" />
        </FormField>
      </div>,
    );
    const ids = [...html.matchAll(/<input[^>]*id="([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(ids).size).toBe(2);
  });
});

describe('Input outside a FormField', () => {
  it('can be marked invalid on its own', () => {
    const input = tag(renderToStaticMarkup(<Input aria-label="Search" invalid />), 'input');
    expect(input.attrs['aria-invalid']).toBe('true');
    expect(input.attrs.class).toContain('border-red-700');
  });

  it('uses the neutral border when valid', () => {
    const input = tag(renderToStaticMarkup(<Input aria-label="Search" />), 'input');
    expect(input.attrs['aria-invalid']).toBeUndefined();
    expect(input.attrs.class).toContain('border-slate-500');
    expect(input.attrs.class).toContain('focus-visible:outline-2');
  });
});
