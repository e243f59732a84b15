/** The environment variable the examples read a key from, so the key stays out of shell history. */
export const API_KEY_VARIABLE = 'CLEARFRAME_API_KEY';

/** Single-quotes a word for POSIX shells: nothing inside is expanded, a quote is closed and escaped. */
function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * A complete, pasteable curl command calling `whoami` on the API at `apiBaseUrl` (the public
 * address the web knows, without a trailing slash). With `secret` the key itself is in the
 * command (right after creating it, the one time the web has it); without, the command reads
 * the key from $CLEARFRAME_API_KEY.
 */
export function whoamiCurl(apiBaseUrl: string, secret?: string): string {
  const url = `${apiBaseUrl.replace(/\/+$/, '')}/v1/auth/whoami`;
  const header = secret
    ? shellQuote(`Authorization: Bearer ${secret}`)
    : `"Authorization: Bearer $${API_KEY_VARIABLE}"`;
  return `curl -H ${header} ${shellQuote(url)}`;
}
