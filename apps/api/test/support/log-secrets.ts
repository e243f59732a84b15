import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@jest/globals';

/**
 * Every e2e test app writes its logs (at `trace`, the most verbose level) to its own file under
 * the run's log directory, and records next to it every secret and personal value the test
 * created: passwords it sent, tokens and keys the API returned, links the outbox carried, and
 * the hashes and emails in the database at the end. After the whole run, the global teardown
 * (log-scan.ts) looks for each of those values in every log line of every file.
 */

export const LOG_DIR_ENV = 'CLEARFRAME_TEST_LOG_DIR';

export interface RecordedSecret {
  kind: string;
  value: string;
}

let appSequence = 0;

/** The log file for the next test app of this test file, or undefined outside a scanned run. */
export function nextLogFile(): string | undefined {
  const dir = process.env[LOG_DIR_ENV];
  if (!dir) return undefined;
  const testFile = path.basename(expect.getState().testPath ?? 'unknown');
  return path.join(dir, `${testFile}.${process.pid}.${++appSequence}.log`);
}

/** Collects the secrets one test app's run creates, and writes them beside its log file. */
export class SecretRecorder {
  private readonly secrets = new Map<string, string>();

  add(kind: string, value: unknown, minLength = 10): void {
    if (typeof value !== 'string' || value.length < minLength) return;
    this.secrets.set(value, kind);
    // A value may also reach a log URL-encoded (an email in a query string, a token in a path).
    const encoded = encodeURIComponent(value);
    if (encoded !== value) this.secrets.set(encoded, `${kind} (URL-encoded)`);
  }

  /** Passwords a test sends in a request body (sign-up, sign-in, reset). */
  fromRequestBody(body: unknown): void {
    walk(body, (key, value) => {
      // Fewer than 4 distinct characters is no one's password (the Password rule refuses it), and
      // the fuzzer's "aaaa…" would otherwise match every other run of a's in the logs.
      if (/password/i.test(key) && new Set(String(value)).size >= 4)
        this.add('password sent', value);
    });
  }

  /** Session tokens, API key secrets and links the API answers with. */
  fromResponseBody(body: unknown): void {
    walk(body, (key, value) => {
      if (/token|secret/i.test(key)) this.add(`returned ${key}`, value, 16);
      if (/url|link/i.test(key) && typeof value === 'string') this.addLink(value);
    });
  }

  /** A link that carries a token (verify, reset, invitation); plain links are not secrets. */
  addLink(link: string): void {
    if (!/[?&]token=|\/cf[a-z]_/.test(link)) return;
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      return;
    }
    this.add('mailed link', link);
    const token =
      url.searchParams.get('token') ?? decodeURIComponent(url.pathname.split('/').pop()!);
    this.add('link token', token, 16);
  }

  addHash(kind: string, hash: unknown): void {
    this.add(kind, hash);
    // argon2 PHC strings: the digest alone is enough to attack the password offline.
    if (typeof hash === 'string' && hash.startsWith('$argon2')) {
      this.add(`${kind} (digest)`, hash.split('$').pop(), 20);
    }
  }

  write(logFile: string): void {
    const list: RecordedSecret[] = [...this.secrets].map(([value, kind]) => ({ kind, value }));
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    fs.writeFileSync(`${logFile}.secrets.json`, JSON.stringify(list));
  }
}

function walk(value: unknown, visit: (key: string, value: unknown) => void, depth = 0): void {
  if (!value || typeof value !== 'object' || depth > 10) return;
  for (const [key, item] of Object.entries(value)) {
    visit(key, item);
    walk(item, visit, depth + 1);
  }
}
