import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import {
  type AddClipPersonType,
  type ClipPeopleType,
  type ClipPersonInputType,
  type CreatedReleaseType,
  type CreateReleaseType,
  type ListReleasesQueryType,
  RELEASE_DOCUMENT_MAX_BYTES,
  RELEASE_SNIFF_BYTES,
  releaseDocumentTypeOf,
  type ReleaseType,
  type ReleaseWithDocumentType,
  type SetClipPeopleType,
} from '@clearframe/contracts/supply';
import type { OrgContext } from '../access/principal.js';
import { type AuditActor, AuditLog } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { decodeCursor, encodeCursor } from '../common/http/keyset-cursor.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ObjectStorage } from '../storage/object-storage.js';
import type { ClipPersonEntity } from './clip-person.entity.js';
import { ClipPeopleRepository } from './clip-people.repository.js';
import { lockForEdit } from './clip-rules.js';
import { ClipViews } from './clip-views.js';
import { ClipsErrors } from './clips.errors.js';
import { ClipsRepository } from './clips.repository.js';
import { toReleaseDto } from './curation.mapper.js';
import type { PersonEntity } from './person.entity.js';
import type { ReleaseEntity } from './release.entity.js';
import { ReleasesRepository } from './releases.repository.js';

/** How long the presigned PUT of a release document works. */
const RELEASE_UPLOAD_TTL_SECONDS = 900;

/** Key of a release's document in the documents bucket. */
export function releaseDocumentKey(orgId: string, releaseId: string): string {
  return `orgs/${orgId}/releases/${releaseId}/document`;
}

/**
 * The likeness ledger: people, their signed releases (a document the client PUTs straight to the
 * documents bucket, then confirms so its bytes are checked), and who appears in which clip.
 */
@Injectable()
export class ReleasesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly releases: ReleasesRepository,
    private readonly clips: ClipsRepository,
    private readonly clipPeople: ClipPeopleRepository,
    private readonly views: ClipViews,
    private readonly storage: ObjectStorage,
    private readonly audit: AuditLog,
  ) {}

  /** A pending release and the presigned PUT its document goes to. */
  async create(
    ctx: OrgContext,
    input: CreateReleaseType,
    actor: AuditActor,
  ): Promise<CreatedReleaseType> {
    const now = this.clock.now();
    if (input.signedOn > now.toISOString().slice(0, 10)) throw ClipsErrors.signedInFuture();
    const releaseId = randomUUID();
    const key = releaseDocumentKey(ctx.org.id, releaseId);
    const { release, person } = await this.uow.run(async () => {
      const person =
        'id' in input.person
          ? await this.releases.findPersonInOrg(ctx.org.id, input.person.id)
          : await this.releases.createPerson({
              orgId: ctx.org.id,
              name: input.person.name,
              createdAt: now,
            });
      if (!person) throw ClipsErrors.personNotFound();
      const release = await this.releases.create({
        id: releaseId,
        orgId: ctx.org.id,
        personId: person.id,
        state: 'pending',
        documentKey: key,
        fileName: input.document.fileName,
        declaredContentType: input.document.contentType,
        contentType: null,
        sizeBytes: null,
        signedOn: input.signedOn,
        consent: input.consent,
        createdBy: actor.userId ?? null,
        createdByApiKey: actor.apiKeyId ?? null,
        createdAt: now,
        confirmedAt: null,
      });
      await this.audit.record({
        actor,
        action: 'release.created',
        orgId: ctx.org.id,
        target: { type: 'release', id: releaseId },
        data: { personId: person.id, signedOn: input.signedOn, consent: input.consent },
      });
      return { release, person };
    });
    const upload = await this.storage.presignPut('documents', key, {
      contentType: input.document.contentType,
      expiresInSeconds: RELEASE_UPLOAD_TTL_SECONDS,
    });
    return {
      release: toReleaseDto(release, person),
      upload: {
        method: 'PUT',
        url: upload.url,
        headers: upload.headers,
        expiresAt: upload.expiresAt.toISOString(),
      },
    };
  }

  /**
   * Checks the stored document by its first bytes (PDF, PNG, JPEG or WebP, whatever its name)
   * and confirms the release. A document that is none of those is deleted from storage and the
   * release stays pending. Confirming again answers the confirmed release.
   */
  async confirm(ctx: OrgContext, releaseId: string, actor: AuditActor): Promise<ReleaseType> {
    const release = await this.releases.findInOrg(ctx.org.id, releaseId);
    if (!release) throw ClipsErrors.releaseNotFound();
    if (release.state === 'confirmed') return this.toDto(ctx.org.id, release);
    // Storage is read before the transaction opens: no transaction waits on the network.
    const stored = await this.storage.head('documents', release.documentKey);
    if (!stored || stored.size === 0) throw ClipsErrors.releaseDocumentMissing();
    if (stored.size > RELEASE_DOCUMENT_MAX_BYTES) {
      await this.storage.delete('documents', release.documentKey);
      throw ClipsErrors.releaseDocumentTooLarge(RELEASE_DOCUMENT_MAX_BYTES);
    }
    const head = await readPrefix(
      await this.storage.stream('documents', release.documentKey),
      RELEASE_SNIFF_BYTES,
    );
    const contentType = releaseDocumentTypeOf(head);
    if (!contentType) {
      await this.storage.delete('documents', release.documentKey);
      throw ClipsErrors.releaseDocumentUnrecognised();
    }
    const confirmed = await this.uow.run(async () => {
      const locked = await this.releases.lockInOrg(ctx.org.id, releaseId);
      if (!locked) throw ClipsErrors.releaseNotFound();
      if (locked.state === 'confirmed') return locked;
      const facts = { contentType, sizeBytes: stored.size, confirmedAt: this.clock.now() };
      await this.releases.confirm(ctx.org.id, releaseId, facts);
      await this.audit.record({
        actor,
        action: 'release.confirmed',
        orgId: ctx.org.id,
        target: { type: 'release', id: releaseId },
        data: {
          contentType,
          sizeBytes: stored.size,
          declaredContentType: locked.declaredContentType,
        },
      });
      return { ...locked, ...facts, state: 'confirmed' as const };
    });
    return this.toDto(ctx.org.id, confirmed);
  }

  async list(
    ctx: OrgContext,
    query: ListReleasesQueryType,
  ): Promise<{ items: ReleaseType[]; nextCursor: string | null }> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.releases.listForOrg(ctx.org.id, query.limit + 1, {
      after,
      personId: query.personId,
    });
    const page = rows.slice(0, query.limit);
    const people = await this.releases.peopleInOrg(
      ctx.org.id,
      page.map((release) => release.personId),
    );
    return {
      items: page.map((release) => toReleaseDto(release, people.get(release.personId)!)),
      nextCursor: rows.length > query.limit && page.length > 0 ? encodeCursor(page.at(-1)!) : null,
    };
  }

  /** One release with a short-lived link to its document (once one is confirmed). */
  async get(ctx: OrgContext, releaseId: string): Promise<ReleaseWithDocumentType> {
    const release = await this.releases.findInOrg(ctx.org.id, releaseId);
    if (!release) throw ClipsErrors.releaseNotFound();
    return {
      ...(await this.toDto(ctx.org.id, release)),
      documentUrl:
        release.state === 'confirmed'
          ? await this.views.documentUrl(release.documentKey, release.fileName)
          : null,
    };
  }

  /** The clip's people, as declared. */
  async people(ctx: OrgContext, clipId: string): Promise<ClipPeopleType> {
    const clip = await this.clips.findInOrg(ctx.org.id, clipId);
    if (!clip) throw ClipsErrors.notFound();
    const people = (await this.views.peopleOf([clipId], ctx.org.id)).get(clipId) ?? [];
    return this.views.peopleDto(clip, people);
  }

  /** Replaces the clip's people declaration: nobody identifiable, or exactly these people. */
  async setPeople(
    ctx: OrgContext,
    clipId: string,
    input: SetClipPeopleType,
    actor: AuditActor,
  ): Promise<ClipPeopleType> {
    await this.uow.run(async () => {
      await lockForEdit(this.clips, ctx.org.id, clipId, 'people');
      const now = this.clock.now();
      const rows: ClipPersonEntity[] = [];
      if (input.identifiablePeople) {
        for (const [index, entry] of input.people.entries()) {
          const { person, release } = await this.resolvePerson(ctx.org.id, entry, now);
          if (rows.some((row) => row.personId === person.id)) {
            throw ClipsErrors.personListedTwice(index);
          }
          rows.push({
            clipId,
            orgId: ctx.org.id,
            personId: person.id,
            releaseId: release?.id ?? null,
            createdAt: new Date(now.getTime() + index),
          });
        }
      }
      await this.clipPeople.replace(ctx.org.id, clipId, rows);
      await this.clips.updateInOrg(ctx.org.id, clipId, {
        identifiablePeople: input.identifiablePeople,
        updatedAt: now,
      });
      await this.audit.record({
        actor,
        action: 'clip.people_declared',
        orgId: ctx.org.id,
        target: { type: 'clip', id: clipId },
        data: {
          identifiablePeople: input.identifiablePeople,
          people: rows.map((row) => ({ personId: row.personId, releaseId: row.releaseId })),
        },
      });
    });
    return this.people(ctx, clipId);
  }

  /** Adds one identifiable person to the clip (or changes the release covering them). */
  async addPerson(
    ctx: OrgContext,
    clipId: string,
    input: AddClipPersonType,
    actor: AuditActor,
  ): Promise<ClipPeopleType> {
    await this.uow.run(async () => {
      await lockForEdit(this.clips, ctx.org.id, clipId, 'people');
      const now = this.clock.now();
      const { person, release } = await this.resolvePerson(ctx.org.id, input, now);
      await this.clipPeople.upsert({
        clipId,
        orgId: ctx.org.id,
        personId: person.id,
        releaseId: release?.id ?? null,
        createdAt: now,
      });
      await this.clips.updateInOrg(ctx.org.id, clipId, {
        identifiablePeople: true,
        updatedAt: now,
      });
      await this.audit.record({
        actor,
        action: 'clip.person_added',
        orgId: ctx.org.id,
        target: { type: 'clip', id: clipId },
        data: { personId: person.id, releaseId: release?.id ?? null },
      });
    });
    return this.people(ctx, clipId);
  }

  /** Takes a person off the clip; the declaration stays "identifiable people appear". */
  async removePerson(
    ctx: OrgContext,
    clipId: string,
    personId: string,
    actor: AuditActor,
  ): Promise<ClipPeopleType> {
    await this.uow.run(async () => {
      await lockForEdit(this.clips, ctx.org.id, clipId, 'people');
      if (!(await this.clipPeople.remove(ctx.org.id, clipId, personId))) {
        throw ClipsErrors.personNotFound();
      }
      await this.clips.updateInOrg(ctx.org.id, clipId, { updatedAt: this.clock.now() });
      await this.audit.record({
        actor,
        action: 'clip.person_removed',
        orgId: ctx.org.id,
        target: { type: 'clip', id: clipId },
        data: { personId },
      });
    });
    return this.people(ctx, clipId);
  }

  /**
   * The person (and release) an entry names, all within the organization: a confirmed release
   * brings its person; a person id brings no release; a name makes a new person.
   */
  private async resolvePerson(
    orgId: string,
    entry: ClipPersonInputType,
    now: Date,
  ): Promise<{ person: PersonEntity; release: ReleaseEntity | null }> {
    if ('releaseId' in entry) {
      const release = await this.releases.findInOrg(orgId, entry.releaseId);
      if (!release) throw ClipsErrors.releaseNotFound();
      if (release.state !== 'confirmed') throw ClipsErrors.releaseNotConfirmed();
      const person = await this.releases.findPersonInOrg(orgId, release.personId);
      if (!person) throw ClipsErrors.personNotFound();
      return { person, release };
    }
    if ('personId' in entry) {
      const person = await this.releases.findPersonInOrg(orgId, entry.personId);
      if (!person) throw ClipsErrors.personNotFound();
      return { person, release: null };
    }
    return {
      person: await this.releases.createPerson({ orgId, name: entry.name, createdAt: now }),
      release: null,
    };
  }

  private async toDto(orgId: string, release: ReleaseEntity): Promise<ReleaseType> {
    const person = await this.releases.findPersonInOrg(orgId, release.personId);
    if (!person) throw ClipsErrors.releaseNotFound();
    return toReleaseDto(release, person);
  }
}

/** The first `length` bytes of a stream (fewer if it is shorter); the rest is never read. */
export async function readPrefix(stream: Readable, length: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      chunks.push(buffer);
      total += buffer.length;
      if (total >= length) break;
    }
  } finally {
    stream.destroy();
  }
  return new Uint8Array(Buffer.concat(chunks).subarray(0, length));
}
