import { Id } from '@clearframe/contracts/common';
import { CertificateStatus, type CertificateStatusType } from '@clearframe/contracts/demand';
import {
  Alert,
  Badge,
  Button,
  Card,
  DescriptionList,
  FormField,
  PageHeader,
  TextArea,
  cx,
  focusRing,
  type BadgeTone,
  useFieldControl,
} from '@clearframe/ui';
import { useState, type FormEvent, type ReactNode } from 'react';
import { data } from 'react-router';
import {
  MAX_MANIFEST_BYTES,
  runVerification,
  type CheckOutcome,
  type StatusLookup,
  type VerificationReport,
  type VerifyOutcome,
} from '../lib/certificate-check';
import { formatDuration } from '../lib/clip-labels';
import { formatDateTime } from '../lib/labels';
import { loadKeySet, lookupStatus } from '../lib/verify.server';
import type { Route } from './+types/verify';

export const meta: Route.MetaFunction = () => [
  { title: 'Verify a certificate · Clearframe' },
  {
    name: 'description',
    content:
      'Check that a Clearframe license certificate is genuine, in force, and covers the files you received.',
  },
];

async function prefillFrom(
  id: string | null,
  request: Request,
): Promise<{ certificate: string; notice: string | null }> {
  if (id === null || id === '') return { certificate: '', notice: null };
  if (!Id.safeParse(id).success)
    return { certificate: '', notice: 'That link does not carry a certificate id.' };
  const lookup = await lookupStatus(id, request);
  if (lookup.kind === 'found') return { certificate: lookup.status.jws, notice: null };
  if (lookup.kind === 'unknown')
    return { certificate: '', notice: `Clearframe has no certificate with id ${id}.` };
  return {
    certificate: '',
    notice: 'Clearframe could not load that certificate just now. Paste it, or try again.',
  };
}

/**
 * The platform's public keys, for the check in the browser, and with `?id=` the certificate
 * itself from the API, so a link can open the page ready to verify.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const id = new URL(request.url).searchParams.get('id');
  const [jwks, prefill] = await Promise.all([loadKeySet(request), prefillFrom(id, request)]);
  return { jwks, ...prefill };
}

// The form's multipart overhead on top of the largest manifest accepted.
const MAX_BODY_BYTES = MAX_MANIFEST_BYTES + 1024 * 1024;

/** Without JavaScript the form posts here, and the same checks run on the server. */
export async function action({ request }: Route.ActionArgs) {
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > MAX_BODY_BYTES) {
    const outcome: VerifyOutcome = {
      report: null,
      field: 'manifest',
      error: `The manifest file is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MB; a delivery manifest is one short line per clip.`,
    };
    return data({ outcome, certificate: '' }, { status: 413 });
  }
  const form = await request.formData();
  const certificate = String(form.get('certificate') ?? '');
  const outcome = await runVerification({
    certificate,
    manifest: form.get('manifest'),
    jwks: await loadKeySet(request),
    lookupStatus: (certificateId) => lookupStatus(certificateId, request),
  });
  return data({ outcome, certificate }, { status: outcome.error ? 400 : 200 });
}

/** The live status through this site's own relay (routes/verify-status.ts). */
async function lookupThroughSite(certificateId: string): Promise<StatusLookup> {
  try {
    const response = await fetch(`/verify/status/${encodeURIComponent(certificateId)}`, {
      headers: { Accept: 'application/json' },
      cache: 'no-store',
    });
    if (response.status === 404) return { kind: 'unknown' };
    if (!response.ok) return { kind: 'unavailable' };
    const parsed = CertificateStatus.safeParse(await response.json());
    return parsed.success
      ? { kind: 'found', status: parsed.data as CertificateStatusType }
      : { kind: 'unavailable' };
  } catch {
    return { kind: 'unavailable' };
  }
}

const OUTCOME_LABEL: Record<CheckOutcome, string> = {
  pass: 'Passed',
  fail: 'Failed',
  skipped: 'Not checked',
};
const OUTCOME_TONE: Record<CheckOutcome, BadgeTone> = {
  pass: 'success',
  fail: 'danger',
  skipped: 'neutral',
};

/** A file chooser wired to its FormField (label, hint and error), like the design system's inputs. */
function ManifestInput() {
  const control = useFieldControl({});
  return (
    <input
      type="file"
      name="manifest"
      accept=".jsonl,.ndjson,.json,application/jsonl,application/x-ndjson"
      {...control}
      className={cx(
        'block w-full min-w-0 rounded-md text-sm text-slate-700',
        'file:mr-3 file:rounded-md file:border file:border-slate-500 file:bg-white file:px-3 file:py-2 file:text-sm file:font-semibold file:text-slate-900',
        focusRing,
      )}
    />
  );
}

/** Hashes and ids are long unbroken runs: they wrap anywhere so a phone never scrolls sideways. */
function Code({ children }: { children: ReactNode }) {
  return <span className="font-mono text-[0.8125rem] [overflow-wrap:anywhere]">{children}</span>;
}

function Checks({ report }: { report: VerificationReport }) {
  return (
    <ol className="divide-y divide-slate-200" aria-label="Checks">
      {report.checks.map((check) => (
        <li
          key={check.id}
          className="flex flex-col gap-1 py-3 sm:flex-row sm:gap-4"
          data-check={check.id}
          data-outcome={check.outcome}
        >
          <div className="shrink-0 sm:w-28">
            <Badge tone={OUTCOME_TONE[check.outcome]}>{OUTCOME_LABEL[check.outcome]}</Badge>
          </div>
          <div className="min-w-0 space-y-1">
            <p className="font-semibold text-slate-900">{check.title}</p>
            <p className="text-sm text-slate-700 [overflow-wrap:anywhere]">{check.explanation}</p>
          </div>
        </li>
      ))}
    </ol>
  );
}

function Claims({ report }: { report: VerificationReport }) {
  const { claims } = report;
  if (!claims) return null;
  return (
    <Card
      title="What the certificate says"
      description="Signed by Clearframe; nothing here can be changed without breaking the signature."
    >
      <DescriptionList
        items={[
          { term: 'Certificate id', detail: <Code>{claims.certificateId}</Code> },
          {
            term: 'Licensee',
            detail: (
              <>
                <span className="[overflow-wrap:anywhere]">{claims.licensee.name}</span>
                <span className="block text-slate-600">
                  Organization <Code>{claims.licensee.orgId}</Code>
                </span>
              </>
            ),
          },
          { term: 'Terms hash', detail: <Code>{claims.termsHash}</Code> },
          { term: 'Clips', detail: claims.clipCount.toLocaleString('en-US') },
          { term: 'Total duration', detail: formatDuration(claims.totalSeconds * 1000) },
          { term: 'Clips root (Merkle)', detail: <Code>{claims.clipsMerkleRoot}</Code> },
          { term: 'Issued', detail: formatDateTime(claims.issuedAt) },
          { term: 'Valid from', detail: formatDateTime(claims.validFrom) },
          {
            term: 'Valid until',
            detail: claims.validUntil ? formatDateTime(claims.validUntil) : 'No end date',
          },
          { term: 'Issuer', detail: <Code>{claims.issuer}</Code> },
          { term: 'Signing key', detail: <Code>{report.keyId}</Code> },
        ]}
      />
    </Card>
  );
}

function Result({ outcome, checkedIn }: { outcome: VerifyOutcome; checkedIn: string }) {
  if (outcome.error !== null)
    return (
      <Alert tone="danger" title="This could not be checked">
        <p className="[overflow-wrap:anywhere]">{outcome.error}</p>
      </Alert>
    );
  const { report } = outcome;
  return (
    <div className="space-y-6" data-checked-in={checkedIn}>
      <Card
        title={report.verified ? 'Certificate verified' : 'Certificate not verified'}
        description={`Checked ${formatDateTime(report.checkedAt)}.`}
      >
        <Alert tone={report.verified ? 'success' : 'danger'} className="mb-2">
          {report.verified
            ? 'Clearframe issued this certificate, it is in force, and nothing in it was changed.'
            : 'At least one check failed or could not run. Read each line below.'}
        </Alert>
        <Checks report={report} />
      </Card>
      <Claims report={report} />
    </div>
  );
}

/**
 * The public certificate check: paste a certificate (and optionally choose the delivery
 * manifest) and see, line by line, whether Clearframe signed it, whether it is in force, its
 * live status and whether the files match. With JavaScript the checks run in the browser;
 * without, the form posts and the server runs the same code.
 */
export default function VerifyPage({ loaderData, actionData }: Route.ComponentProps) {
  const [browserOutcome, setBrowserOutcome] = useState<VerifyOutcome | null>(null);
  const [checking, setChecking] = useState(false);
  const outcome = browserOutcome ?? actionData?.outcome ?? null;
  const checkedIn = browserOutcome ? 'browser' : 'server';

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    // Without the keys the browser cannot check anything: let the form post, and the server
    // tries to load them again.
    if (!loaderData.jwks) return;
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setChecking(true);
    try {
      setBrowserOutcome(
        await runVerification({
          certificate: String(form.get('certificate') ?? ''),
          manifest: form.get('manifest'),
          jwks: loaderData.jwks,
          lookupStatus: lookupThroughSite,
        }),
      );
    } finally {
      setChecking(false);
    }
  }

  const fieldError = (field: 'certificate' | 'manifest') =>
    outcome?.field === field ? outcome.error : null;

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow="Transparency"
        title="Verify a certificate"
        description="Anyone can check a Clearframe license certificate: that Clearframe signed it, that it is in force, and that the files you received are the ones it licenses. No account needed."
      />
      {loaderData.notice && <Alert tone="warning">{loaderData.notice}</Alert>}
      {!loaderData.jwks && (
        <Alert tone="warning">
          Clearframe’s signing keys could not be loaded just now, so signatures cannot be checked.
          Try again in a moment.
        </Alert>
      )}
      <Card>
        <form
          method="post"
          encType="multipart/form-data"
          onSubmit={(event) => void onSubmit(event)}
          className="space-y-5"
          noValidate
        >
          <FormField
            label="Certificate"
            hint="The signed certificate from the order page or the download: a long text starting with “eyJ”."
            error={fieldError('certificate')}
          >
            <TextArea
              name="certificate"
              rows={6}
              defaultValue={actionData?.certificate || loaderData.certificate}
              className="font-mono text-xs break-all"
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
            />
          </FormField>
          <FormField
            label="Delivery manifest (optional)"
            hint="The manifest.jsonl of your download, to check its files against the certificate."
            error={fieldError('manifest')}
          >
            <ManifestInput />
          </FormField>
          <Button type="submit" loading={checking} loadingText="Checking…">
            Verify
          </Button>
        </form>
      </Card>
      <section aria-live="polite" aria-label="Verification result">
        {outcome && <Result outcome={outcome} checkedIn={checkedIn} />}
      </section>
    </div>
  );
}
