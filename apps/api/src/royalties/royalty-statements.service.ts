import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ObjectStorage } from '../storage/object-storage.js';
import { RoyaltiesErrors } from './royalties.errors.js';
import { parsePeriod, type RoyaltyPeriod } from './royalty-period.js';
import {
  statementTotals,
  type RoyaltyStatement,
  type StatementLine,
  type StatementLineKind,
} from './royalty-statement.js';
import {
  RoyaltyStatementsRepository,
  type PayableRef,
  type StatementHead,
  type UncoveredEntry,
} from './royalty-statements.repository.js';
import { renderStatementCsv } from './statement-csv.js';
import { renderStatementPdf } from './statement-pdf.js';

/** What one payable's statement for the run's period came to. */
export interface StatementOutcome {
  orgId: string;
  currency: string;
  /** `created`: this run stated it; `existing`: a run before did; `superseded`: a later month is stated already. */
  outcome: 'created' | 'existing' | 'superseded';
  statementId: string | null;
  status: string | null;
  closingMinor: number | null;
}

export interface RunResult {
  period: string;
  statements: StatementOutcome[];
}

/**
 * Journal entry kinds that pay a creator out. None is posted yet: the payouts work will post
 * `payout` entries debiting the creator's payable, and statements state them as payouts.
 */
const PAYOUT_KINDS = new Set(['payout']);
const ADJUSTMENT_KINDS = new Set<StatementLineKind>(['refund', 'dispute', 'dispute_won']);

/**
 * Monthly royalty statements. A run for a month states, per creator studio and currency, every
 * journal entry on its payable account recorded before the month ended that no statement covered
 * yet (so an entry committed late lands in the next statement), opening with the previous
 * statement's closing balance. Safe to run any number of times, from any number of processes:
 * each payable is worked under an advisory lock and the statement is unique per month, so a rerun
 * finds it and changes nothing. A statement is created as a draft (amounts, lines and covered
 * entries in one transaction), then its CSV and PDF are stored and it becomes final, never to change.
 */
@Injectable()
export class RoyaltyStatementsService {
  private readonly logger = new Logger('Royalties');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly statements: RoyaltyStatementsRepository,
    private readonly storage: ObjectStorage,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Parses a `YYYY-MM` period the caller named, refusing a month that has not ended. */
  closedPeriod(id: string): RoyaltyPeriod {
    const period = parsePeriod(id);
    if (!period) throw RoyaltiesErrors.periodInvalid(id);
    if (period.end.getTime() > this.clock.now().getTime()) throw RoyaltiesErrors.periodOpen(id);
    return period;
  }

  async run(periodId: string): Promise<RunResult> {
    const period = this.closedPeriod(periodId);
    const candidates = await this.statements.candidates(period);
    const results: StatementOutcome[] = [];
    for (const ref of candidates) {
      const outcome = await this.state(ref, period);
      if (!outcome) continue;
      if (outcome.statementId && outcome.status === 'draft') {
        outcome.status = await this.finalize(ref, outcome.statementId);
      }
      results.push(outcome);
    }
    this.logger.log(
      {
        period: period.id,
        created: results.filter((r) => r.outcome === 'created').length,
        existing: results.filter((r) => r.outcome === 'existing').length,
      },
      'royalty statements run',
    );
    return { period: period.id, statements: results };
  }

  /** Creates the payable's draft for the period unless it exists; null when there is nothing to state. */
  private state(ref: PayableRef, period: RoyaltyPeriod): Promise<StatementOutcome | null> {
    return this.uow.run(async () => {
      await this.statements.lock(ref);
      const base = { orgId: ref.orgId, currency: ref.currency };
      const existing = await this.statements.find(ref, period.id);
      if (existing) {
        return {
          ...base,
          outcome: 'existing' as const,
          statementId: existing.id,
          status: existing.status,
          closingMinor: existing.closingMinor,
        };
      }
      if (await this.statements.hasLater(ref, period.id)) {
        return {
          ...base,
          outcome: 'superseded' as const,
          statementId: null,
          status: null,
          closingMinor: null,
        };
      }
      const previous = await this.statements.latestBefore(ref, period.id);
      const entries = await this.statements.uncoveredEntries(ref, period.end);
      const openingMinor = previous?.closingMinor ?? 0;
      if (entries.length === 0 && openingMinor === 0) return null;
      const lines = await this.linesOf(ref, entries);
      const totals = statementTotals(openingMinor, lines);
      // The ledger is the authority: the stated movement must be the payable's movement.
      const ledgerMovement = -entries.reduce((sum, entry) => sum + entry.amountMinor, 0);
      if (totals.closingMinor - openingMinor !== ledgerMovement) {
        throw new Error(
          `Statement for ${ref.orgId} ${period.id} does not match the ledger (${totals.closingMinor - openingMinor} ≠ ${ledgerMovement})`,
        );
      }
      const id = await this.statements.insertDraft({
        ref,
        period,
        previousId: previous?.id ?? null,
        totals,
        lineCount: lines.length,
        now: this.clock.now(),
      });
      if (!id) throw new Error('A statement appeared under the advisory lock');
      await this.statements.insertCovered(
        id,
        ref.orgId,
        entries.map((entry) => entry.id),
      );
      await this.statements.insertLines(id, lines);
      return {
        ...base,
        outcome: 'created' as const,
        statementId: id,
        status: 'draft',
        closingMinor: totals.closingMinor,
      };
    });
  }

  /**
   * One line per sold clip of each sale (its share as the ledger credited it), one per refund,
   * dispute or adjustment entry, one per payout: in the order they were recorded.
   */
  private async linesOf(ref: PayableRef, entries: UncoveredEntry[]): Promise<StatementLine[]> {
    const saleOrders = entries.filter((e) => e.kind === 'sale' && e.orderId).map((e) => e.orderId!);
    const sold = await this.statements.soldClips(ref.orgId, saleOrders);
    const labs = await this.statements.labsOf([
      ...new Set(entries.filter((e) => e.orderId).map((e) => e.orderId!)),
    ]);
    const lines: StatementLine[] = [];
    for (const entry of entries) {
      const lab = entry.orderId ? labs.get(entry.orderId) : undefined;
      if (entry.kind === 'sale') {
        const clips = sold.filter((clip) => clip.orderId === entry.orderId);
        const share = clips.reduce((sum, clip) => sum + clip.creatorShareMinor, 0);
        if (share !== -entry.amountMinor) {
          throw new Error(
            `Sale entry ${entry.id}: order lines give ${share}, the ledger ${-entry.amountMinor}`,
          );
        }
        for (const clip of clips) {
          lines.push({
            lineNo: lines.length + 1,
            kind: 'sale',
            entryId: entry.id,
            recordedAt: entry.recordedAt,
            labOrgId: clip.labOrgId,
            labName: clip.labName,
            orderId: clip.orderId,
            clipId: clip.clipId,
            clipTitle: clip.title,
            durationMs: clip.durationMs,
            termsHash: clip.termsHash,
            grossMinor: clip.amountMinor,
            platformFeeMinor: clip.platformFeeMinor,
            netMinor: clip.creatorShareMinor,
          });
        }
        continue;
      }
      const kind: StatementLineKind = PAYOUT_KINDS.has(entry.kind)
        ? 'payout'
        : ADJUSTMENT_KINDS.has(entry.kind as StatementLineKind)
          ? (entry.kind as StatementLineKind)
          : 'adjustment';
      lines.push({
        lineNo: lines.length + 1,
        kind,
        entryId: entry.id,
        recordedAt: entry.recordedAt,
        labOrgId: lab?.id ?? null,
        labName: lab?.name ?? null,
        orderId: entry.orderId,
        clipId: null,
        clipTitle: null,
        durationMs: null,
        termsHash: null,
        grossMinor: null,
        platformFeeMinor: null,
        // A debit of the payable (+) takes from the creator's balance.
        netMinor: -entry.amountMinor,
      });
    }
    return lines;
  }

  /**
   * Stores the draft's CSV and PDF and makes it final. Under the payable's lock, so two runs
   * never write different documents for one statement; the keys name the statement, so a retry
   * after a crash overwrites what the crashed run left.
   */
  private finalize(ref: PayableRef, id: string): Promise<string> {
    return this.uow.run(async () => {
      await this.statements.lock(ref);
      const head = await this.statements.byId(id);
      if (!head || head.status !== 'draft') return head?.status ?? 'missing';
      const statement = await this.full(head);
      const csv = renderStatementCsv(statement);
      const pdf = await renderStatementPdf(statement, this.issuer());
      const prefix = `statements/${head.orgId}/${head.period}-${head.currency}-${head.id}`;
      const documents = {
        csvKey: `${prefix}.csv`,
        pdfKey: `${prefix}.pdf`,
        contentSha256: sha256(csv),
        pdfSha256: sha256(pdf),
      };
      await this.storage.put('documents', documents.csvKey, csv, {
        contentType: 'text/csv; charset=utf-8',
      });
      await this.storage.put('documents', documents.pdfKey, pdf, {
        contentType: 'application/pdf',
      });
      await this.statements.finalize(id, documents, this.clock.now());
      return 'final';
    });
  }

  /** The statement with its lines and the studio's name, as its documents show it. */
  async full(head: StatementHead): Promise<RoyaltyStatement> {
    const period = parsePeriod(head.period)!;
    return {
      ...head,
      orgName: await this.statements.orgName(head.orgId),
      periodStart: period.start,
      periodEnd: period.end,
      lines: await this.statements.lines(head.id),
    };
  }

  issuer() {
    return { name: 'Clearframe', website: this.config.server.webOrigin };
  }

  /** A studio's statements, newest first. */
  list(orgId: string): Promise<StatementHead[]> {
    return this.statements.listOfOrg(orgId);
  }

  /** One of the studio's statements; not found for another studio's id. */
  async get(orgId: string, id: string): Promise<StatementHead> {
    const head = await this.statements.ofOrg(orgId, id);
    if (!head) throw RoyaltiesErrors.statementNotFound();
    return head;
  }

  /** A stored document of the studio's statement, streamed, with the name to save it under. */
  async document(
    orgId: string,
    id: string,
    format: 'pdf' | 'csv',
  ): Promise<{ stream: Readable; fileName: string; contentType: string; sha256: string }> {
    const head = await this.get(orgId, id);
    const key = format === 'pdf' ? head.pdfKey! : head.csvKey!;
    return {
      stream: await this.storage.stream('documents', key),
      fileName: `clearframe-statement-${head.period}-${head.currency}.${format}`,
      contentType: format === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8',
      sha256: format === 'pdf' ? head.pdfSha256! : head.contentSha256!,
    };
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
