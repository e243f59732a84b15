import { MODALITY_LABELS, USE_LABELS } from '@clearframe/contracts/license';
import { STAGE_LABELS } from '@clearframe/contracts/transparency';
import {
  Card,
  DescriptionList,
  PageHeader,
  Table,
  buttonClasses,
  textLinkClasses,
} from '@clearframe/ui';
import { Link } from 'react-router';
import { modelsApi, type DisclosureFile } from '../lib/api/models.server';
import { formatDuration } from '../lib/clip-labels';
import { formatDate, formatDateTime } from '../lib/labels';
import { throwProblem } from '../lib/viewer.server';
import type { Route } from './+types/disclosure';

export const meta: Route.MetaFunction = ({ loaderData }) => [
  {
    title: loaderData
      ? `${loaderData.disclosure.disclosure.model.name} ${loaderData.disclosure.disclosure.model.version} · Training data disclosure · Clearframe`
      : 'Training data disclosure · Clearframe',
  },
];

export async function loader({ request, params }: Route.LoaderArgs) {
  const disclosure = await modelsApi.publicDisclosure(params.disclosureId);
  if (!disclosure.ok) throwProblem(disclosure.problem, request);
  return { disclosure: disclosure.data };
}

const DOWNLOADS: { file: DisclosureFile; label: string }[] = [
  { file: 'disclosure.json', label: 'Disclosure (JSON)' },
  { file: 'disclosure.jws', label: 'Signed JWS' },
  { file: 'eu-ai-act.md', label: 'EU AI Act summary (Markdown)' },
  { file: 'eu-ai-act.json', label: 'EU AI Act summary (JSON)' },
  { file: 'croissant.json', label: 'Croissant RAI card' },
];

/** The public answer to "what was this model trained on?", as far as licensed footage goes. */
export default function DisclosurePage({ loaderData }: Route.ComponentProps) {
  const { disclosure } = loaderData;
  const content = disclosure.disclosure;
  const { totals, footage } = content;
  const period = (p: { from: string; until: string | null }) =>
    `${formatDate(p.from)} – ${p.until ? formatDate(p.until) : 'no end date'}`;
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <Link to={`/labs/${content.lab.orgId}`} className={textLinkClasses}>
            {content.lab.name}
          </Link>
        }
        title={`${content.model.name} ${content.model.version}`}
        description={`Training data disclosure, published ${formatDateTime(content.publishedAt)} and signed by Clearframe.`}
      />
      <Card title="Licensed footage">
        <DescriptionList
          items={[
            { term: 'Clips', detail: String(totals.clips) },
            {
              term: 'Length',
              detail: `${formatDuration(totals.seconds * 1000)} (${totals.hours} h)`,
            },
            { term: 'Creators', detail: String(totals.distinctCreators) },
            { term: 'Licensed', detail: `${period(footage.licensePeriod)} (license validity)` },
            { term: 'Listed', detail: `${period(footage.listingPeriod)} (when clips were listed)` },
            {
              term: 'Model outputs',
              detail: content.model.outputModalities.map((m) => MODALITY_LABELS[m]).join(', '),
            },
            {
              term: 'Release date',
              detail: content.model.releaseDate ? formatDate(content.model.releaseDate) : '—',
            },
          ]}
        />
      </Card>
      <Card title="Uses per training stage">
        <ul className="space-y-1 text-sm">
          {content.stages.map((stage) => (
            <li key={stage.stage}>
              <span className="font-medium text-slate-900">{STAGE_LABELS[stage.stage]}:</span>{' '}
              {USE_LABELS[stage.use]}, {stage.certificateIds.length} certificate
              {stage.certificateIds.length === 1 ? '' : 's'}
            </li>
          ))}
        </ul>
      </Card>
      <Card
        title="Certificates"
        description="Each is a signed license certificate; check its live status and signature."
      >
        <Table
          caption="Cited certificates"
          captionHidden
          columns={[
            {
              key: 'id',
              header: 'Certificate',
              rowHeader: true,
              cell: (certificate) => (
                <Link
                  to={`/verify?id=${certificate.certificateId}`}
                  className={`${textLinkClasses} font-mono text-xs break-all`}
                >
                  {certificate.certificateId}
                </Link>
              ),
            },
            {
              key: 'clips',
              header: 'Clips',
              align: 'end',
              cell: (certificate) => String(certificate.clipCount),
            },
            {
              key: 'length',
              header: 'Length',
              nowrap: true,
              cell: (certificate) => formatDuration(certificate.totalSeconds * 1000),
            },
            {
              key: 'root',
              header: 'Merkle root',
              cell: (certificate) => (
                <span className="font-mono text-xs break-all">{certificate.clipsMerkleRoot}</span>
              ),
            },
          ]}
          rows={content.certificates}
          rowKey={(certificate) => certificate.certificateId}
        />
      </Card>
      <Card
        title="Downloads"
        description={
          <>
            Verify the JWS with any JOSE library against{' '}
            <a href={disclosure.links.jwks} className={textLinkClasses}>
              the published keys
            </a>
            . The EU AI Act export prefills the licensed-data section of the public summary; the lab
            completes the rest.
          </>
        }
      >
        <ul className="flex flex-wrap gap-2">
          {DOWNLOADS.map(({ file, label }) => (
            <li key={file}>
              <a
                href={`/disclosures/${disclosure.id}/${file}`}
                className={buttonClasses({ variant: 'secondary', size: 'sm' })}
                download
              >
                {label}
              </a>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
