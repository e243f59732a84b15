import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { UsageError } from '../exit-codes.js';

/** Where `npm start` serves the API on a developer's machine. */
export const DEFAULT_API_URL = 'http://127.0.0.1:4000';

/** What `clearframe login` keeps: where the API is and the organization key that calls it. */
export const CliConfig = z.strictObject({
  apiUrl: z.url({ protocol: /^https?$/ }),
  key: z.string().min(1),
});
export type CliConfigType = z.infer<typeof CliConfig>;

/**
 * The user's config directory for clearframe, by the rule `gh` follows: `$CLEARFRAME_CONFIG_DIR`
 * when set (tests, several logins side by side), else `$XDG_CONFIG_HOME/clearframe`, else
 * `%APPDATA%\\clearframe` on Windows, else `~/.config/clearframe`.
 */
export function configDir(env: NodeJS.ProcessEnv): string {
  if (env.CLEARFRAME_CONFIG_DIR) return path.resolve(env.CLEARFRAME_CONFIG_DIR);
  // The XDG base directory spec: a relative value is invalid and must be ignored.
  if (env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME))
    return path.join(env.XDG_CONFIG_HOME, 'clearframe');
  if (process.platform === 'win32' && env.APPDATA) return path.join(env.APPDATA, 'clearframe');
  return path.join(env.HOME || homedir(), '.config', 'clearframe');
}

export function configPath(env: NodeJS.ProcessEnv): string {
  return path.join(configDir(env), 'config.json');
}

/** The stored login, or null when there is none. A file that is not ours is refused by name. */
export async function readConfig(env: NodeJS.ProcessEnv): Promise<CliConfigType | null> {
  const file = configPath(env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is not JSON. Run \`clearframe login\` again to replace it.`);
  }
  const parsed = CliConfig.safeParse(json);
  if (!parsed.success)
    throw new UsageError(
      `${file} is not a clearframe login (${parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')}). Run \`clearframe login\` again to replace it.`,
    );
  return parsed.data;
}

/** The stored login, or a usage error telling the person to log in. */
export async function requireConfig(env: NodeJS.ProcessEnv): Promise<CliConfigType> {
  const config = await readConfig(env);
  if (!config) throw new UsageError('Not logged in. Run `clearframe login` first.');
  return config;
}

/**
 * Writes the login readable by its owner only (0600, directory 0700): the key is a secret.
 * Written under a temporary name and renamed, so a crash never leaves half a file.
 */
export async function writeConfig(env: NodeJS.ProcessEnv, config: CliConfigType): Promise<string> {
  const dir = configDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'config.json');
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(CliConfig.parse(config), null, 2)}\n`, {
    mode: 0o600,
  });
  // writeFile's mode applies only when it creates the file; make sure of it either way.
  await chmod(temporary, 0o600);
  await rename(temporary, file);
  return file;
}

/** Forgets the login; true when there was one. */
export async function deleteConfig(env: NodeJS.ProcessEnv): Promise<boolean> {
  const file = configPath(env);
  try {
    await rm(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
