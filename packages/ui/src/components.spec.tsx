import { describe, expect, it } from '@jest/globals';
import { renderToStaticMarkup } from 'react-dom/server';
import { Alert } from './alert.js';
import { Badge } from './badge.js';
import { Card } from './card.js';
import { DescriptionList } from './description-list.js';
import { TabNav, navLinkClasses, tabLinkClasses } from './nav.js';
import { PageHeader, PageLayout } from './page-layout.js';
import { RadioCardGroup } from './radio-card-group.js';
import { Table } from './table.js';
import { tag, tags, textById } from './html.test-helper.js';

interface Person {
  id: string;
  name: string;
  role: string;
}

const people: Person[] = [
  { id: 'a', name: 'Ada', role: 'owner' },
  { id: 'b', name: 'Grace', role: 'member' },
];

describe('Table', () => {
  const columns = [
    { key: 'name', header: 'Name', cell: (row: Person) => row.name, rowHeader: true },
    { key: 'role', header: 'Role', cell: (row: Person) => row.role, nowrap: true },
    {
      key: 'actions',
      header: 'Actions',
      cell: () => 'Remove',
      hideHeader: true,
      align: 'end' as const,
    },
  ];

  it('has a caption, column headers and row headers', () => {
    const html = renderToStaticMarkup(
      <Table caption="Members" columns={columns} rows={people} rowKey={(row) => row.id} />,
    );
    expect(html).toMatch(/<caption[^>]*>Members<\/caption>/);
    const headers = tags(html, 'th');
    expect(headers.filter((th) => th.attrs.scope === 'col')).toHaveLength(3);
    expect(headers.filter((th) => th.attrs.scope === 'row')).toHaveLength(2);
    expect(html).toContain('<span class="sr-only">Actions</span>');
    expect(tags(html, 'tr')).toHaveLength(3);
    expect(
      tags(html, 'td').filter((td) => td.attrs.class?.includes('sm:whitespace-nowrap')),
    ).toHaveLength(2);
  });

  it('keeps its table roles when phones stack the rows, and labels each value there', () => {
    const html = renderToStaticMarkup(
      <Table caption="Members" columns={columns} rows={people} rowKey={(row) => row.id} />,
    );
    expect(tag(html, 'table').attrs.role).toBe('table');
    expect(tags(html, 'tr').every((tr) => tr.attrs.role === 'row')).toBe(true);
    expect(tags(html, 'td').every((td) => td.attrs.role === 'cell')).toBe(true);
    const headers = tags(html, 'th');
    expect(headers.filter((th) => th.attrs.role === 'columnheader')).toHaveLength(3);
    expect(headers.filter((th) => th.attrs.role === 'rowheader')).toHaveLength(2);
    // Each role cell carries a phone-only label, hidden from assistive technology; the row
    // header and the unlabelled actions column carry none.
    const labels = [...html.matchAll(/<span aria-hidden="true"[^>]*>([^<]*)<\/span>/g)].map(
      (match) => match[1],
    );
    expect(labels).toEqual(['Role', 'Role']);
    expect(tags(html, 'span').find((span) => span.attrs['aria-hidden'])?.attrs.class).toContain(
      'sm:hidden',
    );
  });

  it('shows the empty state across all columns when there are no rows', () => {
    const html = renderToStaticMarkup(
      <Table
        caption="Members"
        captionHidden
        columns={columns}
        rows={[]}
        rowKey={(row) => row.id}
        empty="No members yet."
      />,
    );
    expect(tag(html, 'td').attrs.colSpan).toBe('3');
    expect(html).toContain('No members yet.');
    expect(tag(html, 'caption').attrs.class).toBe('sr-only');
  });
});

describe('Alert', () => {
  it('interrupts for errors and waits politely otherwise', () => {
    expect(
      tags(renderToStaticMarkup(<Alert tone="danger">Wrong password.</Alert>), 'div')[0]!.attrs
        .role,
    ).toBe('alert');
    for (const tone of ['info', 'success', 'warning'] as const) {
      const html = renderToStaticMarkup(<Alert tone={tone}>Saved.</Alert>);
      expect(tags(html, 'div')[0]!.attrs.role).toBe('status');
    }
  });
});

describe('Badge', () => {
  it('renders its text with the tone colours', () => {
    const html = renderToStaticMarkup(<Badge tone="success">Active</Badge>);
    expect(html).toContain('>Active<');
    expect(tag(html, 'span').attrs.class).toContain('text-emerald-800');
  });
});

describe('Card', () => {
  it('is a region labelled by its heading at the requested level', () => {
    const html = renderToStaticMarkup(
      <Card title="API keys" headingLevel={3}>
        body
      </Card>,
    );
    const section = tag(html, 'section');
    expect(section.attrs['aria-labelledby']).toBeTruthy();
    expect(tag(html, 'h3').attrs.id).toBe(section.attrs['aria-labelledby']);
    expect(textById(html, section.attrs['aria-labelledby']!)).toBe('API keys');
  });

  it('is not labelled when it has no title', () => {
    expect(
      tag(renderToStaticMarkup(<Card>body</Card>), 'section').attrs['aria-labelledby'],
    ).toBeUndefined();
  });
});

describe('RadioCardGroup', () => {
  it('groups native radios under a legend and ties the error to each choice', () => {
    const html = renderToStaticMarkup(
      <RadioCardGroup
        name="kind"
        legend="Kind"
        defaultValue="lab"
        error="Choose a kind."
        options={[
          { value: 'creator', label: 'Creator studio', description: 'You license footage.' },
          { value: 'lab', label: 'Lab', description: 'You license datasets.' },
        ]}
      />,
    );
    expect(html).toMatch(/<legend[^>]*>Kind/);
    const radios = tags(html, 'input');
    expect(radios.map((radio) => radio.attrs.value)).toEqual(['creator', 'lab']);
    expect(
      radios.every((radio) => radio.attrs.name === 'kind' && radio.attrs.type === 'radio'),
    ).toBe(true);
    expect(radios[1]!.attrs.checked).toBeDefined();
    expect(radios[0]!.attrs.checked).toBeUndefined();
    expect(radios.every((radio) => radio.attrs['aria-invalid'] === 'true')).toBe(true);
    expect(textById(html, radios[0]!.attrs['aria-describedby']!)).toBe('You license footage.');
    // Named by the label alone, so "Lab" is announced as "Lab", not "Lab You license datasets."
    expect(textById(html, radios[1]!.attrs['aria-labelledby']!)).toBe('Lab');
    expect(textById(html, tag(html, 'fieldset').attrs['aria-describedby']!)).toBe(
      'Error: Choose a kind.',
    );
    for (const radio of radios) expect(html).toContain(`for="${radio.attrs.id}"`);
  });
});

describe('PageLayout', () => {
  it('starts with a skip link to the single main landmark', () => {
    const html = renderToStaticMarkup(
      <PageLayout
        brand={<a href="/">Clearframe</a>}
        nav={<a href="/x">X</a>}
        navLabel="Primary"
        footer="f"
      >
        <PageHeader title="Sign in" description="Welcome back." />
      </PageLayout>,
    );
    const links = tags(html, 'a');
    expect(links[0]!.attrs.href).toBe('#main');
    expect(html.indexOf('Skip to content')).toBeLessThan(html.indexOf('Clearframe'));
    expect(tag(html, 'main').attrs.id).toBe('main');
    expect(tag(html, 'nav').attrs['aria-label']).toBe('Primary');
    expect(tags(html, 'h1')).toHaveLength(1);
    expect(tag(html, 'footer')).toBeTruthy();
  });

  it('puts the switcher in the header, on its own row on phones', () => {
    const html = renderToStaticMarkup(
      <PageLayout brand="Clearframe" switcher={<select aria-label="Organization" />} actions="a">
        x
      </PageLayout>,
    );
    const header = html.slice(html.indexOf('<header'), html.indexOf('</header>'));
    expect(header).toMatch(
      /<div class="[^"]*order-last w-full[^"]*"><select aria-label="Organization">/,
    );
  });

  it('omits the nav landmark when there is no navigation', () => {
    const html = renderToStaticMarkup(<PageLayout brand="Clearframe">x</PageLayout>);
    expect(tags(html, 'nav')).toHaveLength(0);
  });
});

describe('navigation', () => {
  it('labels the tab landmark and distinguishes the current link', () => {
    const html = renderToStaticMarkup(
      <TabNav label="Organization settings">
        <li>
          <a href="/a">A</a>
        </li>
      </TabNav>,
    );
    expect(tag(html, 'nav').attrs['aria-label']).toBe('Organization settings');
    expect(navLinkClasses(true)).not.toBe(navLinkClasses(false));
    expect(tabLinkClasses(true)).toContain('border-indigo-700');
    expect(tabLinkClasses(false)).toContain('border-transparent');
  });
});

describe('DescriptionList', () => {
  it('pairs terms and details', () => {
    const html = renderToStaticMarkup(
      <DescriptionList items={[{ term: 'Email', detail: 'a@example.com' }]} />,
    );
    expect(html).toMatch(/<dt[^>]*>Email<\/dt><dd[^>]*>a@example.com<\/dd>/);
  });
});
