// A minimal reader for the static markup the specs render. The markup comes from React's own
// serializer (double-quoted attributes, escaped values), so a tag-level scan is reliable
// enough and avoids pulling a DOM implementation into a package that does not need one.

export interface Tag {
  name: string;
  attrs: Record<string, string>;
}

const decode = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Every opening tag named `name`, in document order. */
export function tags(html: string, name: string): Tag[] {
  const pattern = new RegExp(`<${name}(\\s[^>]*)?>`, 'g');
  return [...html.matchAll(pattern)].map((match) => {
    const attrs: Record<string, string> = {};
    for (const attr of (match[1] ?? '').matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) {
      attrs[attr[1]!] = decode(attr[2] ?? '');
    }
    return { name, attrs };
  });
}

/** The single opening tag named `name`; fails the test when there is not exactly one. */
export function tag(html: string, name: string): Tag {
  const found = tags(html, name);
  if (found.length !== 1)
    throw new Error(`expected one <${name}>, found ${found.length} in ${html}`);
  return found[0]!;
}

/** Text content (tags stripped) of the element with the given id. */
export function textById(html: string, id: string): string {
  const open = new RegExp(`<(\\w+)[^>]*\\sid="${id.replace(/[-:]/g, '\\$&')}"[^>]*>`).exec(html);
  if (!open) throw new Error(`no element with id "${id}" in ${html}`);
  const start = open.index + open[0].length;
  const close = html.indexOf(`</${open[1]}>`, start);
  return decode(html.slice(start, close).replace(/<[^>]+>/g, ''));
}
