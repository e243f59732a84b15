import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { UsageError } from '../exit-codes.js';
import { configDir, deleteConfig, readConfig, requireConfig, writeConfig } from './config.store.js';
import { resolveLogin } from './credentials.js';

describe('configDir', () => {
  it('follows CLEARFRAME_CONFIG_DIR, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(
      configDir({ CLEARFRAME_CONFIG_DIR: '/tmp/cf', XDG_CONFIG_HOME: '/x', HOME: '/home/ana' }),
    ).toBe('/tmp/cf');
    expect(configDir({ XDG_CONFIG_HOME: '/x', HOME: '/home/ana' })).toBe('/x/clearframe');
    expect(configDir({ HOME: '/home/ana' })).toBe('/home/ana/.config/clearframe');
  });

  it('ignores a relative XDG_CONFIG_HOME, as the XDG spec says', () => {
    expect(configDir({ XDG_CONFIG_HOME: 'relative/dir', HOME: '/home/ana' })).toBe(
      '/home/ana/.config/clearframe',
    );
  });
});

describe('the stored login', () => {
  async function env(): Promise<NodeJS.ProcessEnv> {
    return { XDG_CONFIG_HOME: await mkdtemp(path.join(tmpdir(), 'clearframe-config-')) };
  }

  it('is written to $XDG_CONFIG_HOME/clearframe/config.json, readable by its owner only, and read back', async () => {
    const e = await env();
    const file = await writeConfig(e, { apiUrl: 'http://127.0.0.1:4000', key: 'cf_live_secret' });
    expect(file).toBe(path.join(e.XDG_CONFIG_HOME!, 'clearframe', 'config.json'));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      apiUrl: 'http://127.0.0.1:4000',
      key: 'cf_live_secret',
    });
    expect(await readConfig(e)).toEqual({ apiUrl: 'http://127.0.0.1:4000', key: 'cf_live_secret' });
  });

  it('keeps 0600 when it replaces a file someone made readable by all', async () => {
    const e = await env();
    const file = await writeConfig(e, { apiUrl: 'http://127.0.0.1:4000', key: 'one' });
    await writeFile(file, '{}', { mode: 0o644 });
    await writeConfig(e, { apiUrl: 'http://127.0.0.1:4000', key: 'two' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('is null when there is none, and a usage error for commands that need it', async () => {
    const e = await env();
    expect(await readConfig(e)).toBeNull();
    await expect(requireConfig(e)).rejects.toThrow(
      new UsageError('Not logged in. Run `clearframe login` first.'),
    );
  });

  it('refuses a file that is not a login, naming it', async () => {
    const e = await env();
    const file = await writeConfig(e, { apiUrl: 'http://127.0.0.1:4000', key: 'k' });
    await writeFile(file, '{"apiUrl": "ftp://x", "key": ""}');
    await expect(readConfig(e)).rejects.toThrow(
      `${file} is not a clearframe login (apiUrl: Invalid URL; key: Too small: expected string to have >=1 characters). Run \`clearframe login\` again to replace it.`,
    );
    await writeFile(file, 'not json');
    await expect(readConfig(e)).rejects.toThrow(
      `${file} is not JSON. Run \`clearframe login\` again to replace it.`,
    );
  });

  it('is forgotten by deleteConfig, which says whether there was one', async () => {
    const e = await env();
    await writeConfig(e, { apiUrl: 'http://127.0.0.1:4000', key: 'k' });
    expect(await deleteConfig(e)).toBe(true);
    expect(await deleteConfig(e)).toBe(false);
    expect(await readConfig(e)).toBeNull();
  });

  it('gives way to CLEARFRAME_API_KEY and CLEARFRAME_API_URL', async () => {
    const e = await env();
    await writeConfig(e, { apiUrl: 'http://stored:4000', key: 'stored-key' });
    expect(await resolveLogin(e)).toEqual({ apiUrl: 'http://stored:4000', key: 'stored-key' });
    expect(await resolveLogin({ ...e, CLEARFRAME_API_KEY: 'env-key' })).toEqual({
      apiUrl: 'http://stored:4000',
      key: 'env-key',
    });
    expect(
      await resolveLogin({
        ...e,
        CLEARFRAME_API_KEY: 'env-key',
        CLEARFRAME_API_URL: 'http://env:1',
      }),
    ).toEqual({ apiUrl: 'http://env:1', key: 'env-key' });
    expect(await resolveLogin({ ...(await env()), CLEARFRAME_API_KEY: 'env-key' })).toEqual({
      apiUrl: 'http://127.0.0.1:4000',
      key: 'env-key',
    });
  });
});
