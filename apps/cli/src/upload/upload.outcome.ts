/** How one file's upload ended, as the summary table and `--json` report it. */
export type FileOutcomeState =
  /** Sent and completed in this run. */
  | 'uploaded'
  /** Completed in an earlier run (the state file says so): not sent again. */
  | 'already_uploaded'
  | 'failed'
  /** Ctrl-C stopped it; a rerun resumes it. */
  | 'interrupted';

export interface FileOutcome {
  file: string;
  clipId: string | null;
  uploadId: string | null;
  state: FileOutcomeState;
  /** The clip's state as the API last answered (`processing` right after completion). */
  clipState: string | null;
  sizeBytes: number;
  /** Bytes of parts sent in this run (a resumed file sends only what storage lacked). */
  bytesSent: number;
  partsSent: number;
  /** Parts storage already held from an earlier run. */
  partsResumed: number;
  seconds: number;
  sha256: string | null;
  policyApplied: boolean;
  /** The sidecar's people (or "none") are declared on the clip. */
  peopleDeclared: boolean;
  error: string | null;
  warnings: string[];
}

/** A folder entry that was not uploaded, and why. */
export interface SkippedOutcome {
  file: string;
  reason: string;
}
