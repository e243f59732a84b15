import type {
  DisclosureObligationType,
  DisclosureStandingType,
} from '@clearframe/contracts/transparency';
import { Alert, Badge } from '@clearframe/ui';
import { formatDate } from '../lib/labels';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** "Disclosure overdue since 1 Mar 2026", with how many certificates require it. */
export function overdueLine(overdue: NonNullable<DisclosureStandingType['overdue']>): string {
  return `Disclosure overdue since ${formatDate(overdue.since)} (required by ${plural(overdue.certificates, 'certificate')})`;
}

/** "Disclosure published 3 days late (due 1 Mar 2026)". */
export function lateLine(late: { daysLate: number; deadline: string }): string {
  return `Disclosure published ${plural(late.daysLate, 'day')} late (due ${formatDate(late.deadline)})`;
}

/**
 * What a model's page says about the disclosures its licenses require (decision 022): a warning
 * while one is overdue, and a note for each published late. Nothing when all are in time.
 */
export function DisclosureStandingNotice({ standing }: { standing: DisclosureStandingType }) {
  if (!standing.overdue && standing.late.length === 0) return null;
  return (
    <div className="space-y-2">
      {standing.overdue && (
        <Alert tone="danger" title={overdueLine(standing.overdue)}>
          <p>
            The licenses this model was trained under require its training-data disclosure, and the
            deadline has passed without one. The creators concerned and Clearframe’s operators have
            been told.
          </p>
        </Alert>
      )}
      {standing.late.map((late) => (
        <p key={`${late.deadline}-${late.publishedAt}`}>
          <Badge tone="warning">{lateLine(late)}</Badge>
        </p>
      ))}
    </div>
  );
}

const STATE_LABELS: Record<DisclosureObligationType['state'], string> = {
  pending: 'Due',
  met: 'Published in time',
  overdue: 'Overdue',
  late: 'Published late',
};

/** The lab's list of the disclosures its model owes, one line per certificate. */
export function ObligationList({ obligations }: { obligations: DisclosureObligationType[] }) {
  return (
    <ul className="space-y-2 text-sm">
      {obligations.map((obligation) => (
        <li key={obligation.certificateId}>
          <Badge
            tone={
              obligation.state === 'overdue'
                ? 'danger'
                : obligation.state === 'late'
                  ? 'warning'
                  : obligation.state === 'met'
                    ? 'success'
                    : 'neutral'
            }
          >
            {STATE_LABELS[obligation.state]}
          </Badge>{' '}
          due {formatDate(obligation.deadline)}
          {obligation.daysLate ? `, published ${plural(obligation.daysLate, 'day')} late` : ''}
          <span className="block font-mono text-xs break-all text-slate-500">
            {obligation.certificateId}
          </span>
        </li>
      ))}
    </ul>
  );
}
