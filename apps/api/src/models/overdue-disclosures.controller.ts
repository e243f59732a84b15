import { Controller, Get } from '@nestjs/common';
import { listOf } from '@clearframe/contracts/common';
import { OverdueDisclosureRecord } from '@clearframe/contracts/transparency';
import { Operator } from '../access/access.decorator.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { OverdueDisclosuresService } from './overdue-disclosures.service.js';

/** The operators' list of required disclosures found overdue (decision 022). */
@Controller('v1/operator/overdue-disclosures')
export class OverdueDisclosuresController {
  constructor(private readonly overdue: OverdueDisclosuresService) {}

  @Get()
  @Operator()
  @Endpoint({
    summary: 'Required disclosures found overdue, newest first, and whether published since',
    response: listOf(OverdueDisclosureRecord),
  })
  async list() {
    return { items: await this.overdue.recorded() };
  }
}
