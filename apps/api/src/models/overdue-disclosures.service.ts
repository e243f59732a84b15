import { Injectable, Logger } from '@nestjs/common';
import { LICENSE_SCHEMA_ID_V2 } from '@clearframe/contracts/license';
import type {
  DisclosureObligationType,
  DisclosureStandingType,
  ModelDisclosureObligationsType,
  OverdueDisclosureRecordType,
} from '@clearframe/contracts/transparency';
import type { OrgContext } from '../access/principal.js';
import { AuditLog } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { Mailer } from '../mail/mailer.service.js';
import { ModelsErrors } from './models.errors.js';
import { ModelsRepository } from './models.repository.js';
import {
  OverdueDisclosuresRepository,
  type CitedGrantRow,
} from './overdue-disclosures.repository.js';

const DAY_MS = 86_400_000;

/** One obligation with what detection and notices need besides the DTO. */
export interface Obligation extends DisclosureObligationType {
  row: CitedGrantRow;
}

/**
 * The start (00:00 UTC) of a model's release date, or null when the model is not released at
 * `now`: it must be public, have a release date, and that date must have begun (decision 022).
 */
export function releasedAt(
  model: { visibility: string; releaseDate: string | null },
  now: Date,
): Date | null {
  if (model.visibility !== 'public' || !model.releaseDate) return null;
  const start = new Date(`${model.releaseDate}T00:00:00.000Z`);
  return start.getTime() <= now.getTime() ? start : null;
}

/**
 * Every obligation among `rows` at `now` (decision 022): per released model and cited grant whose
 * `/2` terms require disclosure, deadline = release date 00:00 UTC + N days. A disclosure
 * published at or before the deadline meets it; none by then makes it overdue; the first one
 * after it makes it late, by the whole days (rounded up) it missed the deadline by.
 */
export function obligationsOf(rows: readonly CitedGrantRow[], now: Date): Obligation[] {
  const obligations: Obligation[] = [];
  for (const row of rows) {
    const release = releasedAt(row, now);
    if (!release) continue;
    if (row.terms.schema !== LICENSE_SCHEMA_ID_V2 || !row.terms.disclosure.required) continue;
    const deadline = new Date(
      release.getTime() + row.terms.disclosure.withinDaysAfterRelease * DAY_MS,
    );
    const disclosedAt = row.disclosedAt ? new Date(row.disclosedAt) : null;
    const late = disclosedAt !== null && disclosedAt.getTime() > deadline.getTime();
    obligations.push({
      row,
      certificateId: row.grantId,
      deadline: deadline.toISOString(),
      state: disclosedAt
        ? late
          ? 'late'
          : 'met'
        : now.getTime() > deadline.getTime()
          ? 'overdue'
          : 'pending',
      disclosedAt: disclosedAt?.toISOString() ?? null,
      daysLate: late ? Math.ceil((disclosedAt.getTime() - deadline.getTime()) / DAY_MS) : null,
    });
  }
  return obligations;
}

/** The public summary of a model's obligations: counts and dates, no certificate ids. */
export function standingOf(
  obligations: readonly DisclosureObligationType[],
): DisclosureStandingType {
  const overdue = obligations.filter((o) => o.state === 'overdue');
  return {
    overdue:
      overdue.length > 0
        ? { since: overdue.map((o) => o.deadline).sort()[0]!, certificates: overdue.length }
        : null,
    late: obligations
      .filter((o) => o.state === 'late')
      .map((o) => ({ deadline: o.deadline, publishedAt: o.disclosedAt!, daysLate: o.daysLate! }))
      .sort((a, b) => b.daysLate - a.daysLate || a.deadline.localeCompare(b.deadline)),
  };
}

/**
 * Finds released models whose required disclosures are overdue, records each (model, grant)
 * once and, in the same transaction, queues the notices: to the owners of every creator studio
 * whose clips the grant licensed, and to every operator. A second run finds the record and
 * sends nothing.
 */
@Injectable()
export class OverdueDisclosuresService {
  private readonly logger = new Logger('OverdueDisclosures');

  constructor(
    private readonly overdue: OverdueDisclosuresRepository,
    private readonly models: ModelsRepository,
    private readonly mailer: Mailer,
    private readonly audit: AuditLog,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Detection over every lab (the periodic job) or one lab's models. */
  async detect(
    scope: { orgId: string; modelIds: readonly string[] } | null = null,
  ): Promise<{ recorded: number; mails: number }> {
    return this.uow.run(async () => {
      const now = this.clock.now();
      const rows = await this.overdue.citedGrants(scope?.orgId ?? null, scope?.modelIds ?? null);
      const fresh: Obligation[] = [];
      for (const obligation of obligationsOf(rows, now)) {
        if (obligation.state !== 'overdue' || obligation.row.recorded) continue;
        const recorded = await this.overdue.record({
          modelId: obligation.row.modelId,
          grantId: obligation.certificateId,
          orgId: obligation.row.orgId,
          deadline: new Date(obligation.deadline),
          recordedAt: now,
        });
        if (recorded) fresh.push(obligation);
      }
      let mails = 0;
      const byModel = new Map<string, Obligation[]>();
      for (const o of fresh) byModel.set(o.row.modelId, [...(byModel.get(o.row.modelId) ?? []), o]);
      for (const group of byModel.values()) mails += await this.notify(group);
      return { recorded: fresh.length, mails };
    });
  }

  /** After a lab changed a model: detection for it, never failing the change that committed. */
  async detectAfterUpdate(orgId: string, modelId: string): Promise<void> {
    await this.detect({ orgId, modelIds: [modelId] }).catch((error: unknown) =>
      this.logger.error({ err: error, modelId }, 'Could not check the model’s disclosures'),
    );
  }

  /** The lab's view of one model's obligations. */
  async forLab(ctx: OrgContext, modelId: string): Promise<ModelDisclosureObligationsType> {
    const model = await this.models.findInOrg(ctx.org.id, modelId);
    if (!model) throw ModelsErrors.notFound();
    const obligations = obligationsOf(
      await this.overdue.citedGrants(ctx.org.id, [modelId]),
      this.clock.now(),
    ).map(({ row: _row, ...dto }) => dto);
    return {
      modelId,
      released: releasedAt(model, this.clock.now()) !== null,
      ...standingOf(obligations),
      obligations,
    };
  }

  /** The public standing of each of a lab's models, by model id (absent: nothing to show). */
  async standings(
    orgId: string,
    modelIds: readonly string[],
  ): Promise<Map<string, DisclosureStandingType>> {
    const all = obligationsOf(await this.overdue.citedGrants(orgId, modelIds), this.clock.now());
    const standings = new Map<string, DisclosureStandingType>();
    for (const modelId of modelIds) {
      standings.set(modelId, standingOf(all.filter((o) => o.row.modelId === modelId)));
    }
    return standings;
  }

  /** Operators: every overdue disclosure recorded, and whether it has been published since. */
  async recorded(): Promise<OverdueDisclosureRecordType[]> {
    const iso = (date: Date) => new Date(date).toISOString();
    return (await this.overdue.recorded()).map((row) => ({
      lab: { orgId: row.orgId, name: row.labName },
      model: { id: row.modelId, name: row.modelName, version: row.modelVersion },
      certificateId: row.grantId,
      deadline: iso(row.deadline),
      recordedAt: iso(row.recordedAt),
      notified: row.notified,
      disclosedAt: row.disclosedAt ? iso(row.disclosedAt) : null,
    }));
  }

  private async notify(group: Obligation[]): Promise<number> {
    const { row } = group[0]!;
    const model = `${row.modelName} ${row.modelVersion}`;
    const link = `${this.config.server.webOrigin}/labs/${row.orgId}`;
    const day = (iso: string) => iso.slice(0, 10);
    const subject = `${row.labName} has not published the disclosure of ${model}`;
    let sent = 0;
    const send = async (to: string, text: string) => {
      await this.mailer.send({ to, tag: 'disclosure-overdue', subject, text, links: [link] });
      sent += 1;
    };
    const lines = (items: Obligation[]) =>
      items.map(
        (o) =>
          `- certificate ${o.certificateId}: disclosure due by ${day(o.deadline)} (00:00 UTC), none published`,
      );
    const intro = [
      `${row.labName} released its model ${model} on ${row.releaseDate}.`,
      'Its license terms require the lab to publish the model’s training-data disclosure, and the deadline has passed without one:',
      '',
    ];
    const perObligation = new Map<string, number>();
    const counted = (o: Obligation) =>
      perObligation.set(o.certificateId, (perObligation.get(o.certificateId) ?? 0) + 1);
    const studios = new Map<string, { name: string; emails: string[]; items: Obligation[] }>();
    for (const o of group) {
      for (const studio of await this.overdue.creatorOwners(o.certificateId)) {
        const entry = studios.get(studio.orgId) ?? { ...studio, items: [] };
        entry.items.push(o);
        studios.set(studio.orgId, entry);
      }
    }
    for (const studio of studios.values()) {
      for (const to of studio.emails) {
        await send(
          to,
          [
            ...intro,
            ...lines(studio.items),
            '',
            `These certificates license clips of ${studio.name}. Clearframe’s operators have been told as well.`,
            '',
            `The lab’s public page: ${link}`,
          ].join('\n'),
        );
        studio.items.forEach(counted);
      }
    }
    for (const to of await this.overdue.operatorEmails()) {
      await send(
        to,
        [
          ...intro,
          ...lines(group),
          '',
          `Lab organization ${row.orgId}, model ${row.modelId}. The creators concerned have been told.`,
          '',
          `The lab’s public page: ${link}`,
        ].join('\n'),
      );
      group.forEach(counted);
    }
    for (const o of group) {
      await this.overdue.setNotified(
        row.modelId,
        o.certificateId,
        perObligation.get(o.certificateId) ?? 0,
      );
      await this.audit.record({
        actor: { userId: null },
        action: 'model.disclosure_overdue',
        orgId: row.orgId,
        target: { type: 'model', id: row.modelId },
        data: {
          certificateId: o.certificateId,
          deadline: o.deadline,
          notified: perObligation.get(o.certificateId) ?? 0,
        },
      });
    }
    return sent;
  }
}
