import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { API_KEY_VARIABLE, whoamiCurl } from './api-examples';

// The examples are checked the way a person uses them: a real POSIX shell splits the command
// into words (printf prints one per line), so quoting mistakes or a cut ("…") show up here.
function shellWords(command: string, env: Record<string, string> = {}): string[] {
  const out = execFileSync(
    'sh',
    ['-c', `set -- ${command.replace(/^curl /, '')}; printf '%s\\n' "$@"`],
    {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      encoding: 'utf8',
    },
  );
  return out.split('\n').slice(0, -1);
}

const SECRET = 'cf_live_Ab3dEf9h_x-Y_z0123456789abcdefghijklmnop';

describe('whoamiCurl', () => {
  it('puts the whole new key and the whoami URL in a command a shell reads back intact', () => {
    const command = whoamiCurl('https://api.clearframe.example', SECRET);
    expect(command.startsWith('curl ')).toBe(true);
    expect(command).not.toContain('…');
    expect(shellWords(command)).toEqual([
      '-H',
      `Authorization: Bearer ${SECRET}`,
      'https://api.clearframe.example/v1/auth/whoami',
    ]);
  });

  it('reads the key from an environment variable when the web does not have it', () => {
    const command = whoamiCurl('http://127.0.0.1:4000/');
    expect(command).not.toContain('…');
    expect(shellWords(command, { [API_KEY_VARIABLE]: SECRET })).toEqual([
      '-H',
      `Authorization: Bearer ${SECRET}`,
      'http://127.0.0.1:4000/v1/auth/whoami',
    ]);
  });

  it('keeps an API behind a path prefix and survives shell metacharacters in the key', () => {
    const odd = "it's $HOME `x`";
    expect(shellWords(whoamiCurl('https://example.org/api', odd))).toEqual([
      '-H',
      `Authorization: Bearer ${odd}`,
      'https://example.org/api/v1/auth/whoami',
    ]);
  });
});
