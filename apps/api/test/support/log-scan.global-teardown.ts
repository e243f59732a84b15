import fs from 'node:fs';
import path from 'node:path';
// Jest loads global setup/teardown without the test module mapping: node built-ins and type
// imports only.
import type { RecordedSecret } from './log-secrets.js';

export interface LogFinding {
  kind: string;
  /** The first characters of the value, enough to recognise it, not to use it. */
  hint: string;
  file: string;
  line: number;
}

export interface LogScan {
  files: number;
  lines: number;
  secrets: number;
  findings: LogFinding[];
}

/**
 * Looks for every secret recorded by any test app of the run in every log line of every test
 * app: a secret one file created must not show up in another file's logs either.
 */
export function scanLogDir(dir: string): LogScan {
  const entries = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const secrets = new Map<string, string>();
  for (const name of entries.filter((n) => n.endsWith('.secrets.json'))) {
    const list = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as RecordedSecret[];
    for (const { kind, value } of list) secrets.set(value, kind);
  }
  const scan: LogScan = { files: 0, lines: 0, secrets: secrets.size, findings: [] };
  for (const name of entries.filter((n) => n.endsWith('.log')).sort()) {
    scan.files += 1;
    const lines = fs.readFileSync(path.join(dir, name), 'utf8').split('\n');
    lines.forEach((text, index) => {
      if (!text) return;
      scan.lines += 1;
      for (const [value, kind] of secrets) {
        if (text.includes(value)) {
          scan.findings.push({ kind, hint: `${value.slice(0, 6)}…`, file: name, line: index + 1 });
        }
      }
    });
  }
  return scan;
}

export function describeFindings(findings: LogFinding[]): string {
  return findings.map((f) => `  ${f.kind} (${f.hint}) in ${f.file}:${f.line}`).join('\n');
}

/**
 * Runs once after every test file (in every worker) has finished: fails the run if any log line
 * of any test app contains a secret or an email that any test app created. The logs are kept
 * when it fails, so the lines can be read.
 */
export default function globalTeardown(): void {
  const dir = process.env.CLEARFRAME_TEST_LOG_DIR;
  if (!dir) return;
  const scan = scanLogDir(dir);
  if (scan.findings.length > 0) {
    throw new Error(
      `Secrets reached the logs (${scan.findings.length} occurrences; logs kept in ${dir}):\n` +
        describeFindings(scan.findings),
    );
  }
  process.stdout.write(
    `\nLog scan: ${scan.lines} lines in ${scan.files} log files, ${scan.secrets} recorded secrets, none found.\n`,
  );
  if (!process.env.KEEP_TEST_LOGS) fs.rmSync(dir, { recursive: true, force: true });
}
