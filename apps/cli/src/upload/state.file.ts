import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { UsageError } from '../exit-codes.js';

/** The file `clearframe upload <folder>` keeps its progress in, inside the folder. */
export const STATE_FILE_NAME = '.clearframe-upload.json';

const Applied = z.strictObject({ sha256: z.string(), appliedAt: z.string() });

const PartEtag = z.strictObject({
  partNumber: z.number().int().positive(),
  etag: z.string().min(1),
});

/**
 * One file's upload as far as it got. `sizeBytes` + `mtimeMs` say which version of the file it
 * is (a different one starts over); `request` is the exact body the upload was created with,
 * so a retry under the same `idempotencyKey` is the same request.
 */
export const FileUploadState = z.strictObject({
  sizeBytes: z.number().int().nonnegative(),
  mtimeMs: z.number().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  idempotencyKey: z.string().min(1),
  request: z.record(z.string(), z.unknown()),
  upload: z
    .strictObject({
      id: z.string(),
      clipId: z.string(),
      partSizeBytes: z.number().int().positive(),
      partCount: z.number().int().positive(),
    })
    .nullable(),
  /** Parts sent and the ETag storage answered, in part order. */
  parts: z.array(PartEtag),
  completedAt: z.string().nullable(),
  clipState: z.string().nullable(),
  /** The policy set on the clip after upload: its content's SHA-256 and when. */
  policy: Applied.nullable(),
  /** The people declaration (from the sidecar) set on the clip: its content's SHA-256 and when. */
  people: Applied.nullable(),
});
export type FileUploadStateType = z.infer<typeof FileUploadState>;

export const UploadStateDocument = z.strictObject({
  version: z.literal(1),
  apiUrl: z.string(),
  orgId: z.string(),
  files: z.record(z.string(), FileUploadState),
  /**
   * People the API created from sidecar names, by name: the next clip naming the same person
   * points at the same person (one release covers them all) instead of creating another.
   */
  people: z.record(z.string(), z.string()),
});
export type UploadStateDocumentType = z.infer<typeof UploadStateDocument>;

/**
 * The upload state of one folder, in memory and on disk. Every `save()` writes the whole
 * document under a temporary name, syncs it and renames it over the old one, so a process killed
 * at any moment (SIGKILL included) leaves either the previous state or the new one. Saves that
 * arrive while one is being written are folded into the next write.
 */
export class UploadStateFile {
  private chain: Promise<void> = Promise.resolve();
  private pending: Promise<void> | null = null;
  private writes = 0;

  private constructor(
    readonly file: string,
    private readonly document: UploadStateDocumentType,
  ) {}

  /**
   * Opens the folder's state, or starts an empty one. A state made for another organization or
   * API is refused: its upload ids mean nothing there, and silently starting over would upload
   * every file a second time.
   */
  static async open(
    folder: string,
    target: { apiUrl: string; orgId: string },
  ): Promise<UploadStateFile> {
    const file = path.join(folder, STATE_FILE_NAME);
    let text: string | null = null;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text === null)
      return new UploadStateFile(file, { version: 1, ...target, files: {}, people: {} });
    const document = parseStateDocument(file, text);
    if (document.orgId !== target.orgId || document.apiUrl !== target.apiUrl)
      throw new UsageError(
        `${file} records uploads to organization ${document.orgId} at ${document.apiUrl}, but you are logged in to ${target.orgId} at ${target.apiUrl}. Log in to that organization to resume them, or move the file away to upload this folder again.`,
      );
    return new UploadStateFile(file, document);
  }

  get(fileName: string): FileUploadStateType | undefined {
    return this.document.files[fileName];
  }

  set(fileName: string, state: FileUploadStateType): void {
    this.document.files[fileName] = state;
  }

  /** The id of the person the API made for `name` in an earlier clip, if any. */
  personId(name: string): string | undefined {
    return this.document.people[name];
  }

  rememberPerson(name: string, id: string): void {
    this.document.people[name] = id;
  }

  delete(fileName: string): void {
    delete this.document.files[fileName];
  }

  /** A copy of the whole document (for tests and `--json`). */
  snapshot(): UploadStateDocumentType {
    return structuredClone(this.document);
  }

  /** How many times the document has been written to disk. */
  get writeCount(): number {
    return this.writes;
  }

  /** Writes the current state to disk; resolves once a write that includes it has landed. */
  save(): Promise<void> {
    if (this.pending) return this.pending;
    const write = this.chain.then(async () => {
      // From here on, later changes need a later write.
      this.pending = null;
      await writeAtomically(this.file, `${JSON.stringify(this.document, null, 2)}\n`);
      this.writes += 1;
    });
    this.pending = write;
    this.chain = write.catch(() => undefined);
    return write;
  }
}

/** Parses a state document, refusing anything that is not one with a sentence naming the file. */
export function parseStateDocument(file: string, text: string): UploadStateDocumentType {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(
      `${file} is not valid JSON, so the uploads it recorded cannot be resumed. Move it away to upload this folder again.`,
    );
  }
  const parsed = UploadStateDocument.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new UsageError(
      `${file} is not a clearframe upload state (${first.path.join('.') || 'document'}: ${first.message}). Move it away to upload this folder again.`,
    );
  }
  return parsed.data;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
