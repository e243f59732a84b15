import { ApiClient, type ApiClientOptions } from '../api/api.client.js';
import { DEFAULT_API_URL, requireConfig, type CliConfigType } from './config.store.js';

/**
 * The login a command runs with: `CLEARFRAME_API_KEY` (and `CLEARFRAME_API_URL`) when set, for
 * CI and scripts that should not write a config file, else what `clearframe login` stored.
 */
export async function resolveLogin(env: NodeJS.ProcessEnv): Promise<CliConfigType> {
  const login = await fromEnvOrFile(env);
  // One spelling per API: the state file of a folder is keyed by it.
  return { ...login, apiUrl: login.apiUrl.replace(/\/+$/, '') };
}

async function fromEnvOrFile(env: NodeJS.ProcessEnv): Promise<CliConfigType> {
  if (env.CLEARFRAME_API_KEY) {
    const stored = env.CLEARFRAME_API_URL ? null : await requireConfig(env).catch(() => null);
    return {
      apiUrl: env.CLEARFRAME_API_URL ?? stored?.apiUrl ?? DEFAULT_API_URL,
      key: env.CLEARFRAME_API_KEY,
    };
  }
  const config = await requireConfig(env);
  return env.CLEARFRAME_API_URL ? { ...config, apiUrl: env.CLEARFRAME_API_URL } : config;
}

export function clientFor(
  login: CliConfigType,
  options: Omit<ApiClientOptions, 'apiUrl' | 'key'> = {},
): ApiClient {
  return new ApiClient({ apiUrl: login.apiUrl, key: login.key, ...options });
}
