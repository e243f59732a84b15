import { CreateInvitation, type InvitationType } from '@clearframe/contracts/accounts';
import {
  Alert,
  Badge,
  Card,
  FormField,
  Input,
  Select,
  Table,
  type BadgeTone,
} from '@clearframe/ui';
import { data, Form } from 'react-router';
import { CopyableField } from '../components/copyable';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { SectionErrorBoundary } from '../components/route-error';
import { invitationsApi } from '../lib/api/invitations.server';
import { formValues, parseForm, problemToFailure, type FormFailure } from '../lib/form-errors';
import { splitInvitations } from '../lib/invitations';
import { formatDate, roleLabel } from '../lib/labels';
import { requireMembership, requireViewer, throwProblem, type Viewer } from '../lib/viewer.server';
import type { Route } from './+types/org-invitations';

const FIELDS = ['email', 'role'] as const;

export const meta: Route.MetaFunction = () => [{ title: 'Invitations · Clearframe' }];

function requireOwner(viewer: Viewer, orgId: string | undefined) {
  const org = requireMembership(viewer, orgId);
  if (org.role !== 'owner')
    throw data('Only owners of this organization can manage invitations.', { status: 403 });
  return org;
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const org = requireOwner(viewer, params.orgId);
  const invitations = await invitationsApi.listInvitations(viewer.token, org.id);
  if (!invitations.ok) throwProblem(invitations.problem, request);
  return { org, invitations: invitations.data.items };
}

type ActionResult = {
  failure: FormFailure | null;
  created: { email: string; acceptUrl: string } | null;
};

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const org = requireOwner(viewer, params.orgId);
  const formData = await request.formData();
  const intent = formData.get('intent');
  const fail = (failure: FormFailure, status: number) =>
    data<ActionResult>({ failure, created: null }, { status });

  if (intent === 'invite') {
    const parsed = parseForm(CreateInvitation, formData, FIELDS);
    if (!parsed.ok) return fail(parsed.failure, 400);
    const result = await invitationsApi.createInvitation(viewer.token, org.id, parsed.data);
    if (!result.ok) {
      return fail(
        problemToFailure(result.problem, FIELDS, {
          codeFields: { already_member: 'email', conflict: 'email' },
          values: formValues(formData, FIELDS),
        }),
        result.status,
      );
    }
    return data<ActionResult>({
      failure: null,
      created: { email: result.data.invitation.email, acceptUrl: result.data.acceptUrl },
    });
  }
  if (intent === 'revoke') {
    const result = await invitationsApi.revokeInvitation(
      viewer.token,
      org.id,
      String(formData.get('invitationId') ?? ''),
    );
    if (!result.ok) return fail(problemToFailure(result.problem, []), result.status);
    return data<ActionResult>({ failure: null, created: null });
  }
  return fail({ formError: 'Unknown action.', fieldErrors: {}, values: {} }, 400);
}

const statusTone: Record<InvitationType['status'], BadgeTone> = {
  pending: 'info',
  accepted: 'success',
  revoked: 'neutral',
  expired: 'warning',
};

const statusLabel: Record<InvitationType['status'], string> = {
  pending: 'Pending',
  accepted: 'Accepted',
  revoked: 'Withdrawn',
  expired: 'Expired',
};

export default function InvitationsPage({ loaderData, actionData }: Route.ComponentProps) {
  const { org, invitations } = loaderData;
  const failure = actionData?.failure;
  const created = actionData?.created;
  const { pending, past } = splitInvitations(invitations);
  return (
    <div className="space-y-6">
      <Card
        title="Invite someone"
        description={`They get an email with a link to join ${org.name}. Inviting someone again replaces their earlier link.`}
        className="max-w-2xl"
      >
        {/* Remounted after each invitation so the email field starts empty again. */}
        <Form method="post" className="space-y-4" noValidate key={created?.acceptUrl ?? 'new'}>
          <FormErrorAlert failure={failure} title="We could not send the invitation" />
          {created && (
            <Alert tone="success" title={`Invitation sent to ${created.email}`}>
              <p>
                No mail server? Share this link with them directly — it only works for that email
                address.
              </p>
              <CopyableField
                label="Invitation link"
                value={created.acceptUrl}
                copyLabel="Copy link"
              />
            </Alert>
          )}
          <FormField label="Email address" error={failure?.fieldErrors.email} required>
            <Input
              name="email"
              type="email"
              autoComplete="off"
              defaultValue={failure?.values.email}
            />
          </FormField>
          <FormField
            label="Role"
            hint="Owners can manage members, invitations and API keys."
            error={failure?.fieldErrors.role}
          >
            <Select name="role" defaultValue={failure?.values.role ?? 'member'}>
              <option value="member">Member</option>
              <option value="owner">Owner</option>
            </Select>
          </FormField>
          <SubmitButton intent="invite" loadingText="Sending…">
            Send invitation
          </SubmitButton>
        </Form>
      </Card>
      <Card title="Pending invitations">
        <div className="space-y-4">
          <Table<InvitationType>
            caption={`Pending invitations to ${org.name}`}
            captionHidden
            rows={pending}
            rowKey={(invitation) => invitation.id}
            empty="No pending invitations."
            columns={[
              {
                key: 'email',
                header: 'Email',
                rowHeader: true,
                cell: (invitation) => invitation.email,
              },
              {
                key: 'role',
                header: 'Role',
                nowrap: true,
                cell: (invitation) => roleLabel(invitation.role),
              },
              {
                key: 'sent',
                header: 'Sent',
                nowrap: true,
                cell: (invitation) => formatDate(invitation.createdAt),
              },
              {
                key: 'expires',
                header: 'Expires',
                nowrap: true,
                cell: (invitation) => formatDate(invitation.expiresAt),
              },
              {
                key: 'actions',
                header: 'Actions',
                hideHeader: true,
                align: 'end',
                cell: (invitation) => (
                  <Form method="post">
                    <input type="hidden" name="invitationId" value={invitation.id} />
                    <SubmitButton
                      intent="revoke"
                      pendingWhen={(formData) => formData.get('invitationId') === invitation.id}
                      variant="ghost"
                      size="sm"
                    >
                      Revoke<span className="sr-only"> invitation for {invitation.email}</span>
                    </SubmitButton>
                  </Form>
                ),
              },
            ]}
          />
          {past.length > 0 && (
            // Closed invitations are history, not work to do: collapsed, and works without JavaScript.
            <details className="rounded-lg border border-slate-200">
              <summary className="cursor-pointer rounded-lg px-4 py-3 text-sm font-medium text-slate-800 hover:bg-slate-50">
                Past invitations ({past.length})
              </summary>
              <div className="px-4 pb-4">
                <Table<InvitationType>
                  caption={`Past invitations to ${org.name}`}
                  captionHidden
                  rows={past}
                  rowKey={(invitation) => invitation.id}
                  columns={[
                    {
                      key: 'email',
                      header: 'Email',
                      rowHeader: true,
                      cell: (invitation) => invitation.email,
                    },
                    {
                      key: 'role',
                      header: 'Role',
                      nowrap: true,
                      cell: (invitation) => roleLabel(invitation.role),
                    },
                    {
                      key: 'status',
                      header: 'Status',
                      nowrap: true,
                      cell: (invitation) => (
                        <Badge tone={statusTone[invitation.status]}>
                          {statusLabel[invitation.status]}
                        </Badge>
                      ),
                    },
                    {
                      key: 'sent',
                      header: 'Sent',
                      nowrap: true,
                      cell: (invitation) => formatDate(invitation.createdAt),
                    },
                  ]}
                />
              </div>
            </details>
          )}
        </div>
      </Card>
    </div>
  );
}

// A failing tab keeps the settings layout (heading, tabs) around its error.
export function ErrorBoundary() {
  return <SectionErrorBoundary />;
}
