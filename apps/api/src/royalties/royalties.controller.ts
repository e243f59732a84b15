import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { listOf } from '@clearframe/contracts/common';
import { CurrentOrg, Operator, OrgMember } from '../access/access.decorator.js';
import type { OrgContext } from '../access/principal.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { RoyaltiesErrors } from './royalties.errors.js';
import { toStatementSummary } from './royalties.mapper.js';
import {
  RoyaltyRun,
  RoyaltyStatementSummary,
  RunRoyaltyStatements,
  type RunRoyaltyStatementsType,
} from './royalties.schemas.js';
import { RoyaltyStatementsService } from './royalty-statements.service.js';

/**
 * A creator studio's royalty statements (its members; another studio's ids are not found), and
 * the operators' "run now" for a month.
 */
@Controller('v1')
export class RoyaltiesController {
  constructor(private readonly statements: RoyaltyStatementsService) {}

  @Get('orgs/:orgId/statements')
  @OrgMember({ kinds: ['creator'] })
  @Endpoint({
    summary: "The studio's royalty statements, newest month first",
    response: listOf(RoyaltyStatementSummary),
  })
  async list(@CurrentOrg() ctx: OrgContext) {
    return { items: (await this.statements.list(ctx.org.id)).map(toStatementSummary) };
  }

  @Get('orgs/:orgId/statements/:statementId')
  @OrgMember({ kinds: ['creator'] })
  @Endpoint({ summary: 'One royalty statement', response: RoyaltyStatementSummary })
  async get(@CurrentOrg() ctx: OrgContext, @Param('statementId', UuidParam) id: string) {
    return toStatementSummary(await this.statements.get(ctx.org.id, id));
  }

  @Get('orgs/:orgId/statements/:statementId/:format')
  @OrgMember({ kinds: ['creator'] })
  @Endpoint({ summary: 'The statement as stored: its PDF or CSV, streamed' })
  async document(
    @CurrentOrg() ctx: OrgContext,
    @Param('statementId', UuidParam) id: string,
    @Param('format') format: string,
    @Res() res: Response,
  ) {
    if (format !== 'pdf' && format !== 'csv') throw RoyaltiesErrors.statementNotFound();
    const document = await this.statements.document(ctx.org.id, id, format);
    res.status(200);
    res.setHeader('Content-Type', document.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${document.fileName}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-SHA256', document.sha256);
    await pipeline(document.stream, res);
  }

  @Post('operator/royalties/runs')
  @Operator()
  @Endpoint({
    summary:
      'State a month now (the monthly job does this on the 1st): idempotent, a rerun changes nothing',
    body: RunRoyaltyStatements,
    response: RoyaltyRun,
  })
  run(@Body() body: RunRoyaltyStatementsType) {
    return this.statements.run(body.period);
  }
}
