import { z } from 'zod';

// Plain z.url() also accepts "localhost:4000" (scheme "localhost:"), a common slip.
const httpUrl = (message: string) => z.url({ protocol: /^https?$/, message });

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Where the web server reaches the API (server to server; may be an internal address). */
  API_URL: httpUrl('must be an http(s) URL such as http://127.0.0.1:4000').default(
    'http://127.0.0.1:4000',
  ),
  /** The API address people and their scripts use; shown next to lab API keys. Defaults to API_URL. */
  PUBLIC_API_URL: httpUrl(
    'must be an http(s) URL such as https://api.clearframe.example',
  ).optional(),
  PORT: z.coerce.number({ message: 'must be a port number' }).int().min(1).max(65535).default(3000),
});

export type Env = z.infer<typeof EnvSchema>;

/** Parses the environment; throws one message naming every invalid variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid environment for @clearframe/web: ${problems.join('; ')}`);
  }
  return result.data;
}

// Validated when the server bundle loads, so a bad variable stops `server.mjs` at boot
// instead of failing on the first request.
export const env = parseEnv(process.env);

/**
 * The only configuration that reaches the browser. Everything else (the internal API address,
 * anything secret added later) stays on the server.
 */
export function publicEnv() {
  return { PUBLIC_API_URL: (env.PUBLIC_API_URL ?? env.API_URL).replace(/\/$/, '') };
}
export type PublicEnv = ReturnType<typeof publicEnv>;
