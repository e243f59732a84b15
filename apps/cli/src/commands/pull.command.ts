import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { ApiProblemError } from '../api/api.errors.js';
import type { ApiClient } from '../api/api.client.js';
import type { OrderAnswerType } from '../api/api.responses.js';
import type { CliIo } from '../cli-io.js';
import { clientFor, resolveLogin } from '../config/credentials.js';
import { EXIT, UsageError, type ExitCode } from '../exit-codes.js';
import {
  PlainPullProgress,
  TerminalPullProgress,
  type PullProgress,
} from '../pull/pull.progress.js';
import { runPull, type PullResult } from '../pull/pull.runner.js';
import { formatBytes } from '../util/format.js';
import { identifyKey } from './login.command.js';
import { parseConcurrency } from './upload.command.js';

export interface PullOptions {
  out: string;
  concurrency: number;
  json?: boolean;
}

/** The order cannot be pulled (unknown, not fulfilled): the call was fine, the order is not. Exits 1. */
export class PullRefused extends Error {
  override readonly name = 'PullRefused';
}

/** The `--json` document: what arrived, whether everything checked out, and every mismatch. */
export function pullJson(result: PullResult): string {
  return `${JSON.stringify(
    {
      orderId: result.orderId,
      outDir: result.outDir,
      files: result.files,
      bytes: result.bytes,
      downloaded: result.downloaded,
      present: result.present,
      verified: !result.interrupted && result.mismatches.length === 0,
      certificates: result.certificates.map((c) => ({
        certificateId: c.certificateId,
        status: c.status,
        clipCount: c.clipCount,
        verified: c.problems.length === 0,
      })),
      mismatches: result.mismatches,
      interrupted: result.interrupted,
    },
    null,
    2,
  )}\n`;
}

/** The summary for people: what arrived, the certificates, then one line per mismatch. */
export function pullSummary(result: PullResult): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines = [
    `Order ${result.orderId}: ${plural(result.files, 'file')} (${formatBytes(result.bytes)}) in ${result.outDir}: ${result.downloaded} downloaded, ${result.present} already there.`,
    `${plural(result.certificates.filter((c) => c.problems.length === 0).length, 'certificate')} of ${result.certificates.length} verified.`,
  ];
  if (result.mismatches.length > 0) {
    const count = result.mismatches.length;
    lines.push(`${count} mismatch${count === 1 ? '' : 'es'}:`);
    for (const m of result.mismatches)
      lines.push(
        'clipId' in m
          ? `  clip ${m.clipId}: ${m.problem}`
          : `  certificate ${m.certificateId}: ${m.problem}`,
      );
  }
  return `${lines.join('\n')}\n`;
}

export function registerPull(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  program
    .command('pull')
    .description(
      'Download a fulfilled order’s clips, resumably, and verify every file and certificate',
    )
    .argument('<order-id>', 'the order (its id, as the web app and the API show it)')
    .requiredOption('--out <dir>', 'the folder to download into (made if missing)')
    .addOption(
      new Option('--concurrency <n>', 'clips downloaded at once (1–32)')
        .argParser(parseConcurrency)
        .default(4),
    )
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ clearframe pull 3f0c9a4e-8d1b-4b7a-9e2f-1c5d7a9b0e42 --out ./dataset
  $ clearframe pull 3f0c9a4e-8d1b-4b7a-9e2f-1c5d7a9b0e42 --out ./dataset --concurrency 8
  $ clearframe pull 3f0c9a4e-8d1b-4b7a-9e2f-1c5d7a9b0e42 --out ./dataset --json > pull.json

What lands in <dir>:
  manifest.jsonl                 the order's manifest, one clip a line (without download URLs)
  clips/<clipId>.<ext>           each clip (the extension of the name it was uploaded under),
                                 kept only once its SHA-256 and size match the manifest
  certificates/<id>.jws, .json   each license certificate and its status as the API answered

Checked: every file's SHA-256 and size; every certificate's signature against the API's keys
(/.well-known/jwks.json), its status (valid, not revoked or expired), and the Merkle root of its
clips' SHA-256s in manifest order against the root and clip count it signs.

Resuming: run the same command again. Finished files are hashed, not fetched again; a partial
<file>.part is continued from its size (HTTP Range). Expired download URLs are replaced from a
fresh manifest.

Exit status: 0 everything arrived and verified, 1 some file or certificate did not (each is
listed), 2 usage error, 130 interrupted.`,
    )
    .action(async (orderId: string, options: PullOptions) => {
      setExit(await pull(io, orderId, options));
    });
}

/**
 * For an order that was fulfilled once (refunded, say): each certificate it granted that is no
 * longer valid, by the API's live status (the order's grant status when that cannot be read),
 * as sentences to append to the refusal. Files pulled before are no longer licensed.
 */
async function endedLicenses(
  api: ApiClient,
  order: OrderAnswerType,
  signal: AbortSignal,
): Promise<string> {
  const lines: string[] = [];
  for (const grant of order.grants) {
    let status = grant.status;
    let since: string | null | undefined = null;
    try {
      const answer = await api.certificateStatus(grant.certificateId, signal);
      [status, since] = [answer.status, answer.revokedAt];
    } catch (error) {
      if (signal.aborted) throw error;
    }
    if (status !== 'valid' && status !== 'active')
      lines.push(
        `\n  certificate ${grant.certificateId}: ${status}${since ? ` (since ${since})` : ''}; clips pulled under it are no longer licensed`,
      );
  }
  return lines.join('');
}

async function pull(io: CliIo, orderId: string, options: PullOptions): Promise<ExitCode> {
  if (!z.uuid().safeParse(orderId).success)
    throw new UsageError(`<order-id>: give the order's id (a UUID), not "${orderId}".`);
  const outDir = path.resolve(options.out);
  const existing = await stat(outDir).catch(() => null);
  if (existing && !existing.isDirectory())
    throw new UsageError(`--out: ${outDir} is a file, not a folder.`);

  const login = await resolveLogin(io.env);
  let progress: PullProgress | null = null;
  const api = clientFor(login, {
    onRetry: (error, attempt, delayMs) =>
      progress?.log(
        `API: ${(error as Error).message}; retry ${attempt} in ${(delayMs / 1000).toFixed(1)} s`,
      ),
  });
  const who = await identifyKey(api, io.interrupt);
  let order;
  try {
    order = await api.getOrder(who.org.id, orderId, io.interrupt);
  } catch (error) {
    if (error instanceof ApiProblemError && error.status === 404)
      throw new PullRefused(`${who.org.name} has no order ${orderId}: ${error.message}`);
    throw error;
  }
  if (order.status !== 'fulfilled')
    throw new PullRefused(
      `Order ${orderId} is ${order.status.replace(/_/g, ' ')}, not fulfilled: it has nothing to download${order.status === 'pending_payment' || order.status === 'paid' ? ' yet' : ''}.${await endedLicenses(api, order, io.interrupt)}`,
    );

  io.stderr.write(
    `Pulling order ${orderId}${order.name ? ` (${order.name})` : ''} into ${outDir}\n`,
  );
  progress =
    io.stderr.isTTY && io.env.TERM !== 'dumb'
      ? new TerminalPullProgress(io.stderr as NodeJS.WriteStream)
      : new PlainPullProgress(io.stderr);
  const onInterrupt = () => progress?.log('Stopping… (the .part files are kept for the next run)');
  io.interrupt.addEventListener('abort', onInterrupt, { once: true });
  let result: PullResult;
  try {
    result = await runPull({
      api,
      orgId: who.org.id,
      order,
      outDir,
      concurrency: options.concurrency,
      progress,
      signal: io.interrupt,
    });
  } catch (error) {
    if (error instanceof ApiProblemError && error.code === 'order_not_fulfilled')
      throw new PullRefused(`Order ${orderId} has no delivery: ${error.message}`);
    throw error;
  } finally {
    io.interrupt.removeEventListener('abort', onInterrupt);
    progress.stop();
  }
  io.stdout.write(options.json ? pullJson(result) : pullSummary(result));
  if (result.interrupted) {
    io.stderr.write('Interrupted. Run the same command again to resume.\n');
    return EXIT.interrupted;
  }
  return result.mismatches.length > 0 ? EXIT.someFailed : EXIT.ok;
}
