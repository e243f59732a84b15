import cliProgress from 'cli-progress';
import { formatBytes } from '../util/format.js';

/** What a pull tells the person watching, on stderr. */
export interface PullProgress {
  /** A clip read from the manifest: the totals grow as the manifest streams in. */
  queued(bytes: number): void;
  /** Bytes on disk across every clip changed by `delta` (negative when a file starts over). */
  bytes(delta: number): void;
  /** A clip ended: `word` is downloaded, present, FAILED…, `detail` says more. */
  ended(clipId: string, word: string, detail?: string): void;
  /** A line above the bar (retries, fresh URLs, certificate checks). */
  log(line: string): void;
  stop(): void;
}

/** One live bar for the whole order on a terminal: bytes, percent, speed and files done. */
export class TerminalPullProgress implements PullProgress {
  private readonly bars: cliProgress.MultiBar;
  private readonly bar: cliProgress.SingleBar;
  private total = 0;
  private done = 0;
  private files = 0;
  private filesDone = 0;
  private readonly started = performance.now();

  constructor(stream: NodeJS.WriteStream) {
    // A MultiBar of one: it can print lines above the bar (log), which SingleBar cannot.
    this.bars = new cliProgress.MultiBar(
      {
        stream,
        format: '{bar} {percentage}% {doneText}/{totalText} {speed} {filesDone}/{files} files',
        barsize: 30,
        hideCursor: true,
        clearOnComplete: false,
        stopOnComplete: false,
        fps: 8,
        noTTYOutput: false,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar = this.bars.create(1, 0, this.payload());
  }

  queued(bytes: number): void {
    this.total += bytes;
    this.files += 1;
    this.bar.setTotal(Math.max(1, this.total));
    this.bar.update(this.done, this.payload());
  }

  bytes(delta: number): void {
    this.done += delta;
    this.bar.update(this.done, this.payload());
  }

  ended(clipId: string, word: string, detail?: string): void {
    this.filesDone += 1;
    if (detail || word !== 'downloaded')
      this.log(`${clipId}: ${word}${detail ? `: ${detail}` : ''}`);
    this.bar.update(this.done, this.payload());
  }

  log(line: string): void {
    this.bars.log(`${line}\n`);
  }

  stop(): void {
    this.bar.update(this.done, this.payload());
    this.bars.stop();
  }

  private payload() {
    const seconds = (performance.now() - this.started) / 1000;
    return {
      doneText: formatBytes(this.done),
      totalText: formatBytes(this.total),
      speed: seconds > 0.5 ? `${formatBytes(this.done / seconds)}/s` : '',
      files: this.files,
      filesDone: this.filesDone,
    };
  }
}

/** Where lines cannot be redrawn (a pipe, a CI log): a line per clip and per event. */
export class PlainPullProgress implements PullProgress {
  constructor(private readonly stream: NodeJS.WritableStream) {}

  queued(): void {}
  bytes(): void {}

  ended(clipId: string, word: string, detail?: string): void {
    this.stream.write(`${clipId}: ${word}${detail ? `: ${detail}` : ''}\n`);
  }

  log(line: string): void {
    this.stream.write(`${line}\n`);
  }

  stop(): void {}
}
