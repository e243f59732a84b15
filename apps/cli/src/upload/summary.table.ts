import { formatBytes, formatDuration } from '../util/format.js';
import type { FileOutcome, SkippedOutcome } from './upload.outcome.js';

const STATE_WORDS: Record<FileOutcome['state'], string> = {
  uploaded: 'uploaded',
  already_uploaded: 'already uploaded',
  failed: 'failed',
  interrupted: 'interrupted',
};

/**
 * The end-of-run table for stdout: one row per file (file, clip id, state, size, time, error),
 * then the skipped entries and a totals line. Plain aligned text, like `gh`'s tables.
 */
export function summaryTable(
  outcomes: readonly FileOutcome[],
  skipped: readonly SkippedOutcome[],
): string {
  const header = ['FILE', 'CLIP', 'STATE', 'SIZE', 'TIME', 'ERROR'];
  const rows = outcomes.map((o) => [
    o.file,
    o.clipId ?? '-',
    o.clipState && (o.state === 'uploaded' || o.state === 'already_uploaded')
      ? `${STATE_WORDS[o.state]} (${o.clipState})`
      : STATE_WORDS[o.state],
    formatBytes(o.sizeBytes),
    o.state === 'already_uploaded' ? '-' : formatDuration(o.seconds),
    o.error ?? '',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  const out = [line(header), ...rows.map(line)];
  for (const entry of skipped) out.push(`skipped ${entry.file}: ${entry.reason}`);
  out.push(totalsLine(outcomes, skipped));
  return `${out.join('\n')}\n`;
}

export function totalsLine(
  outcomes: readonly FileOutcome[],
  skipped: readonly SkippedOutcome[],
): string {
  const count = (state: FileOutcome['state']) => outcomes.filter((o) => o.state === state).length;
  const sent = outcomes.reduce((sum, o) => sum + o.bytesSent, 0);
  const parts = [
    `${count('uploaded')} uploaded`,
    `${count('already_uploaded')} already uploaded`,
    `${outcomes.filter((o) => o.error !== null).length} failed`,
  ];
  if (count('interrupted') > 0) parts.push(`${count('interrupted')} interrupted`);
  if (skipped.length > 0) parts.push(`${skipped.length} skipped`);
  return `${parts.join(', ')}; ${formatBytes(sent)} sent`;
}

/** The `--json` document: every outcome with its numbers, the skipped entries and the warnings. */
export function summaryJson(
  outcomes: readonly FileOutcome[],
  skipped: readonly SkippedOutcome[],
  warnings: readonly string[],
): string {
  return `${JSON.stringify({ files: outcomes, skipped, warnings }, null, 2)}\n`;
}
