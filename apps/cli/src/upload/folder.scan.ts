import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UPLOAD_CONTAINERS, type UploadContainerType } from '@clearframe/contracts/supply';
import { UsageError } from '../exit-codes.js';
import { STATE_FILE_NAME } from './state.file.js';

/** A video file of the folder, as it was when the upload started. */
export interface FolderFile {
  name: string;
  path: string;
  sizeBytes: number;
  mtimeMs: number;
  container: UploadContainerType;
  contentType: string;
}

export interface SkippedEntry {
  name: string;
  reason: string;
}

/** The container a name's extension says, when it is one Clearframe accepts. */
export function containerOf(name: string): UploadContainerType | null {
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return extension && Object.hasOwn(UPLOAD_CONTAINERS, extension)
    ? (extension as UploadContainerType)
    : null;
}

/**
 * The folder's video files by extension (the API's container allow-list), sorted by name, and
 * everything else with the reason it is left out. Only the folder's own files: the API takes a
 * file name, never a path, so subfolders are listed as skipped rather than flattened.
 */
export async function scanFolder(
  folder: string,
): Promise<{ files: FolderFile[]; skipped: SkippedEntry[] }> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${folder}: no such folder.`);
    if (code === 'ENOTDIR') throw new UsageError(`${folder} is a file; give the folder it is in.`);
    throw error;
  }
  const files: FolderFile[] = [];
  const skipped: SkippedEntry[] = [];
  const extensions = Object.keys(UPLOAD_CONTAINERS).join(', ');
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const name = entry.name;
    if (name === STATE_FILE_NAME || name.startsWith(`${STATE_FILE_NAME}.`)) continue;
    if (name.startsWith('.')) {
      skipped.push({ name, reason: 'hidden file' });
      continue;
    }
    const full = path.join(folder, name);
    const info = await stat(full).catch(() => null);
    if (!info) {
      skipped.push({ name, reason: 'cannot be read (a broken link?)' });
      continue;
    }
    if (info.isDirectory()) {
      skipped.push({ name, reason: 'folder (only the folder’s own files are uploaded)' });
      continue;
    }
    if (!info.isFile()) {
      skipped.push({ name, reason: 'not a regular file' });
      continue;
    }
    const container = containerOf(name);
    if (!container) {
      skipped.push({ name, reason: `not a video file (accepted: ${extensions})` });
      continue;
    }
    if (info.size === 0) {
      // The API's verification would refuse it (`empty_file`); no clip is made for nothing.
      skipped.push({ name, reason: 'empty file (0 bytes)' });
      continue;
    }
    files.push({
      name,
      path: full,
      sizeBytes: info.size,
      mtimeMs: info.mtimeMs,
      container,
      contentType: UPLOAD_CONTAINERS[container][0],
    });
  }
  return { files, skipped };
}
