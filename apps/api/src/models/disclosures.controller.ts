import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Disclosure, LabPublicPage } from '@clearframe/contracts/transparency';
import { Public } from '../access/access.decorator.js';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { UuidParam } from '../common/http/uuid-param.pipe.js';
import { croissantCard, euAiActMarkdown, euAiActSummary } from './disclosure-exports.js';
import { DisclosuresService } from './disclosures.service.js';

/** Public: published disclosures of public models, their exports, and a lab's public page. */
@Controller('v1')
export class DisclosuresController {
  constructor(private readonly disclosures: DisclosuresService) {}

  @Get('disclosures/:disclosureId')
  @Public()
  @Endpoint({
    summary: 'A disclosure: its content and the JWS over it (verify with /.well-known/jwks.json)',
    response: Disclosure,
  })
  get(@Param('disclosureId', UuidParam) id: string) {
    return this.disclosures.getPublic(id);
  }

  @Get('disclosures/:disclosureId/eu-ai-act.json')
  @Public()
  @Endpoint({
    summary:
      'The licensed-data section (2.2.1) of the EU AI Act public summary of training content, prefilled',
  })
  async euJson(@Param('disclosureId', UuidParam) id: string) {
    const disclosure = await this.disclosures.getPublic(id);
    return euAiActSummary(disclosure.disclosure, disclosure.links);
  }

  @Get('disclosures/:disclosureId/eu-ai-act.md')
  @Public()
  @Endpoint({ summary: 'The same section as Markdown' })
  async euMarkdown(@Param('disclosureId', UuidParam) id: string, @Res() res: Response) {
    const disclosure = await this.disclosures.getPublic(id);
    res.status(200);
    res.setHeader('Content-Type', 'text/markdown; charset=utf-8');
    res.setHeader('Content-Disposition', `inline; filename="disclosure-${id}-eu-ai-act.md"`);
    res.send(euAiActMarkdown(euAiActSummary(disclosure.disclosure, disclosure.links)));
  }

  @Get('disclosures/:disclosureId/croissant.json')
  @Public()
  @Endpoint({ summary: 'A Croissant RAI dataset card of the licensed footage' })
  async croissant(@Param('disclosureId', UuidParam) id: string, @Res() res: Response) {
    const disclosure = await this.disclosures.getPublic(id);
    res.status(200);
    res.setHeader('Content-Type', 'application/ld+json; charset=utf-8');
    res.send(JSON.stringify(croissantCard(disclosure.disclosure, disclosure.links), null, 2));
  }

  @Get('labs/:orgId/models')
  @Public()
  @Endpoint({
    summary: "A lab's public page: its public models and their disclosures",
    response: LabPublicPage,
  })
  lab(@Param('orgId', UuidParam) orgId: string) {
    return this.disclosures.labPage(orgId);
  }
}
