import { renderTerms } from '@clearframe/contracts/license';
import {
  ApproveClip,
  RejectClip,
  policyTerms,
  type DuplicateMatchType,
  type ReviewQueueItemType,
} from '@clearframe/contracts/supply';
import {
  Alert,
  Badge,
  Card,
  DescriptionList,
  FormField,
  PageHeader,
  TextArea,
  textLinkClasses,
} from '@clearframe/ui';
import { data, Form, Link, redirect } from 'react-router';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { reviewApi } from '../lib/api/review.server';
import {
  clipStateLabel,
  descriptionItems,
  formatDuration,
  formatResolution,
} from '../lib/clip-labels';
import { formValues, parseForm, problemToFailure, type FormFailure } from '../lib/form-errors';
import { formatDate, formatDateTime } from '../lib/labels';
import { withNotice } from '../lib/notices';
import { requireOperator } from '../lib/operator.server';
import { requireViewer, throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/review-clip';
import { TermsText } from '../components/terms-text';

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Review: ${loaderData?.item.clip.title ?? 'clip'} · Clearframe` },
];

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  requireOperator(viewer);
  const item = await reviewApi.get(viewer.token, params.clipId);
  if (!item.ok) throwProblem(item.problem, request);
  const policy = item.data.policy;
  return {
    item: item.data,
    // The widest terms a lab can be granted under the policy, as numbered sentences.
    terms: policy ? renderTerms(policyTerms(policy.version.policy), { format: 'text' }) : null,
  };
}

type ActionResult = { intent: string; failure: FormFailure };

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  requireOperator(viewer);
  const formData = await request.formData();
  const intent = String(formData.get('intent') ?? '');
  const fail = (failure: FormFailure, status: number) =>
    data<ActionResult>({ intent, failure }, { status });
  if (intent === 'approve') {
    // The note is optional: a blank one is no note, not an empty one.
    if (!String(formData.get('note') ?? '').trim()) formData.delete('note');
    const parsed = parseForm(ApproveClip, formData, ['note']);
    if (!parsed.ok) return fail(parsed.failure, 400);
    const result = await reviewApi.approve(viewer.token, params.clipId, parsed.data);
    if (!result.ok) return fail(problemToFailure(result.problem, ['note']), result.status);
    return redirect(withNotice('/review', 'clip-approved'));
  }
  if (intent === 'reject') {
    const parsed = parseForm(RejectClip, formData, ['reason']);
    if (!parsed.ok) return fail(parsed.failure, 400);
    const result = await reviewApi.reject(viewer.token, params.clipId, parsed.data);
    if (!result.ok)
      return fail(
        problemToFailure(result.problem, ['reason'], { values: formValues(formData, ['reason']) }),
        result.status,
      );
    return redirect(withNotice('/review', 'clip-rejected'));
  }
  return fail({ formError: 'Unknown action.', fieldErrors: {}, values: {} }, 400);
}

function Player({
  src,
  poster,
  label,
}: {
  src: string | null;
  poster: string | null;
  label: string;
}) {
  return src ? (
    <video
      controls
      preload="metadata"
      poster={poster ?? undefined}
      className="aspect-video w-full rounded-lg bg-slate-900"
      aria-label={label}
    >
      <source src={src} type="video/mp4" />
    </video>
  ) : (
    <div className="flex aspect-video w-full items-center justify-center rounded-lg bg-slate-100 text-sm text-slate-600">
      No preview
    </div>
  );
}

function DuplicateCard({ item, match }: { item: ReviewQueueItemType; match: DuplicateMatchType }) {
  const other = match.clip;
  return (
    <div className="space-y-3 rounded-lg border border-red-200 bg-red-50/40 p-4">
      <p className="text-sm text-slate-900">
        <Badge tone="danger">{match.kind === 'exact' ? 'Exact copy' : 'Near duplicate'}</Badge>{' '}
        {match.kind === 'exact'
          ? 'The file has the same SHA-256 as'
          : `Frames differ by ${match.score.toFixed(1)} bits on average (12 or less is a near duplicate) from`}{' '}
        <strong>{other.title}</strong> by {other.orgName} (
        {clipStateLabel(other.state).toLowerCase()}
        ).
      </p>
      <div className="grid gap-4 md:grid-cols-2">
        <figure className="space-y-1">
          <Player
            src={item.previewUrl}
            poster={item.clip.thumbnailUrl}
            label={`This clip: ${item.clip.title}`}
          />
          <figcaption className="text-xs text-slate-600">
            This submission · {formatDuration(item.clip.durationMs)} ·{' '}
            {formatResolution(item.clip.width, item.clip.height)}
          </figcaption>
        </figure>
        <figure className="space-y-1">
          <Player
            src={other.previewUrl}
            poster={other.thumbnailUrl}
            label={`Match: ${other.title}`}
          />
          <figcaption className="text-xs text-slate-600">
            {other.orgName} · {formatDuration(other.durationMs)} ·{' '}
            {formatResolution(other.width, other.height)}
          </figcaption>
        </figure>
      </div>
    </div>
  );
}

const STATUS_TEXT = {
  released: ['Release with AI-training consent', 'success'],
  release_missing: ['No release', 'danger'],
  release_unconfirmed: ['Release not recognised yet', 'warning'],
  no_ai_training_consent: ['No AI-training consent', 'danger'],
} as const;

export default function ReviewClipPage({ loaderData, actionData }: Route.ComponentProps) {
  const { item, terms } = loaderData;
  const { clip } = item;
  const failure = (intent: string) => (actionData?.intent === intent ? actionData.failure : null);
  const inReview = clip.state === 'in_review';
  return (
    <div>
      <p className="mb-4 text-sm">
        <Link to="/review" className={textLinkClasses}>
          ← Review queue
        </Link>
      </p>
      <PageHeader
        eyebrow={`Review · ${clip.orgName}`}
        title={clip.title}
        description={clip.submittedAt ? `Submitted ${formatDateTime(clip.submittedAt)}` : undefined}
      />
      {!inReview && (
        <Alert tone="info" className="mb-6">
          This clip is {clipStateLabel(clip.state).toLowerCase()}, not waiting for review.
        </Alert>
      )}
      <div className="space-y-6">
        <Card title="Preview and metadata">
          <div className="grid gap-6 md:grid-cols-2">
            <Player
              src={item.previewUrl}
              poster={clip.thumbnailUrl}
              label={`Preview of ${clip.title}`}
            />
            <DescriptionList
              items={[
                ...descriptionItems(clip),
                {
                  term: 'File',
                  detail: `${clip.fileName} · ${formatDuration(clip.durationMs)} · ${formatResolution(clip.width, clip.height)}${clip.fps ? ` · ${clip.fps} fps` : ''}${clip.codec ? ` · ${clip.codec}` : ''}${clip.hasAudio ? ' · audio' : ''}`,
                },
                {
                  term: 'SHA-256',
                  detail: <code className="text-xs break-all">{clip.sha256 ?? '—'}</code>,
                },
              ]}
            />
          </div>
        </Card>

        {item.duplicates.length > 0 && (
          <Card
            title="Possible duplicates"
            description="Compare the previews side by side before approving."
          >
            <div className="space-y-4">
              {item.duplicates.map((match) => (
                <DuplicateCard key={match.clip.id} item={item} match={match} />
              ))}
            </div>
          </Card>
        )}

        <Card title="People and releases">
          {item.identifiablePeople === false ? (
            <p className="text-sm text-slate-700">
              The creator says no identifiable person appears.
            </p>
          ) : item.people.length === 0 ? (
            <p className="text-sm text-slate-700">The creator has not said who appears.</p>
          ) : (
            <ul className="divide-y divide-slate-200">
              {item.people.map((entry) => (
                <li
                  key={entry.person.id}
                  className="flex flex-wrap items-center justify-between gap-2 py-3 text-sm"
                >
                  <div>
                    <p className="font-medium text-slate-900">{entry.person.name}</p>
                    {entry.release && (
                      <p className="text-slate-600">
                        Signed {formatDate(`${entry.release.signedOn}T00:00:00Z`)} · consents to AI
                        training: {entry.release.consent.aiTraining ? 'yes' : 'no'}, commercial use:{' '}
                        {entry.release.consent.commercialUse ? 'yes' : 'no'}, likeness synthesis:{' '}
                        {entry.release.consent.likenessSynthesis ? 'yes' : 'no'}
                        {entry.release.documentUrl && (
                          <>
                            {' · '}
                            <a
                              href={entry.release.documentUrl}
                              className={textLinkClasses}
                              target="_blank"
                              rel="noreferrer"
                            >
                              Open the release ({entry.release.fileName})
                            </a>
                          </>
                        )}
                      </p>
                    )}
                  </div>
                  <Badge tone={STATUS_TEXT[entry.status][1]}>{STATUS_TEXT[entry.status][0]}</Badge>
                </li>
              ))}
            </ul>
          )}
          <p className="mt-3 text-sm text-slate-700">
            {item.ownership
              ? `Ownership attested by ${item.ownership.name} on ${formatDateTime(item.ownership.attestedAt)}.`
              : 'Ownership has not been attested.'}
          </p>
        </Card>

        <Card title="Policy">
          {item.policy ? (
            <div className="space-y-3 text-sm">
              <p className="text-slate-900">
                <span className="font-medium">Version {item.policy.version.version}:</span>{' '}
                {item.policy.summary.text}
              </p>
              {terms && (
                <TermsText className="rounded-lg border border-slate-200 bg-slate-50 p-3">
                  {terms}
                </TermsText>
              )}
            </div>
          ) : (
            <p className="text-sm text-slate-700">No policy.</p>
          )}
        </Card>

        {item.previousReviews.length > 0 && (
          <Card title="Earlier reviews">
            <ul className="space-y-1 text-sm text-slate-700">
              {item.previousReviews.map((review) => (
                <li key={review.id}>
                  {formatDateTime(review.reviewedAt)}:{' '}
                  {review.decision === 'approve' ? 'approved' : 'rejected'}
                  {review.reason ? ` — ${review.reason}` : ''}
                </li>
              ))}
            </ul>
          </Card>
        )}

        {inReview && (
          <div className="grid gap-6 md:grid-cols-2">
            <Card title="Approve">
              <Form method="post" className="space-y-4" noValidate>
                <FormErrorAlert failure={failure('approve')} />
                <FormField
                  label="Note (optional)"
                  hint="Kept with the review; the creator does not see it."
                  error={failure('approve')?.fieldErrors.note}
                >
                  <TextArea name="note" rows={2} />
                </FormField>
                <SubmitButton intent="approve" loadingText="Approving…">
                  Approve and list
                </SubmitButton>
              </Form>
            </Card>
            <Card title="Reject">
              <Form method="post" className="space-y-4" noValidate>
                <FormErrorAlert failure={failure('reject')} />
                <FormField
                  label="Reason"
                  hint="The creator reads this in the studio and by email."
                  required
                  error={failure('reject')?.fieldErrors.reason}
                >
                  <TextArea
                    name="reason"
                    rows={3}
                    defaultValue={failure('reject')?.values.reason}
                  />
                </FormField>
                <SubmitButton intent="reject" variant="danger" loadingText="Rejecting…">
                  Reject
                </SubmitButton>
              </Form>
            </Card>
          </div>
        )}
      </div>
    </div>
  );
}
