import { Injectable } from '@nestjs/common';
import type { ManifestEntryType } from '@clearframe/contracts/demand';
import type { OrgContext } from '../access/principal.js';
import { ClipsRepository } from '../clips/clips.repository.js';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { ObjectStorage } from '../storage/object-storage.js';
import { LicenseGrantsRepository, type GrantRow } from './license-grants.repository.js';
import { OrdersErrors } from './orders.errors.js';
import { OrdersRepository, type OrderRow } from './orders.repository.js';

/** Download links in a manifest last an hour; a new request signs new ones. */
export const DOWNLOAD_URL_TTL_SECONDS = 3_600;
const PAGE = 500;

type Writer = (text: string) => Promise<void>;

/** The Croissant 1.0 context, inline: a JSON-LD processor needs no network to expand it. */
const CROISSANT_CONTEXT = {
  '@language': 'en',
  '@vocab': 'https://schema.org/',
  sc: 'https://schema.org/',
  cr: 'http://mlcommons.org/croissant/',
  rai: 'http://mlcommons.org/croissant/RAI/',
  dct: 'http://purl.org/dc/terms/',
  citeAs: 'cr:citeAs',
  column: 'cr:column',
  conformsTo: 'dct:conformsTo',
  data: { '@id': 'cr:data', '@type': '@json' },
  dataType: { '@id': 'cr:dataType', '@type': '@vocab' },
  examples: { '@id': 'cr:examples', '@type': '@json' },
  extract: 'cr:extract',
  field: 'cr:field',
  fileProperty: 'cr:fileProperty',
  fileObject: 'cr:fileObject',
  fileSet: 'cr:fileSet',
  format: 'cr:format',
  includes: 'cr:includes',
  isLiveDataset: 'cr:isLiveDataset',
  jsonPath: 'cr:jsonPath',
  key: 'cr:key',
  md5: 'cr:md5',
  parentField: 'cr:parentField',
  path: 'cr:path',
  recordSet: 'cr:recordSet',
  references: 'cr:references',
  regex: 'cr:regex',
  repeated: 'cr:repeated',
  replace: 'cr:replace',
  separator: 'cr:separator',
  source: 'cr:source',
  subField: 'cr:subField',
  transform: 'cr:transform',
};

/**
 * What a paid order delivers: the manifest (JSON Lines, one clip per line) and a Croissant 1.0
 * description, both streamed page by page so memory stays flat for any order size, with
 * download URLs presigned afresh on every request. Only active grants' clips are delivered:
 * a refunded or disputed order has no downloads.
 */
@Injectable()
export class OrderDeliveryService {
  constructor(
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly orders: OrdersRepository,
    private readonly grants: LicenseGrantsRepository,
    private readonly storage: ObjectStorage,
    private readonly clips: ClipsRepository,
  ) {}

  /** Checks the order can be delivered (before any byte is sent), then returns the writer loop. */
  async manifest(ctx: OrgContext, orderId: string): Promise<(write: Writer) => Promise<void>> {
    const { order, active } = await this.deliverable(ctx, orderId);
    return async (write) => {
      for await (const entry of this.entries(order, active)) await write(JSON.stringify(entry));
    };
  }

  async croissant(ctx: OrgContext, orderId: string): Promise<(write: Writer) => Promise<void>> {
    const { order, active } = await this.deliverable(ctx, orderId);
    const web = this.config.server.webOrigin;
    const seconds = active.reduce((sum, grant) => sum + grant.totalSeconds, 0);
    return async (write) => {
      const head = {
        '@context': CROISSANT_CONTEXT,
        '@type': 'sc:Dataset',
        conformsTo: 'http://mlcommons.org/croissant/1.0',
        name: `clearframe-order-${order.id}`,
        description: `Video clips licensed on Clearframe for AI training under order “${order.name}”: ${active.reduce((n, g) => n + g.clipCount, 0)} clips, ${(seconds / 3600).toFixed(2)} hours, under ${active.length} license certificate(s).`,
        url: `${web}/orders/${order.orgId}/${order.id}`,
        license: active.map(
          (grant) => `${this.config.server.publicApiUrl}/v1/certificates/${grant.id}`,
        ),
        datePublished: order.fulfilledAt ? new Date(order.fulfilledAt).toISOString() : null,
        version: '1.0.0',
        isLiveDataset: false,
        citeAs: `Clearframe order ${order.id}`,
        'rai:dataCollection':
          'Footage uploaded by its creators, who attested ownership and listed each clip with a machine-readable policy; each clip was reviewed by Clearframe operators before listing.',
        'rai:dataCollectionType': ['Manual Human Curated', 'Others'],
        'rai:dataUseCases': `Licensed uses: ${order.intendedUse.uses.join(', ')}; output modalities: ${order.intendedUse.outputModalities.join(', ')}; ${order.intendedUse.commercial ? 'commercial' : 'non-commercial'}.`,
        'rai:personalSensitiveInformation':
          'Clips may show people; every identifiable person has a recorded release with explicit consent to AI training. Likeness synthesis of people shown and biometric identification are prohibited by the terms.',
        'rai:dataLimitations':
          'Use only under the license terms named by each clip’s terms hash; the certificates state the validity window.',
        'rai:dataReleaseMaintenancePlan':
          'Certificates can be revoked (refunds, disputes); check each at its URL before use.',
        distribution: [] as unknown[],
      };
      const text = JSON.stringify(head, null, 2);
      const open = text.slice(0, text.lastIndexOf('[]')) + '[';
      await write(open);
      let first = true;
      for await (const entry of this.entries(order, active)) {
        const file = {
          '@type': 'cr:FileObject',
          '@id': entry.clipId,
          name: entry.title,
          contentUrl: entry.downloadUrl,
          contentSize: `${entry.bytes} B`,
          encodingFormat: 'video/mp4',
          sha256: entry.sha256,
          'sc:duration': `PT${entry.durationMs / 1000}S`,
          'sc:width': entry.width,
          'sc:height': entry.height,
          'cr:termsHash': entry.termsHash,
          'cr:certificate': entry.certificateId,
        };
        await write(`${first ? '\n' : ',\n'}    ${JSON.stringify(file)}`);
        first = false;
      }
      await write('\n  ]\n}\n');
    };
  }

  private async deliverable(
    ctx: OrgContext,
    orderId: string,
  ): Promise<{ order: OrderRow; active: GrantRow[] }> {
    const order = await this.orders.findInOrg(ctx.org.id, orderId);
    if (!order) throw OrdersErrors.notFound();
    const active = (await this.grants.ofOrder(order.id)).filter(
      (grant) => grant.status === 'active',
    );
    if (order.status !== 'fulfilled' || active.length === 0) throw OrdersErrors.notFulfilled();
    return { order, active };
  }

  private async *entries(
    order: OrderRow,
    active: readonly GrantRow[],
  ): AsyncGenerator<ManifestEntryType> {
    const certificateOf = new Map(active.map((grant) => [grant.termsHash, grant.id]));
    const hashes = [...certificateOf.keys()];
    let after: { termsHash: string; position: number } | null = null;
    for (;;) {
      const page = await this.orders.manifestPage(order.id, hashes, after, PAGE);
      if (page.length === 0) return;
      const clips = await this.clips.deliveryDetails(page.map((line) => line.clipId));
      const expiresAt = new Date(this.clock.now().getTime() + DOWNLOAD_URL_TTL_SECONDS * 1000);
      for (const line of page) {
        const clip = clips.get(line.clipId)!;
        const url = await this.storage.presignGet('originals', clip.originalKey, {
          expiresInSeconds: DOWNLOAD_URL_TTL_SECONDS,
          downloadName: clip.fileName,
        });
        yield {
          clipId: line.clipId,
          title: line.title,
          fileName: clip.fileName,
          sha256: line.sha256,
          bytes: line.sizeBytes,
          durationMs: line.durationMs,
          width: clip.width ?? 0,
          height: clip.height ?? 0,
          fps: clip.fps ?? 0,
          captions: clip.captions ? [clip.captions] : [],
          termsHash: line.termsHash,
          certificateId: certificateOf.get(line.termsHash)!,
          position: line.position,
          downloadUrl: url.url,
          downloadUrlExpiresAt: expiresAt.toISOString(),
        };
      }
      const last = page[page.length - 1]!;
      after = { termsHash: last.termsHash, position: last.position };
      // Let other requests run between pages: signing 500 links is CPU work.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
