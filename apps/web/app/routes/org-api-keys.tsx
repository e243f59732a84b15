import { CreateApiKey, type ApiKeyType } from '@clearframe/contracts/accounts';
import { Alert, Badge, Card, FormField, Input, Table } from '@clearframe/ui';
import { data, Form } from 'react-router';
import { CopyButton } from '../components/copy-button';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { SectionErrorBoundary } from '../components/route-error';
import { apiKeysApi } from '../lib/api/api-keys.server';
import { formValues, parseForm, problemToFailure, type FormFailure } from '../lib/form-errors';
import { formatDate, formatDateTime } from '../lib/labels';
import { useRootData } from '../lib/root-data';
import {
  notFound,
  requireMembership,
  requireViewer,
  throwProblem,
  type Viewer,
} from '../lib/viewer.server';
import type { Route } from './+types/org-api-keys';

const FIELDS = ['name'] as const;

export const meta: Route.MetaFunction = () => [{ title: 'API keys · Clearframe' }];

// Without JavaScript the new secret arrives in the HTML document itself; the action's no-store
// must reach that document too, not only the data response.
export const headers: Route.HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has('Cache-Control') ? actionHeaders : loaderHeaders;

function requireLab(viewer: Viewer, orgId: string | undefined) {
  const org = requireMembership(viewer, orgId);
  // API keys are how labs automate licensing; creator studios have none, so the page does not exist for them.
  if (org.kind !== 'lab') throw notFound('API keys are available to lab organizations.');
  return org;
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const org = requireLab(viewer, params.orgId);
  const keys = await apiKeysApi.listApiKeys(viewer.token, org.id);
  if (!keys.ok) throwProblem(keys.problem, request);
  return { org, keys: keys.data.items };
}

type ActionResult = {
  failure: FormFailure | null;
  created: { name: string; prefix: string; secret: string } | null;
};

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const org = requireLab(viewer, params.orgId);
  const formData = await request.formData();
  const intent = formData.get('intent');
  const fail = (failure: FormFailure, status: number) =>
    data<ActionResult>({ failure, created: null }, { status });

  if (intent === 'create') {
    const parsed = parseForm(CreateApiKey, formData, FIELDS);
    if (!parsed.ok) return fail(parsed.failure, 400);
    const result = await apiKeysApi.createApiKey(viewer.token, org.id, parsed.data);
    if (!result.ok)
      return fail(
        problemToFailure(result.problem, FIELDS, { values: formValues(formData, FIELDS) }),
        result.status,
      );
    const { apiKey, secret } = result.data;
    // The secret exists only in this one response; no cache anywhere may keep a copy.
    return data<ActionResult>(
      { failure: null, created: { name: apiKey.name, prefix: apiKey.prefix, secret } },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  }
  if (intent === 'revoke') {
    const result = await apiKeysApi.revokeApiKey(
      viewer.token,
      org.id,
      String(formData.get('keyId') ?? ''),
    );
    if (!result.ok) return fail(problemToFailure(result.problem, []), result.status);
    return data<ActionResult>({ failure: null, created: null });
  }
  return fail({ formError: 'Unknown action.', fieldErrors: {}, values: {} }, 400);
}

export default function ApiKeysPage({ loaderData, actionData }: Route.ComponentProps) {
  const { org, keys } = loaderData;
  const apiUrl = useRootData()?.env.PUBLIC_API_URL ?? '';
  const failure = actionData?.failure;
  const created = actionData?.created;
  const isOwner = org.role === 'owner';
  return (
    <div className="space-y-6">
      {created && (
        <Alert tone="success" title={`API key “${created.name}” created`}>
          <p>
            <strong>Copy this key now.</strong> It is shown only once; Clearframe keeps only a hash
            of it. If you lose it, revoke it and create a new one.
          </p>
          <FormField label="Your new API key" hint="Send it as an Authorization: Bearer header.">
            <div className="flex flex-wrap items-center gap-2">
              <Input
                readOnly
                value={created.secret}
                className="max-w-xl flex-1 font-mono"
                data-testid="api-key-secret"
                autoComplete="off"
                spellCheck={false}
              />
              <CopyButton value={created.secret} label="Copy key" />
            </div>
          </FormField>
          <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
            <code>{`curl -H "Authorization: Bearer ${created.prefix}…" ${apiUrl}/v1/auth/whoami`}</code>
          </pre>
        </Alert>
      )}
      <div className="space-y-6">
        {isOwner ? (
          <Card
            title="Create an API key"
            description="Keys let your scripts and pipelines search, license and download on behalf of this lab."
            className="max-w-2xl"
          >
            {/* Remounted after each new key so the name field starts empty again. */}
            <Form method="post" className="space-y-4" noValidate key={created?.prefix ?? 'new'}>
              <FormErrorAlert failure={failure} title="We could not do that" />
              <FormField
                label="Key name"
                hint="Where it will be used, e.g. “training pipeline”."
                error={failure?.fieldErrors.name}
                required
              >
                <Input name="name" autoComplete="off" defaultValue={failure?.values.name} />
              </FormField>
              <SubmitButton intent="create" loadingText="Creating…">
                Create API key
              </SubmitButton>
            </Form>
          </Card>
        ) : (
          <Card title="API keys">
            <FormErrorAlert failure={failure} />
            <p className="text-sm text-slate-700">
              Only owners of {org.name} can create and revoke API keys.
            </p>
          </Card>
        )}
        <Card title="Keys">
          <Table<ApiKeyType>
            caption={`API keys of ${org.name}`}
            captionHidden
            rows={keys}
            rowKey={(key) => key.id}
            empty="No API keys yet."
            columns={[
              { key: 'name', header: 'Name', rowHeader: true, cell: (key) => key.name },
              {
                key: 'prefix',
                header: 'Key',
                nowrap: true,
                cell: (key) => <code className="text-xs">{key.prefix}…</code>,
              },
              {
                key: 'created',
                header: 'Created',
                nowrap: true,
                cell: (key) => formatDate(key.createdAt),
              },
              {
                key: 'lastUsed',
                header: 'Last used',
                nowrap: true,
                cell: (key) =>
                  key.lastUsedAt ? (
                    formatDateTime(key.lastUsedAt)
                  ) : (
                    <span className="text-slate-600">Never</span>
                  ),
              },
              {
                key: 'status',
                header: 'Status',
                nowrap: true,
                cell: (key) =>
                  key.revokedAt ? (
                    <Badge tone="neutral">Revoked</Badge>
                  ) : (
                    <Badge tone="success">Active</Badge>
                  ),
              },
              {
                key: 'actions',
                header: 'Actions',
                hideHeader: true,
                align: 'end',
                cell: (key) =>
                  isOwner && !key.revokedAt ? (
                    <Form method="post">
                      <input type="hidden" name="keyId" value={key.id} />
                      <SubmitButton
                        intent="revoke"
                        pendingWhen={(formData) => formData.get('keyId') === key.id}
                        variant="ghost"
                        size="sm"
                      >
                        Revoke<span className="sr-only"> key {key.name}</span>
                      </SubmitButton>
                    </Form>
                  ) : null,
              },
            ]}
          />
        </Card>
      </div>
    </div>
  );
}

// A failing tab keeps the settings layout (heading, tabs) around its error.
export function ErrorBoundary() {
  return <SectionErrorBoundary />;
}
