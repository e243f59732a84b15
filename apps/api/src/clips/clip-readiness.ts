import type { FieldErrorType } from '@clearframe/contracts/problem';
import type {
  ClipPersonStatusType,
  ClipReadinessType,
  ClipStateType,
} from '@clearframe/contracts/supply';
import type { PersonEntity } from './person.entity.js';
import type { ReleaseEntity } from './release.entity.js';

/** A person on a clip with the release that covers them there, if any. */
export interface PersonOnClip {
  person: PersonEntity;
  release: ReleaseEntity | null;
}

/** What a clip needs to be submitted, as the clip row knows it. */
export interface ReadinessFacts {
  state: ClipStateType;
  title: string;
  category: string | null;
  currentPolicyVersionId: string | null;
  ownershipAttestedAt: Date | null;
  identifiablePeople: boolean | null;
}

/** Only a confirmed release that says yes to AI training covers a person. */
export function personStatus(release: ReleaseEntity | null): ClipPersonStatusType {
  if (!release) return 'release_missing';
  if (release.state !== 'confirmed') return 'release_unconfirmed';
  return release.consent.aiTraining === true ? 'released' : 'no_ai_training_consent';
}

const VERIFIED: readonly ClipStateType[] = ['draft', 'in_review', 'listed', 'rejected', 'delisted'];

/**
 * Every reason the clip cannot be submitted yet (decision 011), in the order the studio shows
 * them; `ready` when there is none. The state itself is checked by `submit`.
 */
export function readinessOf(
  clip: ReadinessFacts,
  people: readonly PersonOnClip[],
): ClipReadinessType {
  const missing: FieldErrorType[] = [];
  const add = (path: string, code: string, message: string) =>
    missing.push({ path, code, message });
  if (!VERIFIED.includes(clip.state)) {
    add('state', 'not_verified', 'Wait until the file has been verified.');
  }
  if (clip.title.trim() === '') add('title', 'title_missing', 'Give the clip a title.');
  if (!clip.category) add('category', 'category_missing', 'Choose a category.');
  if (!clip.currentPolicyVersionId) {
    add('policy', 'policy_missing', 'Set the license policy: the uses you allow and your rate.');
  }
  if (!clip.ownershipAttestedAt) {
    add('ownership', 'attestation_missing', 'Confirm that your organization owns the footage.');
  }
  if (clip.identifiablePeople === null || (clip.identifiablePeople && people.length === 0)) {
    add(
      'people',
      'people_undeclared',
      'Say whether identifiable people appear in the clip, and who.',
    );
  } else if (clip.identifiablePeople) {
    people.forEach(({ person, release }, index) => {
      const status = personStatus(release);
      const path = `people.${index}`;
      if (status === 'release_missing') {
        add(path, 'release_missing', `Attach ${person.name}'s signed release.`);
      } else if (status === 'release_unconfirmed') {
        add(
          path,
          'release_unconfirmed',
          `Upload ${person.name}'s release document and confirm it.`,
        );
      } else if (status === 'no_ai_training_consent') {
        add(
          path,
          'no_ai_training_consent',
          `${person.name}'s release does not consent to AI training; this clip cannot be licensed.`,
        );
      }
    });
  }
  return { ready: missing.length === 0, missing };
}
