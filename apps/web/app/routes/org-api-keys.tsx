import {
  API_KEY_SCOPE_LABELS,
  API_KEY_SCOPES_BY_KIND,
  ApiKeyScope,
  CreateApiKeyForKind,
  orgKindHasApiKeys,
  type ApiKeyScopeType,
  type ApiKeyType,
  type MyOrganizationType,
  type OrgKindType,
} from '@clearframe/contracts/accounts';
import { Alert, Badge, Card, cx, FormField, Input, Table, VisuallyHidden } from '@clearframe/ui';
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

const FIELDS = ['name', 'scopes'] as const;

/**
 * What the create form starts with: what a key of each kind is most often for (a creator's bulk
 * uploader, a lab's catalog and bundle scripts), and nothing that edits listings, pays or
 * publishes until an owner ticks it.
 */
const DEFAULT_SCOPES: Readonly<Record<OrgKindType, readonly ApiKeyScopeType[]>> = {
  creator: ['catalog:read', 'clips:read', 'uploads:write'],
  lab: ['catalog:read', 'bundles:write', 'orders:read'],
  operator: [],
};

export const meta: Route.MetaFunction = () => [{ title: 'API keys · Clearframe' }];

// Without JavaScript the new secret arrives in the HTML document itself; the action's no-store
// must reach that document too, not only the data response.
export const headers: Route.HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has('Cache-Control') ? actionHeaders : loaderHeaders;

function requireKeyOrg(viewer: Viewer, orgId: string | undefined) {
  const org = requireMembership(viewer, orgId);
  // Creators automate uploads with keys and labs licensing; operators have none, so no page.
  if (!orgKindHasApiKeys(org.kind))
    throw notFound('API keys are available to creator and lab organizations.');
  return org;
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  const org = requireKeyOrg(viewer, params.orgId);
  const keys = await apiKeysApi.listApiKeys(viewer.token, org.id);
  if (!keys.ok) throwProblem(keys.problem, request);
  return { org, keys: keys.data.items };
}

type ActionResult = {
  failure: FormFailure | null;
  /** The scopes ticked in a refused create form, to tick them again. */
  checkedScopes?: ApiKeyScopeType[];
  created: { name: string; prefix: string; secret: string; scopes: ApiKeyScopeType[] } | null;
};

export async function action({ request, context, params }: Route.ActionArgs) {
  const viewer = requireViewer(context, request);
  const org = requireKeyOrg(viewer, params.orgId);
  const formData = await request.formData();
  const intent = formData.get('intent');
  const fail = (failure: FormFailure, status: number, checkedScopes?: ApiKeyScopeType[]) =>
    data<ActionResult>(
      { failure, created: null, ...(checkedScopes ? { checkedScopes } : {}) },
      { status },
    );

  if (intent === 'create') {
    const checked = ApiKeyScope.options.filter((scope) =>
      formData.getAll('scopes').includes(scope),
    );
    const parsed = parseForm(CreateApiKeyForKind(org.kind), formData, FIELDS, {
      lists: ['scopes'],
    });
    if (!parsed.ok) return fail(parsed.failure, 400, checked);
    const result = await apiKeysApi.createApiKey(viewer.token, org.id, parsed.data);
    if (!result.ok)
      return fail(
        problemToFailure(result.problem, FIELDS, { values: formValues(formData, ['name']) }),
        result.status,
        checked,
      );
    const { apiKey, secret } = result.data;
    // The secret exists only in this one response; no cache anywhere may keep a copy.
    return data<ActionResult>(
      {
        failure: null,
        created: { name: apiKey.name, prefix: apiKey.prefix, secret, scopes: apiKey.scopes },
      },
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
  const checked = actionData?.checkedScopes ?? DEFAULT_SCOPES[org.kind];
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
          <p>{`It may: ${created.scopes.map((scope) => API_KEY_SCOPE_LABELS[scope]).join('; ')}.`}</p>
          <p>Try it: this command asks the API which organization, key and scopes are calling.</p>
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
            description={`A key lets your scripts call the Clearframe API as ${org.name}, and only for what you tick below: the API refuses a key any request that needs a scope it was not given. Today a key can identify itself (whoami) and read this organization (with “${API_KEY_SCOPE_LABELS['catalog:read']}”); the other scopes take effect as those parts of the API open to keys.`}
            className="max-w-2xl"
          >
            {/* Remounted after each new key so the form starts from the defaults again. */}
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
              <ScopeChoices kind={org.kind} checked={checked} error={failure?.fieldErrors.scopes} />
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
                key: 'scopes',
                header: 'Scopes',
                cell: (key) => (
                  <ul className="space-y-1" data-testid="api-key-scopes">
                    {key.scopes.map((scope) => (
                      <li key={scope}>
                        <code className="text-xs">{scope}</code>
                        <span className="block text-xs text-slate-600">
                          {API_KEY_SCOPE_LABELS[scope]}
                        </span>
                      </li>
                    ))}
                  </ul>
                ),
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
          description={`Keep the key in the ${API_KEY_VARIABLE} environment variable and send it as a Bearer token. This request answers with the organization, key and scopes that made it:`}
          className="max-w-2xl"
        >
          <CopyableCode label="Example request" code={whoamiCurl(apiUrl)} />
        </Card>
      </div>
    </div>
  );
}

/**
 * The scopes a key of this organization's kind may hold, as native checkboxes in a fieldset:
 * they submit without JavaScript, and the legend names the group for screen readers.
 */
function ScopeChoices({
  kind,
  checked,
  error,
}: {
  kind: MyOrganizationType['kind'];
  checked: readonly ApiKeyScopeType[];
  error?: string | undefined;
}) {
  const errorId = error ? 'api-key-scopes-error' : undefined;
  return (
    <fieldset className="space-y-2" aria-describedby={errorId}>
      <legend className="text-sm font-medium text-slate-900">
        What this key may do
        <span className="text-red-700" aria-hidden="true">
          {' '}
          *
        </span>
      </legend>
      <p className="text-sm text-slate-600">
        Tick only what the script needs. Scopes cannot be changed later: create a new key instead.
      </p>
      <div className="space-y-2">
        {API_KEY_SCOPES_BY_KIND[kind].map((scope) => {
          const id = `scope-${scope.replace(':', '-')}`;
          return (
            <label
              key={scope}
              htmlFor={id}
              className={cx(
                'flex cursor-pointer items-start gap-3 rounded-md border bg-white px-3 py-2',
                'has-checked:border-indigo-700 has-checked:bg-indigo-50',
                error ? 'border-red-700' : 'border-slate-300',
              )}
            >
              <input
                id={id}
                type="checkbox"
                name="scopes"
                value={scope}
                defaultChecked={checked.includes(scope)}
                aria-invalid={error ? true : undefined}
                className="mt-0.5 size-4 accent-indigo-700"
              />
              <span className="text-sm">
                <span className="block text-slate-900">{API_KEY_SCOPE_LABELS[scope]}</span>
                <code className="text-xs text-slate-600">{scope}</code>
              </span>
            </label>
          );
        })}
      </div>
      {error && (
        <p id={errorId} className="text-sm font-medium text-red-700">
          <VisuallyHidden>Error: </VisuallyHidden>
          {error}
        </p>
      )}
    </fieldset>
  );
}

// A failing tab keeps the settings layout (heading, tabs) around its error.
export function ErrorBoundary() {
  return <SectionErrorBoundary />;
}
