import { describe, expect, it } from '@jest/globals';
import { renderToStaticMarkup } from 'react-dom/server';
import { Button, buttonClasses } from './button.js';
import { tag } from './html.test-helper.js';

describe('Button', () => {
  it('does not submit forms unless asked to', () => {
    expect(tag(renderToStaticMarkup(<Button>Cancel</Button>), 'button').attrs.type).toBe('button');
    expect(
      tag(renderToStaticMarkup(<Button type="submit">Save</Button>), 'button').attrs.type,
    ).toBe('submit');
  });

  it('is busy and disabled while loading, with the loading label', () => {
    const html = renderToStaticMarkup(
      <Button type="submit" loading loadingText="Creating…">
        Create
      </Button>,
    );
    const button = tag(html, 'button');
    expect(button.attrs['aria-busy']).toBe('true');
    expect(button.attrs.disabled).toBeDefined();
    expect(html).toContain('Creating…');
    expect(html).not.toContain('>Create<');
    // The spinner is decoration; the label says what is happening.
    expect(tag(html, 'svg').attrs['aria-hidden']).toBe('true');
  });

  it('is neither busy nor disabled by default', () => {
    const button = tag(renderToStaticMarkup(<Button>Save</Button>), 'button');
    expect(button.attrs['aria-busy']).toBeUndefined();
    expect(button.attrs.disabled).toBeUndefined();
  });

  it('can be disabled without being busy', () => {
    const button = tag(renderToStaticMarkup(<Button disabled>Save</Button>), 'button');
    expect(button.attrs.disabled).toBeDefined();
    expect(button.attrs['aria-busy']).toBeUndefined();
  });

  it('styles each variant differently and always shows focus', () => {
    const classes = (['primary', 'secondary', 'danger', 'ghost'] as const).map((variant) =>
      buttonClasses({ variant }),
    );
    expect(new Set(classes).size).toBe(4);
    for (const value of classes) expect(value).toContain('focus-visible:outline-indigo-600');
    expect(buttonClasses({ variant: 'danger' })).toContain('bg-red-700');
    expect(buttonClasses({ fullWidth: true })).toContain('w-full');
  });

  it('keeps a caller class next to the variant classes', () => {
    const button = tag(renderToStaticMarkup(<Button className="mt-4">Save</Button>), 'button');
    expect(button.attrs.class).toContain('mt-4');
    expect(button.attrs.class).toContain('bg-indigo-700');
  });
});
