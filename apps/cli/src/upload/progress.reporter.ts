import cliProgress from 'cli-progress';
import { formatBytes } from '../util/format.js';
import type { FileOutcome } from './upload.outcome.js';

/** What one file's upload tells the person watching, on stderr. */
export interface FileProgress {
  hashing(bytesRead: number): void;
  uploading(bytesDone: number): void;
  status(text: string): void;
  end(outcome: FileOutcome): void;
}

export interface ProgressReporter {
  file(name: string, sizeBytes: number): FileProgress;
  /** A line above the progress lines (warnings, retries). */
  log(line: string): void;
  stop(): void;
}

const OUTCOME_WORDS: Record<FileOutcome['state'], string> = {
  uploaded: 'uploaded',
  already_uploaded: 'already uploaded',
  failed: 'FAILED',
  interrupted: 'interrupted',
};

/**
 * One live line per file on a terminal (cli-progress's MultiBar: bar, percent, bytes, speed),
 * each ending with the file's outcome.
 */
export class TerminalProgress implements ProgressReporter {
  private readonly bars: cliProgress.MultiBar;
  private readonly width: number;

  constructor(stream: NodeJS.WriteStream, names: readonly string[]) {
    this.width = Math.min(40, Math.max(8, ...names.map((n) => n.length)));
    this.bars = new cliProgress.MultiBar(
      {
        stream,
        format: `{name} {bar} {percentage}% {done}/{size} {status}`,
        barsize: 24,
        hideCursor: true,
        clearOnComplete: false,
        stopOnComplete: false,
        autopadding: true,
        fps: 8,
        // The bar is drawn only where lines can be redrawn; PlainProgress covers the rest.
        noTTYOutput: false,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  file(name: string, sizeBytes: number): FileProgress {
    const label =
      name.length > this.width ? `${name.slice(0, this.width - 1)}…` : name.padEnd(this.width);
    const total = Math.max(1, sizeBytes);
    const size = formatBytes(sizeBytes);
    const bar = this.bars.create(total, 0, {
      name: label,
      done: formatBytes(0),
      size,
      status: 'waiting',
    });
    let uploaded = 0;
    // Speed over this run's sending only: parts resumed from storage are not this run's bytes.
    let firstSeen: { at: number; bytes: number } | null = null;
    const speed = (done: number) => {
      firstSeen ??= { at: performance.now(), bytes: done };
      const seconds = (performance.now() - firstSeen.at) / 1000;
      return seconds > 0.5 ? `${formatBytes((done - firstSeen.bytes) / seconds)}/s` : 'uploading';
    };
    return {
      hashing: (read) => bar.update(read, { done: formatBytes(read), status: 'hashing' }),
      uploading: (done) => {
        uploaded = done;
        bar.update(done, { done: formatBytes(done), status: speed(done) });
      },
      status: (text) => bar.update({ status: text }),
      end: (outcome) => {
        const arrived = outcome.state === 'uploaded' || outcome.state === 'already_uploaded';
        const word = OUTCOME_WORDS[outcome.state];
        bar.update(arrived ? total : uploaded, {
          done: arrived ? size : formatBytes(uploaded),
          status: outcome.error ? `${word}: ${outcome.error}` : word,
        });
        bar.stop();
      },
    };
  }

  log(line: string): void {
    this.bars.log(`${line}\n`);
  }

  stop(): void {
    this.bars.stop();
  }
}

/**
 * Where lines cannot be redrawn (a pipe, a CI log): a line when a file starts, every quarter of
 * its bytes, on each status change and at its end.
 */
export class PlainProgress implements ProgressReporter {
  constructor(private readonly stream: NodeJS.WritableStream) {}

  file(name: string, sizeBytes: number): FileProgress {
    const write = (text: string) => this.stream.write(`${name}: ${text}\n`);
    let quarter = -1;
    let lastStatus = '';
    let phase = '';
    const milestone = (verb: string, done: number) => {
      if (phase !== verb) {
        phase = verb;
        quarter = -1;
      }
      const reached = sizeBytes === 0 ? 4 : Math.floor((done / sizeBytes) * 4);
      if (reached > quarter) {
        quarter = reached;
        write(`${verb} ${Math.round((reached / 4) * 100)}% of ${formatBytes(sizeBytes)}`);
      }
    };
    return {
      hashing: (read) => milestone('hashing', read),
      uploading: (done) => milestone('uploaded', done),
      status: (text) => {
        if (text !== lastStatus) write(text);
        lastStatus = text;
      },
      end: (outcome) => {
        const word = OUTCOME_WORDS[outcome.state];
        write(
          outcome.error
            ? `${word}: ${outcome.error}`
            : `${word}${outcome.clipId ? ` as clip ${outcome.clipId}` : ''}`,
        );
      },
    };
  }

  log(line: string): void {
    this.stream.write(`${line}\n`);
  }

  stop(): void {}
}
