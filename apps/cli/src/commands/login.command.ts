import type { Command } from 'commander';
import { ApiClient } from '../api/api.client.js';
import { ApiProblemError } from '../api/api.errors.js';
import type { WhoAmIAnswerType } from '../api/api.responses.js';
import type { CliIo } from '../cli-io.js';
import {
  DEFAULT_API_URL,
  deleteConfig,
  readConfig,
  writeConfig,
  CliConfig,
} from '../config/config.store.js';
import { clientFor, resolveLogin } from '../config/credentials.js';
import { EXIT, UsageError, type ExitCode } from '../exit-codes.js';
import { readSecret } from '../util/secret.prompt.js';

type KeyIdentity = Extract<WhoAmIAnswerType, { type: 'api_key' }>;

const LOGIN_RETRY = { attempts: 3, baseDelayMs: 300, maxDelayMs: 2_000 };

/** Asks the API who `key` is; refuses anything that is not an organization's API key. */
export async function identifyKey(api: ApiClient, signal?: AbortSignal): Promise<KeyIdentity> {
  let who: WhoAmIAnswerType;
  try {
    who = await api.whoami(signal);
  } catch (error) {
    if (error instanceof ApiProblemError && error.status === 401)
      throw new LoginRefused(`The API at ${api.apiUrl} refused the key: ${error.message}`);
    throw error;
  }
  if (who.type !== 'api_key')
    throw new LoginRefused(
      'That is a signed-in session, not an API key. Create a key in your organization’s settings and log in with it.',
    );
  return who;
}

/** The key was checked and refused (exit 1: the request was fine, the credential is not). */
export class LoginRefused extends Error {
  override readonly name = 'LoginRefused';
}

export function describeKey(who: KeyIdentity, apiUrl: string): string {
  const scopes = who.scopes
    ? ` Scopes: ${who.scopes.length > 0 ? who.scopes.join(', ') : 'none'}.`
    : '';
  return `${who.org.name} (${who.org.kind} organization ${who.org.id}) at ${apiUrl}, key “${who.keyName}”.${scopes}`;
}

export function registerLogin(
  program: Command,
  io: CliIo,
  setExit: (code: ExitCode) => void,
): void {
  program
    .command('login')
    .description(
      'Store an organization API key in your config directory, after checking it with the API',
    )
    .option(
      '--api-url <url>',
      `the Clearframe API (default: the stored one, else ${DEFAULT_API_URL})`,
    )
    .option(
      '--key <key>',
      'the API key (visible in your shell history and process list: prefer stdin or the prompt)',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ clearframe login                                   # asks for the key without echoing it
  $ clearframe login --api-url https://api.example.org < key.txt
  $ printenv CLEARFRAME_KEY | clearframe login

The key is kept in $XDG_CONFIG_HOME/clearframe/config.json (~/.config/clearframe/config.json),
readable only by you; CLEARFRAME_CONFIG_DIR chooses another directory.`,
    )
    .action(async (options: { apiUrl?: string; key?: string }) => {
      const stored = await readConfig(io.env).catch(() => null);
      const apiUrl = (options.apiUrl ?? stored?.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, '');
      if (!CliConfig.shape.apiUrl.safeParse(apiUrl).success)
        throw new UsageError(
          `--api-url: give an http(s) URL such as ${DEFAULT_API_URL}, not "${apiUrl}".`,
        );
      const key =
        options.key ??
        (await readSecret(io.stdin, io.stderr, 'Paste your API key: ', io.interrupt));
      if (!key) throw new UsageError('No API key given (use --key, stdin or the prompt).');
      // A person is waiting at the prompt: a few quick tries, not the upload's two minutes.
      const api = new ApiClient({ apiUrl, key, retry: LOGIN_RETRY });
      const who = await identifyKey(api, io.interrupt);
      const file = await writeConfig(io.env, { apiUrl, key });
      io.stdout.write(`Logged in to ${describeKey(who, apiUrl)}\n`);
      if (who.scopes && !who.scopes.includes('uploads:write'))
        io.stderr.write(
          'Note: this key cannot upload (it lacks the uploads:write scope); `clearframe upload` will be refused.\n',
        );
      io.stderr.write(`Saved to ${file}\n`);
      setExit(EXIT.ok);
    });

  program
    .command('logout')
    .description('Forget the stored API key (it stays valid: revoke it in the web app)')
    .action(async () => {
      const removed = await deleteConfig(io.env);
      io.stdout.write(removed ? 'Logged out.\n' : 'Not logged in.\n');
      setExit(EXIT.ok);
    });

  program
    .command('whoami')
    .description('Show which organization and key the stored login calls the API as')
    .option('--json', 'print the API’s answer as JSON')
    .action(async (options: { json?: boolean }) => {
      const login = await resolveLogin(io.env);
      const who = await identifyKey(clientFor(login, { retry: LOGIN_RETRY }), io.interrupt);
      io.stdout.write(
        options.json
          ? `${JSON.stringify({ apiUrl: login.apiUrl, ...who }, null, 2)}\n`
          : `${describeKey(who, login.apiUrl)}\n`,
      );
      setExit(EXIT.ok);
    });
}
