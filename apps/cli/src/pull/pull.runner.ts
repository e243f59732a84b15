import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ApiClient } from '../api/api.client.js';
import { ManifestLine, type ManifestLineType, type OrderAnswerType } from '../api/api.responses.js';
import type { RetryPolicy } from '../api/retry.js';
import { formatBytes } from '../util/format.js';
import { Semaphore } from '../util/semaphore.js';
import { CertificateClips, checkCertificate, type CertificateCheck } from './certificate.check.js';
import {
  clipFileName,
  ContentMismatch,
  DownloadRefused,
  downloadClip,
  type ClipTarget,
} from './clip.download.js';
import type { PullProgress } from './pull.progress.js';

/** One thing that is not as the order says, as `--json` lists it. */
export type Mismatch =
  { clipId: string; problem: string } | { certificateId: string; problem: string };

export interface PullResult {
  orderId: string;
  outDir: string;
  /** Clip files in `<out>/clips` whose SHA-256 and size are the manifest's. */
  files: number;
  bytes: number;
  downloaded: number;
  /** Finished files already there from an earlier run (hashed again, not fetched). */
  present: number;
  certificates: CertificateCheck[];
  mismatches: Mismatch[];
  interrupted: boolean;
}

export interface PullOptions {
  api: ApiClient;
  orgId: string;
  order: OrderAnswerType;
  outDir: string;
  /** Clip downloads at once. */
  concurrency: number;
  progress: PullProgress;
  signal: AbortSignal;
  retry?: RetryPolicy;
  /** Fresh manifests asked for when presigned URLs expire, before the clips are given up. */
  refreshRounds?: number;
}

/** The manifest broke off or is not one: the pull cannot go on (exit 1). */
export class ManifestUnreadable extends Error {
  override readonly name = 'ManifestUnreadable';
}

// The presigned URL and its expiry are secrets with a one-hour life: never written to disk.
const SECRET_FIELDS = new Set(['downloadUrl', 'downloadUrlExpiresAt']);

function parseLine(text: string, line: number): { entry: ManifestLineType; kept: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ManifestUnreadable(`Line ${line} of the manifest is not JSON.`);
  }
  const parsed = ManifestLine.safeParse(json);
  if (!parsed.success)
    throw new ManifestUnreadable(
      `Line ${line} of the manifest is not a manifest entry (${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}). Is the CLI older than the server?`,
    );
  const kept = Object.fromEntries(
    Object.entries(json as Record<string, unknown>).filter(([key]) => !SECRET_FIELDS.has(key)),
  );
  return { entry: parsed.data, kept: JSON.stringify(kept) };
}

/**
 * Pulls a fulfilled order into `outDir`: streams the manifest line by line (writing it, without
 * its URLs, to `manifest.jsonl`) and downloads each clip as its line arrives, `concurrency` at
 * a time, into `clips/`. Clips whose URL expired wait for a fresh manifest. Then every
 * certificate of the order is fetched into `certificates/` and checked. Resolves with what
 * arrived and every mismatch; throws only when the manifest itself cannot be read.
 */
export async function runPull(options: PullOptions): Promise<PullResult> {
  const { api, orgId, order, progress } = options;
  const clipsDir = path.join(options.outDir, 'clips');
  const certificatesDir = path.join(options.outDir, 'certificates');
  await mkdir(clipsDir, { recursive: true });
  await mkdir(certificatesDir, { recursive: true });

  const result: PullResult = {
    orderId: order.id,
    outDir: options.outDir,
    files: 0,
    bytes: 0,
    downloaded: 0,
    present: 0,
    certificates: [],
    mismatches: [],
    interrupted: false,
  };
  // Stops the downloads in flight when the pull cannot go on, as Ctrl-C does.
  const stop = new AbortController();
  const signal = AbortSignal.any([options.signal, stop.signal]);
  const slots = new Semaphore(options.concurrency);
  const inFlight = new Set<Promise<void>>();
  const onDisk = new Map<string, number>();
  const needFreshUrl = new Map<string, { target: ClipTarget; file: string }>();
  const clipIds = new Set<string>();
  const byCertificate = new Map<string, CertificateClips>();

  const fetchOne = async (target: ClipTarget, file: string): Promise<void> => {
    const { clipId } = target;
    try {
      const got = await downloadClip(target, path.join(clipsDir, file), {
        signal,
        retry: options.retry,
        onRetry: (error, attempt, delayMs) =>
          progress.log(
            `${clipId}: ${(error as Error).message}; retry ${attempt} in ${(delayMs / 1000).toFixed(1)} s`,
          ),
        onBytes: (bytes) => {
          progress.bytes(bytes - (onDisk.get(clipId) ?? 0));
          onDisk.set(clipId, bytes);
        },
      });
      result.files += 1;
      result.bytes += target.bytes;
      if (got.state === 'present') result.present += 1;
      else result.downloaded += 1;
      progress.ended(
        clipId,
        got.state === 'present'
          ? 'already there (verified)'
          : got.resumedFromBytes > 0
            ? `downloaded (resumed after ${formatBytes(got.resumedFromBytes)})`
            : 'downloaded',
      );
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof DownloadRefused && error.needsNewUrl) {
        // What arrived stays in the .part: the fresh URL resumes it.
        needFreshUrl.set(clipId, { target, file });
        return;
      }
      const problem =
        error instanceof ContentMismatch
          ? error.message
          : `download failed: ${(error as Error).message}`;
      result.mismatches.push({ clipId, problem });
      progress.ended(clipId, 'FAILED', problem);
    }
  };

  const start = async (target: ClipTarget, file: string): Promise<void> => {
    // Waiting here holds back the manifest's next line: at most `concurrency` clips in hand.
    const release = await slots.acquire(signal);
    const running: Promise<void> = fetchOne(target, file).finally(() => {
      release();
      inFlight.delete(running);
    });
    inFlight.add(running);
  };

  const drain = async () => {
    while (inFlight.size > 0) await Promise.all([...inFlight]);
  };

  const manifestFile = path.join(options.outDir, 'manifest.jsonl');
  try {
    const written = await open(`${manifestFile}.part`, 'w');
    try {
      let line = 0;
      for await (const text of api.orderManifestLines(orgId, order.id, signal)) {
        line += 1;
        if (!text.trim()) continue;
        const { entry, kept } = parseLine(text, line);
        await written.write(`${kept}\n`);
        let clips = byCertificate.get(entry.certificateId);
        if (!clips) byCertificate.set(entry.certificateId, (clips = new CertificateClips()));
        clips.add(entry.position, entry.sha256, entry.termsHash);
        // A clip under two certificates is one file.
        if (clipIds.has(entry.clipId)) continue;
        clipIds.add(entry.clipId);
        progress.queued(entry.bytes);
        await start(
          {
            clipId: entry.clipId,
            sha256: entry.sha256,
            bytes: entry.bytes,
            url: entry.downloadUrl,
          },
          clipFileName(entry.clipId, entry.fileName, entry.downloadUrl),
        );
      }
    } finally {
      await written.close();
    }
    await rename(`${manifestFile}.part`, manifestFile);
  } catch (error) {
    stop.abort(error);
    await drain();
    // Half a manifest is no record of the order; the next run writes it again.
    await rm(`${manifestFile}.part`, { force: true });
    if (options.signal.aborted) return { ...result, interrupted: true };
    throw error;
  }
  await drain();

  const rounds = options.refreshRounds ?? 3;
  for (let round = 1; needFreshUrl.size > 0 && round <= rounds && !signal.aborted; round += 1) {
    const waiting = new Map(needFreshUrl);
    needFreshUrl.clear();
    progress.log(
      `Storage refused ${waiting.size} download URL${waiting.size === 1 ? '' : 's'} (expired?); asking the API for a fresh manifest.`,
    );
    try {
      let line = 0;
      for await (const text of api.orderManifestLines(orgId, order.id, signal)) {
        line += 1;
        if (!text.trim()) continue;
        const { entry } = parseLine(text, line);
        const wanted = waiting.get(entry.clipId);
        if (!wanted) continue;
        waiting.delete(entry.clipId);
        await start({ ...wanted.target, url: entry.downloadUrl }, wanted.file);
      }
    } catch (error) {
      await drain();
      if (signal.aborted) break;
      for (const clipId of waiting.keys())
        result.mismatches.push({
          clipId,
          problem: `download failed: its URL expired and a fresh manifest could not be read (${(error as Error).message})`,
        });
      waiting.clear();
    }
    await drain();
    for (const clipId of waiting.keys()) {
      const problem = 'download failed: its URL expired and the fresh manifest no longer lists it';
      result.mismatches.push({ clipId, problem });
      progress.ended(clipId, 'FAILED', problem);
    }
  }
  if (signal.aborted) return { ...result, interrupted: true };
  for (const [clipId] of needFreshUrl) {
    const problem = `download failed: storage refused it (HTTP 403) with ${rounds + 1} URLs, fresh ones included`;
    result.mismatches.push({ clipId, problem });
    progress.ended(clipId, 'FAILED', problem);
  }

  // Every certificate of the order, those whose clips the manifest leaves out (revoked) included.
  const certificateIds = [
    ...new Set([...order.grants.map((grant) => grant.certificateId), ...byCertificate.keys()]),
  ];
  let jwks: Awaited<ReturnType<ApiClient['jwks']>> | null = null;
  let jwksProblem = '';
  try {
    jwks = await api.jwks(signal);
  } catch (error) {
    if (signal.aborted) return { ...result, interrupted: true };
    jwksProblem = (error as Error).message;
  }
  for (const certificateId of certificateIds) {
    if (!z.uuid().safeParse(certificateId).success) {
      result.mismatches.push({ certificateId, problem: 'not a certificate id' });
      continue;
    }
    if (!jwks) {
      result.mismatches.push({
        certificateId,
        problem: `cannot be verified: the API's keys (/.well-known/jwks.json) could not be fetched (${jwksProblem})`,
      });
      continue;
    }
    let check: CertificateCheck;
    try {
      check = await checkCertificate({
        api,
        certificateId,
        clips: byCertificate.get(certificateId),
        jwks,
        orgId,
        dir: certificatesDir,
        signal,
      });
    } catch (error) {
      if (signal.aborted) return { ...result, interrupted: true };
      throw error;
    }
    result.certificates.push(check);
    for (const problem of check.problems) result.mismatches.push({ certificateId, problem });
    progress.log(
      check.problems.length === 0
        ? `certificate ${certificateId}: verified (${check.clipCount} clip${check.clipCount === 1 ? '' : 's'})`
        : `certificate ${certificateId}: ${check.problems.join('; ')}`,
    );
  }
  return result;
}
