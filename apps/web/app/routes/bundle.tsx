import { UpdateBundle } from '@clearframe/contracts/demand';
import {
  Alert,
  Badge,
  Card,
  FormField,
  Input,
  PageHeader,
  Table,
  textLinkClasses,
} from '@clearframe/ui';
import { data, Form, Link, redirect } from 'react-router';
import { BundleQuoteView } from '../components/bundle-quote';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { IntendedUseForm } from '../components/intended-use-form';
import { BundleOrder } from '../components/bundle-order';
import { bundlesApi } from '../lib/api/bundles.server';
import { ordersApi } from '../lib/api/orders.server';
import { requireLab } from '../lib/bundles.server';
import { formatDuration } from '../lib/clip-labels';
import { formValues, parseForm, problemToFailure, type FormFailure } from '../lib/form-errors';
import { INTENDED_USE_FIELDS, parseIntendedUse } from '../lib/intended-use';
import { RESOLUTION_TIER_SHORT } from '../lib/pricing-labels';
import { requireViewer, throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/bundle';

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData?.bundle.name ?? 'Bundle'} · Bundles · Clearframe` },
];

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const org = requireLab(viewer, params.orgId);
  const bundleId = params.bundleId;
  const [bundle, quote] = await Promise.all([
    bundlesApi.get(viewer.token, org.id, bundleId),
    bundlesApi.quote(viewer.token, org.id, bundleId),
  ]);
  if (!bundle.ok) throwProblem(bundle.problem, request);
  if (!quote.ok) throwProblem(quote.problem, request);
  // A new key each time the page is drawn: submitting this form twice places one order.
  return { org, bundle: bundle.data, quote: quote.data, idempotencyKey: crypto.randomUUID() };
}

type ActionResult = { intent: string; failure: FormFailure | null; notice: string | null };

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const org = requireLab(viewer, params.orgId);
  const bundleId = params.bundleId;
  const formData = await request.formData();
  const intent = String(formData.get('intent') ?? '');
  const result = (failure: FormFailure | null, notice: string | null, status = 200) =>
    data<ActionResult>({ intent, failure, notice }, { status });

  if (intent === 'rename') {
    const parsed = parseForm(UpdateBundle, formData, ['name']);
    if (!parsed.ok) return result(parsed.failure, null, 400);
    const saved = await bundlesApi.update(viewer.token, org.id, bundleId, parsed.data);
    if (!saved.ok)
      return result(
        problemToFailure(saved.problem, ['name'], { values: formValues(formData, ['name']) }),
        null,
        saved.status,
      );
    return result(null, 'Name saved.');
  }
  if (intent === 'intended-use') {
    const parsed = parseIntendedUse(formData);
    if (!parsed.ok) return result(parsed.failure, null, 400);
    const saved = await bundlesApi.update(viewer.token, org.id, bundleId, {
      intendedUse: parsed.data,
    });
    if (!saved.ok)
      return result(problemToFailure(saved.problem, INTENDED_USE_FIELDS), null, saved.status);
    return result(null, 'Intended use saved; the quote below uses it.');
  }
  if (intent === 'remove-clip') {
    const removed = await bundlesApi.removeClip(
      viewer.token,
      org.id,
      bundleId,
      String(formData.get('clipId') ?? ''),
    );
    if (!removed.ok) return result(problemToFailure(removed.problem, []), null, removed.status);
    return result(null, 'Clip removed from the bundle.');
  }
  if (intent === 'order') {
    const accepted = formData.getAll('acceptedTermsHashes').map(String);
    const termsCount = Number(formData.get('termsCount') ?? 0);
    if (accepted.length === 0 || accepted.length < termsCount) {
      return result(
        {
          formError:
            termsCount > 1
              ? `Accept each of the ${termsCount} sets of terms to order (you accepted ${accepted.length}).`
              : 'Accept the license terms to order.',
          fieldErrors: {},
          values: {},
        },
        null,
        400,
      );
    }
    const placed = await ordersApi.place(
      viewer.token,
      org.id,
      {
        bundleId,
        quoteToken: String(formData.get('quoteToken') ?? ''),
        acceptedTermsHashes: accepted,
      },
      String(formData.get('idempotencyKey') ?? ''),
    );
    if (!placed.ok) {
      return result(problemToFailure(placed.problem, []), null, placed.status);
    }
    const order = placed.data;
    return redirect(order.checkout?.url ?? `/orders/${org.id}/${order.id}`);
  }
  if (intent === 'delete') {
    const deleted = await bundlesApi.delete(viewer.token, org.id, bundleId);
    if (!deleted.ok) return result(problemToFailure(deleted.problem, []), null, deleted.status);
    return redirect(`/bundles/${org.id}`);
  }
  return result({ formError: 'Unknown action.', fieldErrors: {}, values: {} }, null, 400);
}

export default function BundlePage({ loaderData, actionData }: Route.ComponentProps) {
  const { org, bundle, quote, idempotencyKey } = loaderData;
  const failureOf = (intent: string) => (actionData?.intent === intent ? actionData.failure : null);
  const renameFailure = failureOf('rename');
  const otherFailure = failureOf('remove-clip') ?? failureOf('delete');
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to={`/bundles/${org.id}`} className={textLinkClasses}>
          ← Bundles
        </Link>
      </p>
      <PageHeader
        eyebrow={org.name}
        title={bundle.name}
        description={`${bundle.clipCount} clip${bundle.clipCount === 1 ? '' : 's'} · quoted with ${quote.quote.rateCardId}`}
      />
      {actionData?.notice && (
        <Alert tone="success" title="Done">
          <p>{actionData.notice}</p>
        </Alert>
      )}
      <FormErrorAlert failure={otherFailure} />
      <BundleQuoteView quoted={quote} clips={bundle.clips} />
      <BundleOrder quoted={quote} idempotencyKey={idempotencyKey} failure={failureOf('order')} />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card
            title="Intended use"
            description="What you will do with the footage. Clips whose policy does not allow it are left out of the quote, with the reason."
          >
            <IntendedUseForm request={bundle.intendedUse} failure={failureOf('intended-use')} />
          </Card>
        </div>
        <div className="min-w-0 space-y-6">
          <Card title="Name">
            <Form method="post" className="space-y-4" noValidate>
              <FormErrorAlert failure={renameFailure} />
              <FormField label="Bundle name" required error={renameFailure?.fieldErrors.name}>
                <Input
                  name="name"
                  defaultValue={renameFailure?.values.name ?? bundle.name}
                  autoComplete="off"
                />
              </FormField>
              <SubmitButton intent="rename" variant="secondary">
                Rename
              </SubmitButton>
            </Form>
          </Card>
          <Card
            title="Delete bundle"
            description="The clips stay in the catalog; only this bundle goes."
          >
            <Form method="post">
              <SubmitButton intent="delete" variant="danger">
                Delete bundle
              </SubmitButton>
            </Form>
          </Card>
        </div>
      </div>
      <Card
        title="Clips"
        description={
          <>
            Add clips from the{' '}
            <Link to="/catalog" className={textLinkClasses}>
              catalog
            </Link>
            .
          </>
        }
      >
        <Table
          caption="Clips in this bundle, in the order they were added"
          captionHidden
          columns={[
            {
              key: 'title',
              header: 'Clip',
              rowHeader: true,
              cell: (clip) =>
                clip.listed ? (
                  <Link to={`/catalog/${clip.clipId}`} className={textLinkClasses}>
                    {clip.title}
                  </Link>
                ) : (
                  <span>
                    {clip.title} <Badge tone="warning">No longer listed</Badge>
                  </span>
                ),
            },
            { key: 'creator', header: 'Creator', cell: (clip) => clip.creator.name },
            {
              key: 'length',
              header: 'Length',
              nowrap: true,
              cell: (clip) =>
                `${formatDuration(clip.durationMs)}${clip.resolution ? ` · ${RESOLUTION_TIER_SHORT[clip.resolution]}` : ''}`,
            },
            {
              key: 'remove',
              header: 'Actions',
              hideHeader: true,
              align: 'end',
              cell: (clip) => (
                <Form method="post">
                  <input type="hidden" name="clipId" value={clip.clipId} />
                  <SubmitButton
                    intent="remove-clip"
                    variant="ghost"
                    size="sm"
                    pendingWhen={(formData) => formData.get('clipId') === clip.clipId}
                  >
                    Remove <span className="sr-only">{clip.title}</span>
                  </SubmitButton>
                </Form>
              ),
            },
          ]}
          rows={bundle.clips}
          rowKey={(clip) => clip.clipId}
          empty="No clips yet."
        />
      </Card>
    </div>
  );
}
