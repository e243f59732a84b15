import { CertificateStatus, FootageLookup } from '@clearframe/contracts/demand';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import {
  Alert,
  Badge,
  Button,
  Card,
  FormField,
  Input,
  PageHeader,
  cx,
  focusRing,
  textLinkClasses,
  type BadgeTone,
} from '@clearframe/ui';
import { useEffect, useRef, useState, type DragEvent, type FormEvent, type ReactNode } from 'react';
import { data, Link } from 'react-router';
import type { StatusLookup } from '../lib/certificate-check';
import {
  checkFootage,
  type FootageItem,
  type FootageLookupResult,
  type FootageOutcome,
  type ProofOutcome,
} from '../lib/footage-check';
import { lookupFootage } from '../lib/footage.server';
import { formatDateTime } from '../lib/labels';
import { loadKeySet, lookupStatus } from '../lib/verify.server';
import type { Route } from './+types/footage';

export const meta: Route.MetaFunction = () => [
  { title: 'Was my footage used? · Clearframe' },
  {
    name: 'description',
    content:
      'Check whether a video file was licensed through Clearframe, with a proof you can verify yourself. The file never leaves your device.',
  },
];

/**
 * The platform's keys (for the check in the browser) and, with `?sha256=` (the form without
 * JavaScript), the look-up and its checks made on the server.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const query = new URL(request.url).searchParams.get('sha256');
  const jwks = await loadKeySet(request);
  if (query === null) return data({ jwks, query: '', outcome: null as FootageOutcome | null });
  const outcome = await checkFootage({
    sha256: query,
    jwks,
    lookup: (hash) => lookupFootage(hash, request),
    lookupStatus: (id) => lookupStatus(id, request),
  });
  return data({ jwks, query, outcome }, { status: outcome.field === 'sha256' ? 400 : 200 });
}

/** Hashes a file in 4 MiB slices, so a long video never sits in memory whole. */
async function hashFile(file: File, onProgress: (fraction: number) => void): Promise<string> {
  const hasher = sha256.create();
  const slice = 4 * 1024 * 1024;
  for (let at = 0; at < file.size; at += slice) {
    hasher.update(new Uint8Array(await file.slice(at, at + slice).arrayBuffer()));
    onProgress(Math.min(1, (at + slice) / file.size));
  }
  return bytesToHex(hasher.digest());
}

/** The look-up through this site's relay (routes/footage-lookup.ts): only the hash is sent. */
async function lookupThroughSite(hash: string): Promise<FootageLookupResult> {
  try {
    const response = await fetch(`/footage/lookup/${hash}`, {
      headers: { Accept: 'application/json' },
      cache: 'no-store',
    });
    if (!response.ok) return { kind: 'unavailable' };
    const parsed = FootageLookup.safeParse(await response.json());
    return parsed.success ? { kind: 'found', lookup: parsed.data } : { kind: 'unavailable' };
  } catch {
    return { kind: 'unavailable' };
  }
}

/** A certificate through the /verify page's relay (routes/verify-status.ts). */
async function statusThroughSite(certificateId: string): Promise<StatusLookup> {
  try {
    const response = await fetch(`/verify/status/${encodeURIComponent(certificateId)}`, {
      headers: { Accept: 'application/json' },
      cache: 'no-store',
    });
    if (response.status === 404) return { kind: 'unknown' };
    if (!response.ok) return { kind: 'unavailable' };
    const parsed = CertificateStatus.safeParse(await response.json());
    return parsed.success ? { kind: 'found', status: parsed.data } : { kind: 'unavailable' };
  } catch {
    return { kind: 'unavailable' };
  }
}

const STATUS_LABEL: Record<FootageItem['status'], string> = {
  valid: 'In force',
  not_yet_valid: 'Not yet in force',
  expired: 'Expired',
  revoked: 'Revoked',
};
const STATUS_TONE: Record<FootageItem['status'], BadgeTone> = {
  valid: 'success',
  not_yet_valid: 'neutral',
  expired: 'neutral',
  revoked: 'danger',
};
const PROOF_LABEL: Record<ProofOutcome, string> = {
  verified: 'Proof verified',
  failed: 'Proof failed',
  not_checked: 'Proof not checked',
};
const PROOF_TONE: Record<ProofOutcome, BadgeTone> = {
  verified: 'success',
  failed: 'danger',
  not_checked: 'neutral',
};

/** Hashes and ids are long unbroken runs: they wrap anywhere so a phone never scrolls sideways. */
function Code({ children }: { children: ReactNode }) {
  return <span className="font-mono text-[0.8125rem] [overflow-wrap:anywhere]">{children}</span>;
}

function Item({ item }: { item: FootageItem }) {
  return (
    <li
      className="space-y-2 py-4"
      data-certificate={item.certificateId}
      data-proof={item.proof}
      data-status={item.status}
    >
      <div className="flex flex-wrap items-center gap-2">
        <p className="font-semibold text-slate-900 [overflow-wrap:anywhere]">{item.licenseeName}</p>
        <Badge tone={STATUS_TONE[item.status]}>{STATUS_LABEL[item.status]}</Badge>
        <Badge tone={PROOF_TONE[item.proof]}>{PROOF_LABEL[item.proof]}</Badge>
      </div>
      <p className="text-sm text-slate-700">
        Licensed {formatDateTime(item.issuedAt)}
        {item.validUntil ? `, until ${formatDateTime(item.validUntil)}` : ', with no end date'}.
      </p>
      <p className="text-sm text-slate-700 [overflow-wrap:anywhere]">{item.explanation}</p>
      <p className="text-sm text-slate-600">
        Certificate <Code>{item.certificateId}</Code> ·{' '}
        <Link to={`/verify?id=${item.certificateId}`} className={textLinkClasses}>
          Verify the certificate
        </Link>
      </p>
    </li>
  );
}

function Result({ outcome, checkedIn }: { outcome: FootageOutcome; checkedIn: string }) {
  if (outcome.error !== null)
    return (
      <Alert tone="danger" title="This could not be looked up">
        {outcome.error}
      </Alert>
    );
  const { report } = outcome;
  const count = report.items.length;
  return (
    <Card
      title={
        count === 0
          ? 'No Clearframe certificate includes this file'
          : `${count} certificate${count === 1 ? ' includes' : 's include'} this file`
      }
      description={
        <>
          SHA-256 <Code>{report.sha256}</Code>, checked {formatDateTime(report.checkedAt)}.
        </>
      }
    >
      <div data-checked-in={checkedIn} data-sha256={report.sha256}>
        {count === 0 ? (
          <p className="text-sm text-slate-700">
            No lab has licensed this exact file through Clearframe. A file that was re-encoded,
            trimmed or resized has a different hash, so only the file as it was uploaded matches.
          </p>
        ) : (
          <>
            {report.disclosures.length > 0 && (
              <section aria-labelledby="footage-models" className="mb-4 space-y-2">
                <h3 id="footage-models" className="font-semibold text-slate-900">
                  Models that declared training on it
                </h3>
                <ul className="divide-y divide-slate-200" aria-label="Models">
                  {report.disclosures.map((disclosure) => (
                    <li
                      key={disclosure.disclosureId}
                      className="space-y-1 py-3"
                      data-disclosure={disclosure.disclosureId}
                      data-proof={disclosure.proof}
                    >
                      <div className="flex flex-wrap items-center gap-2">
                        <p className="font-semibold text-slate-900 [overflow-wrap:anywhere]">
                          {disclosure.modelName} {disclosure.modelVersion}
                        </p>
                        <Badge tone={PROOF_TONE[disclosure.proof]}>
                          {PROOF_LABEL[disclosure.proof]}
                        </Badge>
                      </div>
                      <p className="text-sm text-slate-700 [overflow-wrap:anywhere]">
                        {disclosure.labName} published its disclosure on{' '}
                        {formatDateTime(disclosure.publishedAt)}; it cites{' '}
                        {disclosure.certificateIds.length === 1
                          ? 'a certificate below that includes'
                          : `${disclosure.certificateIds.length} certificates below that include`}{' '}
                        this file.{' '}
                        <Link
                          to={`/disclosures/${disclosure.disclosureId}`}
                          className={textLinkClasses}
                        >
                          Read the disclosure
                        </Link>
                      </p>
                    </li>
                  ))}
                </ul>
              </section>
            )}
            <ul className="divide-y divide-slate-200" aria-label="Certificates">
              {report.items.map((item) => (
                <Item key={item.certificateId} item={item} />
              ))}
            </ul>
          </>
        )}
      </div>
    </Card>
  );
}

/**
 * "Was my footage used?": choose or drop a video and the browser hashes it (nothing is
 * uploaded), looks the hash up, and checks each certificate's signature and inclusion proof.
 * Without JavaScript, a pasted SHA-256 is looked up and checked on the server instead.
 */
export default function FootagePage({ loaderData }: Route.ComponentProps) {
  const [hydrated, setHydrated] = useState(false);
  const [browserOutcome, setBrowserOutcome] = useState<FootageOutcome | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const hashInput = useRef<HTMLInputElement>(null);
  useEffect(() => setHydrated(true), []);
  const outcome = browserOutcome ?? loaderData.outcome;
  const checkedIn = browserOutcome ? 'browser' : 'server';

  async function check(hash: string) {
    setBusy('Looking up and checking proofs…');
    try {
      setBrowserOutcome(
        await checkFootage({
          sha256: hash,
          jwks: loaderData.jwks,
          lookup: lookupThroughSite,
          lookupStatus: statusThroughSite,
        }),
      );
    } finally {
      setBusy(null);
    }
  }

  async function onFile(file: File | undefined) {
    if (!file) return;
    setBrowserOutcome(null);
    setBusy('Hashing… 0%');
    const hash = await hashFile(file, (fraction) =>
      setBusy(`Hashing… ${Math.floor(fraction * 100)}%`),
    );
    if (hashInput.current) hashInput.current.value = hash;
    await check(hash);
  }

  function onDrop(event: DragEvent<HTMLElement>) {
    event.preventDefault();
    setDragging(false);
    void onFile(event.dataTransfer.files[0]);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void check(String(new FormData(event.currentTarget).get('sha256') ?? ''));
  }

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow="Transparency"
        title="Was my footage used?"
        description="See whether a video file was licensed through Clearframe, by whom, and check the proof yourself. No account needed."
      />
      {!loaderData.jwks && (
        <Alert tone="warning">
          Clearframe’s signing keys could not be loaded just now, so proofs cannot be checked. Try
          again in a moment.
        </Alert>
      )}
      {hydrated && (
        <Card title="Check a video file">
          <label
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            className={cx(
              'flex cursor-pointer flex-col items-center gap-2 rounded-lg border-2 border-dashed px-4 py-8 text-center',
              dragging ? 'border-slate-900 bg-slate-50' : 'border-slate-400',
            )}
          >
            <span className="font-semibold text-slate-900">
              Drop a video here, or choose a file
            </span>
            <input
              type="file"
              accept="video/*"
              data-testid="footage-file"
              onChange={(event) => void onFile(event.target.files?.[0])}
              className={cx('block w-full max-w-xs min-w-0 text-sm', focusRing)}
            />
          </label>
          <p className="mt-3 text-sm text-slate-700">
            The file is hashed in this browser and never uploaded: only its SHA-256 fingerprint is
            sent to look it up.
          </p>
        </Card>
      )}
      <Card title={hydrated ? 'Or paste its SHA-256' : 'Look up a file by its SHA-256'}>
        <form
          method="get"
          onSubmit={hydrated ? onSubmit : undefined}
          className="space-y-4"
          noValidate
        >
          <FormField
            label="SHA-256 of the file"
            hint={
              <>
                From <Code>sha256sum clip.mp4</Code> (Linux) or <Code>shasum -a 256 clip.mp4</Code>{' '}
                (macOS): 64 characters. Only the hash is sent, never the file.
              </>
            }
            error={outcome?.field === 'sha256' ? outcome.error : null}
          >
            <Input
              ref={hashInput}
              name="sha256"
              defaultValue={loaderData.query}
              className="font-mono text-xs"
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
            />
          </FormField>
          <Button type="submit" loading={busy !== null} loadingText="Checking…">
            Look up
          </Button>
        </form>
      </Card>
      <section aria-live="polite" aria-label="Look-up result" className="space-y-4">
        {busy && <p className="text-sm text-slate-700">{busy}</p>}
        {outcome && !busy && outcome.field === null && (
          <Result outcome={outcome} checkedIn={checkedIn} />
        )}
      </section>
    </div>
  );
}
