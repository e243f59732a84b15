import type { OverdueDisclosureRecordType } from '@clearframe/contracts/transparency';
import { Badge, Card, PageHeader, Table, textLinkClasses } from '@clearframe/ui';
import { Link } from 'react-router';
import { modelsApi } from '../lib/api/models.server';
import { formatDate, formatDateTime } from '../lib/labels';
import { requireOperator } from '../lib/operator.server';
import { requireViewer, throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/operator-disclosures';

export const meta: Route.MetaFunction = () => [{ title: 'Overdue disclosures · Clearframe' }];

export async function loader({ request, context }: Route.LoaderArgs) {
  const viewer = requireViewer(context, request);
  requireOperator(viewer);
  const list = await modelsApi.overdueDisclosures(viewer.token);
  if (!list.ok) throwProblem(list.problem, request);
  return { items: list.data.items };
}

const DAY_MS = 86_400_000;

/** Whole days, rounded up, the disclosure came after its deadline (as the API counts them). */
function daysLate(r: OverdueDisclosureRecordType): string {
  const days = Math.ceil((Date.parse(r.disclosedAt!) - Date.parse(r.deadline)) / DAY_MS);
  return `${days} day${days === 1 ? '' : 's'}`;
}

/** Required disclosures found overdue (decision 022), and whether the lab has published since. */
export default function OperatorDisclosuresPage({ loaderData }: Route.ComponentProps) {
  const columns = [
    {
      key: 'lab',
      header: 'Lab',
      rowHeader: true,
      cell: (r: OverdueDisclosureRecordType) => (
        <Link to={`/labs/${r.lab.orgId}`} className={textLinkClasses}>
          {r.lab.name}
        </Link>
      ),
    },
    {
      key: 'model',
      header: 'Model',
      cell: (r: OverdueDisclosureRecordType) => `${r.model.name} ${r.model.version}`,
    },
    {
      key: 'certificate',
      header: 'Certificate',
      cell: (r: OverdueDisclosureRecordType) => (
        <span className="font-mono text-xs break-all">{r.certificateId}</span>
      ),
    },
    {
      key: 'deadline',
      header: 'Due',
      nowrap: true,
      cell: (r: OverdueDisclosureRecordType) => formatDate(r.deadline),
    },
    {
      key: 'state',
      header: 'Now',
      cell: (r: OverdueDisclosureRecordType) =>
        r.disclosedAt ? (
          <Badge tone="warning">Published {daysLate(r)} late</Badge>
        ) : (
          <Badge tone="danger">Overdue</Badge>
        ),
    },
    {
      key: 'recorded',
      header: 'Found',
      nowrap: true,
      cell: (r: OverdueDisclosureRecordType) =>
        `${formatDateTime(r.recordedAt)} · ${r.notified} mail${r.notified === 1 ? '' : 's'}`,
    },
  ];
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow="Operations"
        title="Overdue disclosures"
        description="Models released without the training-data disclosure their licenses require, by the deadline. Each was mailed once to the creators concerned and to operators."
      />
      <Card>
        <Table
          caption="Overdue disclosures"
          captionHidden
          columns={columns}
          rows={loaderData.items}
          rowKey={(r) => `${r.model.id}-${r.certificateId}`}
          empty="No required disclosure has been overdue."
        />
      </Card>
    </div>
  );
}
