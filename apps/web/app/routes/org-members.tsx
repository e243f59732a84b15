import { UpdateMember, type MemberType } from '@clearframe/contracts/accounts';
import { Badge, Card, Select, Table, buttonClasses } from '@clearframe/ui';
import { data, Form, Link, redirect } from 'react-router';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { SectionErrorBoundary } from '../components/route-error';
import { orgsApi } from '../lib/api/orgs.server';
import { destroyOrgId } from '../lib/cookies.server';
import { parseForm, problemToFailure, type FormFailure } from '../lib/form-errors';
import { formatDate, roleLabel } from '../lib/labels';
import { withNotice } from '../lib/notices';
import { requireMembership, requireViewer, throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/org-members';

export const meta: Route.MetaFunction = () => [{ title: 'Members · Clearframe' }];

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const org = requireMembership(viewer, params.orgId);
  const members = await orgsApi.listMembers(viewer.token, org.id);
  if (!members.ok) throwProblem(members.problem, request);
  return { org, members: members.data.items, myUserId: viewer.me.user.id };
}

const failed = (failure: FormFailure, status: number) => data({ failure }, { status });

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const org = requireMembership(viewer, params.orgId);
  const formData = await request.formData();
  const userId = String(formData.get('userId') ?? '');
  const intent = formData.get('intent');

  if (intent === 'change-role') {
    const parsed = parseForm(UpdateMember, formData, ['role']);
    if (!parsed.ok) return failed(parsed.failure, 400);
    const result = await orgsApi.updateMember(viewer.token, org.id, userId, parsed.data);
    if (!result.ok) return failed(problemToFailure(result.problem, []), result.status);
    return { failure: null };
  }
  if (intent === 'remove') {
    const result = await orgsApi.removeMember(viewer.token, org.id, userId);
    if (!result.ok) return failed(problemToFailure(result.problem, []), result.status);
    if (userId === viewer.me.user.id) {
      // Leaving: this organization is no longer yours to look at or to keep as the current one.
      return redirect(withNotice('/', 'left-org'), {
        headers: { 'Set-Cookie': await destroyOrgId(request) },
      });
    }
    return { failure: null };
  }
  return failed({ formError: 'Unknown action.', fieldErrors: {}, values: {} }, 400);
}

export default function MembersPage({ loaderData, actionData }: Route.ComponentProps) {
  const { org, members, myUserId } = loaderData;
  const isOwner = org.role === 'owner';
  const rowBusy = (userId: string) => (formData: FormData) => formData.get('userId') === userId;
  return (
    <Card
      title="Members"
      description={
        isOwner
          ? 'Owners manage members, invitations and API keys. Members can see the organization.'
          : undefined
      }
      actions={
        isOwner && (
          <Link
            to={`/orgs/${org.id}/settings/invitations`}
            className={buttonClasses({ size: 'sm' })}
          >
            Invite someone
          </Link>
        )
      }
    >
      <div className="space-y-4">
        <FormErrorAlert failure={actionData?.failure} />
        <Table<MemberType>
          caption={`Members of ${org.name}`}
          captionHidden
          rows={members}
          rowKey={(member) => member.userId}
          empty="No members."
          columns={[
            {
              key: 'name',
              header: 'Name',
              rowHeader: true,
              cell: (member) => (
                <span className="flex flex-col">
                  <span>
                    {member.name}
                    {member.userId === myUserId && (
                      <span className="font-normal text-slate-600"> (you)</span>
                    )}
                  </span>
                  <span className="font-normal text-slate-600">{member.email}</span>
                </span>
              ),
            },
            {
              key: 'role',
              header: 'Role',
              cell: (member) =>
                isOwner ? (
                  <Form method="post" className="flex flex-wrap items-center gap-2">
                    <input type="hidden" name="userId" value={member.userId} />
                    <label htmlFor={`role-${member.userId}`} className="sr-only">
                      Role of {member.name}
                    </label>
                    {/* A fixed width, so the select never shrinks below its own options. */}
                    <div className="w-32 shrink-0">
                      <Select
                        id={`role-${member.userId}`}
                        name="role"
                        defaultValue={member.role}
                        key={member.role}
                        className="py-1.5"
                      >
                        <option value="member">Member</option>
                        <option value="owner">Owner</option>
                      </Select>
                    </div>
                    <SubmitButton
                      intent="change-role"
                      pendingWhen={rowBusy(member.userId)}
                      variant="secondary"
                      size="sm"
                    >
                      Save<span className="sr-only"> role of {member.name}</span>
                    </SubmitButton>
                  </Form>
                ) : (
                  <Badge tone={member.role === 'owner' ? 'info' : 'neutral'}>
                    {roleLabel(member.role)}
                  </Badge>
                ),
            },
            {
              key: 'joined',
              header: 'Joined',
              nowrap: true,
              cell: (member) => formatDate(member.joinedAt),
            },
            {
              key: 'actions',
              header: 'Actions',
              hideHeader: true,
              align: 'end',
              cell: (member) =>
                isOwner || member.userId === myUserId ? (
                  <Form method="post">
                    <input type="hidden" name="userId" value={member.userId} />
                    <SubmitButton
                      intent="remove"
                      pendingWhen={rowBusy(member.userId)}
                      variant="ghost"
                      size="sm"
                    >
                      {member.userId === myUserId ? (
                        'Leave'
                      ) : (
                        <>
                          Remove<span className="sr-only"> {member.name}</span>
                        </>
                      )}
                    </SubmitButton>
                  </Form>
                ) : null,
            },
          ]}
        />
      </div>
    </Card>
  );
}

// A failing tab keeps the settings layout (heading, tabs) around its error.
export function ErrorBoundary() {
  return <SectionErrorBoundary />;
}
