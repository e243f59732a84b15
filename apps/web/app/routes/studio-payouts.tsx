import {
  describePayoutRequirement,
  SetManualPayoutDetails,
  type PayoutAccountStatusType,
  type PayoutRequirementType,
} from '@clearframe/contracts/money';
import {
  Alert,
  Badge,
  Card,
  DescriptionList,
  FormField,
  Input,
  PageHeader,
  textLinkClasses,
  type BadgeTone,
} from '@clearframe/ui';
import { data, Form, Link, redirect } from 'react-router';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { payoutAccountsApi } from '../lib/api/payout-account.server';
import { formValues, parseForm, problemToFailure, type FormFailure } from '../lib/form-errors';
import { formatDateTime } from '../lib/labels';
import { requireStudio } from '../lib/studio.server';
import { notFound, requireViewer, throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/studio-payouts';

const FIELDS = ['holderName', 'accountNumber', 'country', 'bankName'] as const;

export const STATUS: Record<PayoutAccountStatusType, { label: string; tone: BadgeTone }> = {
  not_started: { label: 'Not set up', tone: 'neutral' },
  pending: { label: 'Setup in progress', tone: 'warning' },
  ready: { label: 'Ready for payouts', tone: 'success' },
  restricted: { label: 'Payouts paused by Stripe', tone: 'danger' },
};

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Payouts · ${loaderData?.org.name ?? 'Studio'} · Clearframe` },
];

/** Only owners decide where the studio's money goes; anyone else is told there is no such page. */
function requireOwnedStudio(viewer: ReturnType<typeof requireViewer>, orgId: string | undefined) {
  const org = requireStudio(viewer, orgId);
  if (org.role !== 'owner') throw notFound('Only the studio’s owners manage its payouts.');
  return org;
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const org = requireOwnedStudio(viewer, params.orgId);
  const onboarding = new URL(request.url).searchParams.get('onboarding');
  if (onboarding === 'refresh') {
    // Stripe's refresh URL: the link expired or was used; a fresh one continues where it was.
    const link = await payoutAccountsApi.onboardingLink(viewer.token, org.id);
    if (!link.ok) throwProblem(link.problem, request);
    return redirect(link.data.url);
  }
  const account = await payoutAccountsApi.get(viewer.token, org.id);
  if (!account.ok) throwProblem(account.problem, request);
  return { org, account: account.data, returned: onboarding === 'return' };
}

type ActionData = { failure: FormFailure | null; saved: boolean };

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const org = requireOwnedStudio(viewer, params.orgId);
  const formData = await request.formData();
  const intent = formData.get('intent');
  if (intent === 'onboard') {
    const link = await payoutAccountsApi.onboardingLink(viewer.token, org.id);
    if (!link.ok)
      return data<ActionData>(
        { failure: problemToFailure(link.problem, []), saved: false },
        { status: link.status },
      );
    return redirect(link.data.url);
  }
  if (intent !== 'manual')
    return data<ActionData>(
      { failure: { formError: 'Unknown action.', fieldErrors: {}, values: {} }, saved: false },
      { status: 400 },
    );
  const country = formData.get('country');
  if (typeof country === 'string') formData.set('country', country.trim().toUpperCase());
  const parsed = parseForm(SetManualPayoutDetails, formData, FIELDS);
  // The account number is never written back into the page.
  if (!parsed.ok)
    return data<ActionData>(
      { failure: withoutNumber(parsed.failure), saved: false },
      { status: 400 },
    );
  const saved = await payoutAccountsApi.setManual(viewer.token, org.id, parsed.data);
  if (!saved.ok) {
    const { accountNumber: _number, ...values } = formValues(formData, FIELDS);
    return data<ActionData>(
      { failure: problemToFailure(saved.problem, FIELDS, { values }), saved: false },
      { status: saved.status },
    );
  }
  return { failure: null, saved: true } satisfies ActionData;
}

function withoutNumber(failure: FormFailure): FormFailure {
  const { accountNumber: _dropped, ...values } = failure.values;
  return { ...failure, values };
}

function Requirements({ title, items }: { title: string; items: PayoutRequirementType[] }) {
  if (items.length === 0) return null;
  // The same sentence for several of Stripe's fields (a date of birth is three) is said once.
  const sentences = [...new Set(items.map((item) => describePayoutRequirement(item.code)))];
  return (
    <div className="space-y-2">
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700 [overflow-wrap:anywhere]">
        {sentences.map((sentence) => (
          <li key={sentence}>{sentence}</li>
        ))}
      </ul>
    </div>
  );
}

/** How the studio gets paid: Stripe onboarding, or manual payout details in embedded mode. */
export default function StudioPayoutsPage({ loaderData, actionData }: Route.ComponentProps) {
  const { org, account, returned } = loaderData;
  const status = STATUS[account.status];
  const failure = actionData?.failure ?? null;
  const { currentlyDue, pastDue } = account.requirements;
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to={`/studio/${org.id}`} className={textLinkClasses}>
          ← Studio
        </Link>
      </p>
      <PageHeader
        eyebrow={org.name}
        title="Payouts"
        description={
          account.payouts === 'stripe'
            ? 'Royalties are paid into the Stripe account you connect here. Stripe asks for what the law requires to pay you, and keeps your bank details.'
            : 'This Clearframe runs without Stripe: enter where you want to be paid, and payouts are recorded as manual.'
        }
      />
      <div>
        <Badge tone={status.tone}>{status.label}</Badge>
      </div>
      {account.payouts === 'stripe' ? (
        <>
          {returned && account.status !== 'ready' && (
            <Alert tone="info" title="Back from Stripe">
              <p>
                Stripe is checking what you gave; this page shows its answer as soon as it arrives.
                If something is still needed, it is listed below.
              </p>
            </Alert>
          )}
          {account.status === 'ready' && (
            <Alert tone="success" title="Ready for payouts">
              <p>
                Stripe has everything it needs. Royalties are paid out after each monthly statement.
              </p>
            </Alert>
          )}
          {account.status === 'restricted' && (
            <Alert tone="danger" title="Stripe has paused payouts">
              <p>
                Stripe gave this reason: <code>{account.requirements.disabledReason}</code>. Open
                Stripe to see what it needs, or contact its support.
              </p>
            </Alert>
          )}
          <Card
            title={account.status === 'not_started' ? 'Set up payouts' : 'What Stripe still needs'}
          >
            <div className="space-y-4">
              <Requirements title="Overdue: payouts stop until these are given" items={pastDue} />
              <Requirements title="Needed now" items={currentlyDue} />
              {account.status === 'pending' &&
                pastDue.length === 0 &&
                currentlyDue.length === 0 && (
                  <p className="text-sm text-slate-700">
                    Nothing to give right now: Stripe is verifying what you sent.
                  </p>
                )}
              <FormErrorAlert failure={failure} />
              {account.status !== 'ready' && (
                <Form method="post">
                  <SubmitButton intent="onboard" loadingText="Opening Stripe…">
                    {account.status === 'not_started'
                      ? 'Set up payouts with Stripe'
                      : 'Continue setup'}
                  </SubmitButton>
                </Form>
              )}
              {account.updatedAt && (
                <p className="text-xs text-slate-600">
                  Last update {formatDateTime(account.updatedAt)}
                </p>
              )}
            </div>
          </Card>
        </>
      ) : (
        <>
          <Alert tone="info" title="Payouts are recorded as manual">
            <p>
              No money moves through Clearframe here: each payout is recorded as manual, to be paid
              by bank transfer to the account below. Only the last four characters of the account
              number are kept.
            </p>
          </Alert>
          {account.manual && (
            <Card title="Where payouts go">
              <DescriptionList
                items={[
                  { term: 'Account holder', detail: account.manual.holderName },
                  { term: 'Account', detail: `ending in ${account.manual.accountLast4}` },
                  { term: 'Bank', detail: account.manual.bankName },
                  { term: 'Country', detail: account.manual.country },
                ]}
              />
            </Card>
          )}
          <Card title={account.manual ? 'Change the payout details' : 'Payout details'}>
            <Form method="post" className="max-w-md space-y-4" noValidate>
              {actionData?.saved && <Alert tone="success">Saved.</Alert>}
              <FormErrorAlert failure={failure} />
              <FormField label="Account holder" error={failure?.fieldErrors.holderName} required>
                <Input
                  name="holderName"
                  autoComplete="name"
                  defaultValue={failure?.values.holderName ?? account.manual?.holderName ?? ''}
                />
              </FormField>
              <FormField
                label="IBAN or account number"
                hint="Spaces are fine. Only the last four characters are kept."
                error={failure?.fieldErrors.accountNumber}
                required
              >
                <Input name="accountNumber" autoComplete="off" spellCheck={false} />
              </FormField>
              <FormField
                label="Bank country"
                hint="Two letters, such as FR or US."
                error={failure?.fieldErrors.country}
                required
              >
                <Input
                  name="country"
                  maxLength={2}
                  className="w-24 uppercase"
                  defaultValue={failure?.values.country ?? account.manual?.country ?? ''}
                />
              </FormField>
              <FormField label="Bank name" error={failure?.fieldErrors.bankName} required>
                <Input
                  name="bankName"
                  defaultValue={failure?.values.bankName ?? account.manual?.bankName ?? ''}
                />
              </FormField>
              <SubmitButton intent="manual" loadingText="Saving…">
                Save payout details
              </SubmitButton>
            </Form>
          </Card>
        </>
      )}
    </div>
  );
}
