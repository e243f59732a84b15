import type { MyOrganizationType } from '@clearframe/contracts/accounts';
import { Button, Select } from '@clearframe/ui';
import { Form, useLocation, useSubmit } from 'react-router';
import { orgKindLabel } from '../lib/labels';

/**
 * Picks the current organization. A plain form posting to /orgs/switch, so it works without
 * JavaScript (choose, then "Switch"); with JavaScript the choice submits on change.
 */
export function OrgSwitcher({
  organizations,
  current,
}: {
  organizations: readonly MyOrganizationType[];
  current: MyOrganizationType;
}) {
  const location = useLocation();
  const submit = useSubmit();
  return (
    <Form method="post" action="/orgs/switch" className="flex min-w-0 items-center gap-2">
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <label htmlFor="org-switcher" className="sr-only">
        Current organization
      </label>
      <Select
        key={current.id}
        id="org-switcher"
        name="orgId"
        defaultValue={current.id}
        className="min-w-0 flex-1 py-1.5 sm:w-auto sm:max-w-[20rem] sm:flex-none"
        onChange={(event) => submit(event.currentTarget.form)}
      >
        {organizations.map((org) => (
          <option key={org.id} value={org.id}>
            {org.name} · {orgKindLabel(org.kind)}
          </option>
        ))}
      </Select>
      <Button type="submit" variant="secondary" size="sm">
        Switch
      </Button>
    </Form>
  );
}
