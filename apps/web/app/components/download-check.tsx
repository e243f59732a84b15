import { sha256 } from '@noble/hashes/sha2.js';
import { useState } from 'react';

interface Expected {
  clipId: string;
  title: string;
  fileName: string;
  sha256: string;
  bytes: number;
}

type Result = { name: string; ok: boolean; detail: string };

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Hashes a file in the browser in 4 MiB slices, so a large clip never sits in memory whole. */
async function hashFile(file: File): Promise<string> {
  const hasher = sha256.create();
  const slice = 4 * 1024 * 1024;
  for (let at = 0; at < file.size; at += slice) {
    hasher.update(new Uint8Array(await file.slice(at, at + slice).arrayBuffer()));
  }
  return toHex(hasher.digest());
}

/**
 * Checks downloaded files against the manifest, in the browser: each chosen file is hashed
 * locally (nothing is uploaded) and matched to a manifest entry by its SHA-256; a file that
 * matches none, and a clip none of the files match, are named. Needs JavaScript; the CLI
 * (`clearframe pull`) does the same from a terminal.
 */
export function DownloadCheck({ expected }: { expected: readonly Expected[] }) {
  const [results, setResults] = useState<Result[] | null>(null);
  const [busy, setBusy] = useState(false);
  const onChange = async (event: React.ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.target.files ?? []);
    if (files.length === 0) return;
    setBusy(true);
    const byHash = new Map(expected.map((entry) => [entry.sha256, entry]));
    const matched = new Set<string>();
    const out: Result[] = [];
    for (const file of files) {
      const hash = await hashFile(file);
      const entry = byHash.get(hash);
      if (entry) {
        matched.add(entry.clipId);
        out.push({ name: file.name, ok: true, detail: `SHA-256 matches “${entry.title}”.` });
      } else {
        out.push({
          name: file.name,
          ok: false,
          detail: `SHA-256 ${hash} is not in this order's manifest: the file is damaged or not from this order.`,
        });
      }
    }
    const missing = expected.filter((entry) => !matched.has(entry.clipId));
    if (missing.length > 0 && missing.length < expected.length) {
      out.push({
        name: `${missing.length} clip${missing.length === 1 ? '' : 's'} not checked`,
        ok: false,
        detail: missing.map((entry) => entry.fileName).join(', '),
      });
    }
    setResults(out);
    setBusy(false);
  };
  return (
    <div className="space-y-3">
      <label className="block text-sm font-medium text-slate-800">
        Check downloaded files
        <input
          type="file"
          multiple
          onChange={onChange}
          className="mt-1 block w-full text-sm"
          data-testid="download-check"
        />
      </label>
      <p className="text-sm text-slate-600">
        Files are hashed in this browser and compared with the manifest; nothing is uploaded.
      </p>
      {busy && <p className="text-sm text-slate-700">Hashing…</p>}
      {results && (
        <ul className="space-y-1 text-sm" aria-live="polite">
          {results.map((result) => (
            <li key={result.name} className={result.ok ? 'text-emerald-800' : 'text-red-800'}>
              <span className="font-medium">{result.ok ? 'Verified' : 'Mismatch'}:</span>{' '}
              <span className="[overflow-wrap:anywhere]">
                {result.name} — {result.detail}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
