import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ClipPolicy } from '@clearframe/contracts/license';
import { SetClipPolicy } from '@clearframe/contracts/supply';
import { Option, type Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { clientFor, resolveLogin } from '../config/credentials.js';
import { EXIT, UsageError, type ExitCode } from '../exit-codes.js';
import type { PolicyToApply } from '../upload/file.uploader.js';
import { scanFolder } from '../upload/folder.scan.js';
import {
  PlainProgress,
  TerminalProgress,
  type ProgressReporter,
} from '../upload/progress.reporter.js';
import { readSidecar, type Sidecar } from '../upload/sidecar.parser.js';
import { STATE_FILE_NAME, UploadStateFile } from '../upload/state.file.js';
import { summaryJson, summaryTable } from '../upload/summary.table.js';
import type { FileOutcome } from '../upload/upload.outcome.js';
import { runUpload } from '../upload/upload.runner.js';
import { formatBytes } from '../util/format.js';
import { parseRate } from '../util/rate.limiter.js';
import { identifyKey } from './login.command.js';

export interface UploadOptions {
  meta?: string;
  policy?: string;
  concurrency: number;
  maxRate?: string;
  json?: boolean;
  dryRun?: boolean;
}

/** The exit status for a run's outcomes: 130 after Ctrl-C, 1 if any file failed, else 0. */
export function exitCodeFor(outcomes: readonly FileOutcome[], interrupted: boolean): ExitCode {
  if (interrupted || outcomes.some((o) => o.state === 'interrupted')) return EXIT.interrupted;
  if (outcomes.some((o) => o.state === 'failed' || o.error !== null)) return EXIT.someFailed;
  return EXIT.ok;
}

/** `--concurrency`: a whole number of parts in flight, 1 to 32. */
export function parseConcurrency(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < 1 || value > 32)
    throw new UsageError(`--concurrency: give a whole number from 1 to 32, not "${text}".`);
  return value;
}

/**
 * Reads `--policy`: a contracts ClipPolicy (`"schema": "clearframe.policy/1"`), or the body the
 * clips API takes (`{"policy": …}` or `{"templateId": "training-standard", "ratePerMinute": …}`),
 * refused with the path of each mistake before anything is sent.
 */
export async function readPolicy(file: string): Promise<PolicyToApply> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT' ? `${file}: no such file.` : `${file} cannot be read (${code}).`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON (${(error as Error).message}).`);
  }
  const [whole, template] = SetClipPolicy.options;
  const asTemplate = json !== null && typeof json === 'object' && 'templateId' in json;
  const parsed = asTemplate
    ? template.safeParse(json)
    : json !== null && typeof json === 'object' && 'policy' in json
      ? whole.safeParse(json)
      : ClipPolicy.safeParse(json);
  if (!parsed.success)
    throw new UsageError(
      `${file} is not a clip policy (${asTemplate ? 'a template and a rate' : 'clearframe.policy/1'}):\n${parsed.error.issues
        .slice(0, 20)
        .map((issue) => `  ${issue.path.join('.') || '(document)'}: ${issue.message}`)
        .join('\n')}`,
    );
  const body = 'schema' in parsed.data ? { policy: parsed.data } : parsed.data;
  // The hash of what is sent, so a rerun with the same policy does not make a new version.
  return {
    document: body,
    sha256: createHash('sha256').update(JSON.stringify(body)).digest('hex'),
  };
}

export function registerUpload(
  program: Command,
  io: CliIo,
  setExit: (code: ExitCode) => void,
): void {
  program
    .command('upload')
    .description('Upload every video file of a folder, resumably, with descriptions from a sidecar')
    .argument('<folder>', 'the folder of video files (its own files; subfolders are skipped)')
    .option('--meta <file>', 'sidecar with each file’s description: .csv or .json (see below)')
    .option(
      '--policy <file>',
      'a clip policy to set on every clip: clearframe.policy/1 JSON, or {"templateId", "ratePerMinute"}',
    )
    .addOption(
      new Option('--concurrency <n>', 'parts sent at once across all files (1–32)')
        .argParser(parseConcurrency)
        .default(4),
    )
    .option('--max-rate <rate>', 'cap the upload rate, e.g. 500K, 16M, 1G (bytes per second)')
    .option('--json', 'print the summary as JSON on stdout')
    .option(
      '--dry-run',
      'check the folder, sidecar and policy and list what would be sent; send nothing',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ clearframe upload ./footage --meta footage.csv
  $ clearframe upload ./footage --meta footage.json --policy policy.json --concurrency 8
  $ clearframe upload ./footage --json > result.json     # progress on stderr, result on stdout

Accepted files: .mp4 .mov .m4v .mkv .webm .avi .mxf; everything else is listed as skipped.

Sidecar CSV: a header row, then one row per file (tags and people separated by ";"):
  file,title,description,tags,category,captions,camera_motion,setting,time_of_day,country,people
  beach.mp4,Beach at dawn,Waves on sand,sea;waves,nature,Slow waves,static,outdoor,dawn,PT,none
Sidecar JSON: {"beach.mp4": {"title": "Beach at dawn", "tags": ["sea", "waves"], "people": []}}
Full format: apps/cli/README.md.

Resuming: progress is kept in <folder>/${STATE_FILE_NAME}. Run the same command again after
Ctrl-C, a crash or a lost connection: finished files are not sent again, and the others send
only the parts storage does not hold yet.

Exit status: 0 every file uploaded, 1 some file failed, 2 usage error, 130 interrupted.`,
    )
    .action(async (folderArg: string, options: UploadOptions) => {
      setExit(await upload(io, folderArg, options));
    });
}

async function upload(io: CliIo, folderArg: string, options: UploadOptions): Promise<ExitCode> {
  const concurrency = options.concurrency;
  const maxRate = options.maxRate === undefined ? null : parseRate(options.maxRate);
  if (options.maxRate !== undefined && maxRate === null)
    throw new UsageError(
      `--max-rate: give bytes per second such as 500K, 16M or 1G, not "${options.maxRate}".`,
    );
  const folder = path.resolve(folderArg);
  const { files, skipped } = await scanFolder(folder);
  const sidecar: Sidecar | null = options.meta ? await readSidecar(options.meta) : null;
  const policy = options.policy ? await readPolicy(options.policy) : null;

  const warnings: string[] = [];
  if (sidecar) {
    const names = new Set(files.map((file) => file.name));
    for (const entry of sidecar.values())
      if (!names.has(entry.fileName))
        warnings.push(
          `The sidecar describes ${entry.fileName} (${entry.where}), which is not a video file in ${folder}.`,
        );
    for (const file of files)
      if (!sidecar.has(file.name))
        warnings.push(
          `${file.name} has no row in the sidecar: it is uploaded without a description.`,
        );
    for (const entry of sidecar.values())
      if (entry.people && entry.people.length > 0 && names.has(entry.fileName))
        warnings.push(
          `${entry.fileName} shows ${entry.people.join(', ')}: add each person's release in the studio before submitting the clip.`,
        );
  }
  for (const warning of warnings) io.stderr.write(`warning: ${warning}\n`);

  if (options.dryRun) {
    io.stdout.write(
      options.json
        ? `${JSON.stringify({ files: files.map((f) => ({ file: f.name, sizeBytes: f.sizeBytes, clip: sidecar?.get(f.name)?.clip ?? null })), skipped: skipped.map((s) => ({ file: s.name, reason: s.reason })), warnings }, null, 2)}\n`
        : `${files
            .map((f) => `would upload ${f.name} (${formatBytes(f.sizeBytes)})`)
            .concat(skipped.map((s) => `skipped ${s.name}: ${s.reason}`))
            .join('\n')}\n`,
    );
    return EXIT.ok;
  }
  if (files.length === 0) {
    io.stderr.write(`No video files in ${folder}.\n`);
    if (options.json)
      io.stdout.write(
        summaryJson(
          [],
          skipped.map((s) => ({ file: s.name, reason: s.reason })),
          warnings,
        ),
      );
    return EXIT.ok;
  }

  const login = await resolveLogin(io.env);
  let progress: ProgressReporter | null = null;
  const api = clientFor(login, {
    onRetry: (error, attempt, delayMs) =>
      progress?.log(
        `API: ${(error as Error).message}; retry ${attempt} in ${(delayMs / 1000).toFixed(1)} s`,
      ),
  });
  const who = await identifyKey(api, io.interrupt);
  if (who.org.kind !== 'creator')
    throw new UsageError(
      `${who.org.name} is a ${who.org.kind} organization; uploads belong to creator organizations. Log in with a creator organization's key.`,
    );
  // Refuse before sending anything what the key will be refused later (old servers list no scopes).
  if (who.scopes && !who.scopes.includes('uploads:write'))
    throw new UsageError(
      `The key “${who.keyName}” cannot upload (it lacks the uploads:write scope). Create a key with uploads:write and log in with it.`,
    );
  const describes =
    policy !== null || [...(sidecar?.values() ?? [])].some((e) => e.people !== null);
  if (who.scopes && describes && !who.scopes.includes('clips:write'))
    throw new UsageError(
      `The key “${who.keyName}” cannot set ${policy ? 'policies' : 'the people in clips'} (it lacks the clips:write scope). Use a key with uploads:write and clips:write, or leave out ${policy ? '--policy' : 'the sidecar’s people column'}.`,
    );
  const state = await UploadStateFile.open(folder, { apiUrl: login.apiUrl, orgId: who.org.id });

  io.stderr.write(
    `Uploading ${files.length} file${files.length === 1 ? '' : 's'} (${formatBytes(files.reduce((sum, f) => sum + f.sizeBytes, 0))}) to ${who.org.name}\n`,
  );
  progress =
    io.stderr.isTTY && io.env.TERM !== 'dumb'
      ? new TerminalProgress(
          io.stderr as NodeJS.WriteStream,
          files.map((f) => f.name),
        )
      : new PlainProgress(io.stderr);
  const onInterrupt = () =>
    progress?.log('Stopping once the state file is written… (Ctrl-C again to quit now)');
  io.interrupt.addEventListener('abort', onInterrupt, { once: true });
  let outcomes: FileOutcome[];
  try {
    outcomes = await runUpload({
      api,
      orgId: who.org.id,
      files,
      sidecar,
      policy,
      state,
      progress,
      concurrency,
      maxBytesPerSecond: maxRate,
      signal: io.interrupt,
    });
  } finally {
    io.interrupt.removeEventListener('abort', onInterrupt);
    progress.stop();
  }
  await state.save();
  for (const outcome of outcomes)
    for (const warning of outcome.warnings)
      io.stderr.write(`warning: ${outcome.file}: ${warning}\n`);
  const skippedOut = skipped.map((s) => ({ file: s.name, reason: s.reason }));
  io.stdout.write(
    options.json
      ? summaryJson(outcomes, skippedOut, [
          ...warnings,
          ...outcomes.flatMap((o) => o.warnings.map((w) => `${o.file}: ${w}`)),
        ])
      : summaryTable(outcomes, skippedOut),
  );
  const code = exitCodeFor(outcomes, io.interrupt.aborted);
  if (code === EXIT.interrupted)
    io.stderr.write(
      `Interrupted. Run the same command again to resume (progress is in ${state.file}).\n`,
    );
  return code;
}
