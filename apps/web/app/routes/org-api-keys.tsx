import { CreateApiKey, type ApiKeyType } from '@clearframe/contracts/accounts';
import { Alert, Badge, Card, FormField, Input, Table } from '@clearframe/ui';
import { data, Form } from 'react-router';
import { CopyableCode, CopyableField } from '../components/copyable';
import { FormErrorAlert, SubmitButton } from '../components/forms';
import { SectionErrorBoundary } from '../components/route-error';
import { apiKeysApi } from '../lib/api/api-keys.server';
import { formValues, parseForm, problemToFailure, type FormFailure } from '../lib/form-errors';
import { API_KEY_VARIABLE, whoamiCurl } from '../lib/api-examples';
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
          <CopyableField
            label="Your new API key"
            hint="Send it as an Authorization: Bearer header."
            value={created.secret}
            copyLabel="Copy key"
            testId="api-key-secret"
          />
          <p>Try it: this command asks the API which lab and key are calling.</p>
          <CopyableCode
            label="Example request with the new key"
            code={whoamiCurl(apiUrl, created.secret)}
          />
        </Alert>
      )}
      <div className="space-y-6">
        {isOwner ? (
          <Card
            title="Create an API key"
            description="A key lets your scripts call the Clearframe API as this lab. Today the API answers one request with a key: which lab and key are calling (whoami). Catalog search, licensing and downloads do not accept keys yet."
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
        <Card
          title="Use a key"
          description={`Keep the key in the ${API_KEY_VARIABLE} environment variable and send it as a Bearer token. This request answers with the lab and key that made it:`}
          className="max-w-2xl"
        >
          <CopyableCode label="Example request" code={whoamiCurl(apiUrl)} />
        </Card>
      </div>
    </div>
  );
}

// A failing tab keeps the settings layout (heading, tabs) around its error.
export function ErrorBoundary() {
  return <SectionErrorBoundary />;
}
