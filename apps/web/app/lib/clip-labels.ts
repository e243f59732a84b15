import { countryName } from '@clearframe/contracts/license';
import type { MoneyType } from '@clearframe/contracts/money';
import { minorUnitExponent } from '@clearframe/contracts/money';
import type {
  CameraMotionType,
  ClipCategoryType,
  ClipStateType,
  ProcessingStepType,
  ShotSettingType,
  TimeOfDayType,
} from '@clearframe/contracts/supply';
import { PROCESSING_STEPS } from '@clearframe/contracts/supply';
import type { BadgeTone } from '@clearframe/ui';

// Words and numbers the studio, the review queue and the catalog show for clips.

const STATES: Record<ClipStateType, { label: string; tone: BadgeTone; hint: string }> = {
  uploading: { label: 'Uploading', tone: 'info', hint: 'The file is being sent to storage.' },
  processing: {
    label: 'Processing',
    tone: 'info',
    hint: 'Clearframe is checking the file and making its preview.',
  },
  draft: {
    label: 'Draft',
    tone: 'neutral',
    hint: 'Describe it, declare the people in it, set a policy and submit it for review.',
  },
  in_review: { label: 'In review', tone: 'warning', hint: 'An operator is reviewing it.' },
  listed: { label: 'Listed', tone: 'success', hint: 'In the public catalog.' },
  failed: { label: 'Failed', tone: 'danger', hint: 'The file was refused.' },
  rejected: {
    label: 'Rejected',
    tone: 'danger',
    hint: 'An operator refused it: fix what they said and submit it again.',
  },
  delisted: {
    label: 'Delisted',
    tone: 'neutral',
    hint: 'Out of the catalog. Edit it and submit it again to relist it.',
  },
};

export function clipStateLabel(state: ClipStateType): string {
  return STATES[state].label;
}
export function clipStateTone(state: ClipStateType): BadgeTone {
  return STATES[state].tone;
}
export function clipStateHint(state: ClipStateType): string {
  return STATES[state].hint;
}

const STEPS: Record<ProcessingStepType, string> = {
  hashing: 'Checking the file',
  probing: 'Reading the video',
  thumbnail: 'Making the thumbnail',
  preview: 'Making the preview',
  fingerprint: 'Fingerprinting',
};

/** "Making the preview (step 4 of 5)" for a processing clip, or the generic line before a step is known. */
export function processingStepLabel(step: ProcessingStepType | null): string {
  if (!step) return 'Waiting to be checked';
  return `${STEPS[step]} (step ${PROCESSING_STEPS.indexOf(step) + 1} of ${PROCESSING_STEPS.length})`;
}

/** How far through verification a clip is, 0–100, for a progress bar. */
export function processingPercent(step: ProcessingStepType | null): number {
  if (!step) return 0;
  return Math.round((PROCESSING_STEPS.indexOf(step) / PROCESSING_STEPS.length) * 100);
}

/** States whose clips change without anyone acting: the studio keeps reloading while one is shown. */
export function isInFlight(state: ClipStateType): boolean {
  return state === 'uploading' || state === 'processing';
}

/** `m:ss`, or `h:mm:ss` from an hour on; a clip of 12.4 s is `0:12`. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
    : `${minutes}:${seconds}`;
}

/** `1920×1080 · HD` (tier by the long side, as the rate card prices it). */
export function formatResolution(width: number | null, height: number | null): string {
  if (width === null || height === null) return '—';
  const longSide = Math.max(width, height);
  const tier = longSide >= 3840 ? '4K' : longSide >= 1280 ? 'HD' : 'SD';
  return `${width}×${height} · ${tier}`;
}

const BYTE_UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** `12.4 MB` (powers of 1,000, as file managers show sizes). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${BYTE_UNITS[unit]}`;
}

export const CATEGORY_LABELS: Record<ClipCategoryType, string> = {
  nature: 'Nature',
  urban: 'Urban',
  people: 'People',
  animals: 'Animals',
  aerial: 'Aerial',
  underwater: 'Underwater',
  sports: 'Sports',
  vehicles: 'Vehicles',
  industry: 'Industry',
  food: 'Food',
  abstract: 'Abstract',
  other: 'Other',
};

export const CAMERA_MOTION_LABELS: Record<CameraMotionType, string> = {
  static: 'Static',
  pan: 'Pan',
  tilt: 'Tilt',
  zoom: 'Zoom',
  dolly: 'Dolly',
  tracking: 'Tracking',
  handheld: 'Handheld',
  drone: 'Drone',
};

export const SETTING_LABELS: Record<ShotSettingType, string> = {
  indoor: 'Indoor',
  outdoor: 'Outdoor',
  studio: 'Studio',
  mixed: 'Mixed',
};

export const TIME_OF_DAY_LABELS: Record<TimeOfDayType, string> = {
  dawn: 'Dawn',
  day: 'Day',
  golden_hour: 'Golden hour',
  dusk: 'Dusk',
  night: 'Night',
};

/** "Portugal (PT)" for an ISO alpha-2 code. */
export function countryLabel(code: string | null): string {
  if (!code) return '—';
  return `${countryName(code)} (${code})`;
}

interface DescribedClip {
  description: string | null;
  captions: string | null;
  tags: readonly string[];
  category: ClipCategoryType | null;
  cameraMotion: CameraMotionType | null;
  setting: ShotSettingType | null;
  timeOfDay: TimeOfDayType | null;
  country: string | null;
}

/** "Pan · Outdoor · Golden hour": what the creator said about the shot, '' when nothing. */
export function shotSummary(clip: Pick<DescribedClip, 'cameraMotion' | 'setting' | 'timeOfDay'>) {
  return [
    clip.cameraMotion && CAMERA_MOTION_LABELS[clip.cameraMotion],
    clip.setting && SETTING_LABELS[clip.setting],
    clip.timeOfDay && TIME_OF_DAY_LABELS[clip.timeOfDay],
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The creator's description of a clip as read-only list rows, '—' for what was left out. */
export function descriptionItems(clip: DescribedClip): { term: string; detail: string }[] {
  return [
    { term: 'Description', detail: clip.description ?? '—' },
    { term: 'Captions', detail: clip.captions ?? '—' },
    { term: 'Tags', detail: clip.tags.length ? clip.tags.join(', ') : '—' },
    { term: 'Category', detail: clip.category ? CATEGORY_LABELS[clip.category] : '—' },
    { term: 'Shot', detail: shotSummary(clip) || '—' },
    { term: 'Country', detail: countryLabel(clip.country) },
  ];
}

/**
 * A decimal amount typed by a person ("5", "5.5", "5.50") as minor units of `currency`, or
 * null when it is not a plain non-negative amount with at most the currency's decimals.
 * Parsed as text, never through a float, so "0.29" is 29 cents and not 28.999….
 */
export function parseMoneyInput(text: string, currency: string): MoneyType | null {
  const digits = minorUnitExponent(currency as MoneyType['currency']);
  const match = /^(\d{1,12})(?:[.,](\d+))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  const amountMinor = Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(amountMinor)) return null;
  return { amountMinor, currency: currency as MoneyType['currency'] };
}

/** Minor units back to the text a rate field shows ("5.00"). */
export function moneyInputValue(money: MoneyType): string {
  const digits = minorUnitExponent(money.currency);
  if (digits === 0) return String(money.amountMinor);
  const text = String(money.amountMinor).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** What the creator may change in each state (decision 011). */
export function editable(state: ClipStateType) {
  const open = ['uploading', 'processing', 'draft', 'rejected', 'delisted'].includes(state);
  return {
    description: open || state === 'listed',
    policy: open || state === 'listed',
    people: open,
    attestation: open,
    submit: state === 'draft' || state === 'rejected' || state === 'delisted',
    delist: state === 'listed',
  };
}
