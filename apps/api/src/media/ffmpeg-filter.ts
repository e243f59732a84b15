/**
 * Building ffmpeg filter graphs from values we do not control (a clip id, a font path). A filter
 * graph is parsed twice: the graph parser splits filters on `,` `;` and labels on `[` `]`, then
 * each filter parses its `key=value` options split on `:`. A value is escaped for the inner level
 * first (backslash before `\` `'` `:`), then the whole filter description for the outer level
 * (backslash before `\` `'` `[` `]` `,` `;`) — the two levels ffmpeg's filter documentation
 * describes. The arguments still travel as an array, so no shell quoting is involved.
 */

/** Escapes one option value for use inside a filter's `key=value:key=value` list. */
export function escapeOptionValue(value: string): string {
  return value.replace(/[\\':]/g, '\\$&');
}

/** Escapes one filter's description (`name=options`) for use inside a filter graph. */
export function escapeFilterDescription(description: string): string {
  return description.replace(/[\\'[\],;]/g, '\\$&');
}

/** `name=key=value:…` with every value escaped for both levels; values are kept in order. */
export function filter(name: string, options: Record<string, string | number> = {}): string {
  const list = Object.entries(options)
    .map(([key, value]) => `${key}=${escapeOptionValue(String(value))}`)
    .join(':');
  return escapeFilterDescription(list ? `${name}=${list}` : name);
}

/** A filter chain (`a,b,c`) of filters built with `filter`. */
export function chain(...filters: string[]): string {
  return filters.join(',');
}
