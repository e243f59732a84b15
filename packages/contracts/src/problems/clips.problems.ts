import { problemCatalog } from './problem-catalog.js';

/** Clips: their lifecycle, description, consent and review (decision 011). */
export const CLIPS_PROBLEMS = problemCatalog({
  clip_not_found: { status: 404, title: 'Clip not found', message: 'That clip no longer exists.' },
  clip_not_editable: {
    status: 409,
    title: 'Clip cannot be changed now',
    message: 'This clip cannot be changed in its current state.',
  },
  clip_not_submittable: {
    status: 409,
    title: 'Clip cannot be submitted',
    message: 'Only draft, rejected or delisted clips can be submitted for review.',
  },
  clip_incomplete: {
    status: 422,
    title: 'Clip is not ready for review',
    message: 'Complete the clip before submitting it: see what is missing.',
  },
  clip_not_in_review: {
    status: 409,
    title: 'Clip is not in review',
    message: 'This clip is not waiting for review; it may have been decided already.',
  },
  clip_not_listed: {
    status: 409,
    title: 'Clip is not listed',
    message: 'Only a listed clip can be delisted.',
  },
  policy_currency_unsupported: {
    status: 422,
    title: 'Currency not supported',
    message: 'Set the rate in US dollars (USD), the currency of the public rate card.',
  },
  person_not_found: {
    status: 404,
    title: 'Person not found',
    message: 'That person no longer exists.',
  },
  release_not_found: {
    status: 404,
    title: 'Release not found',
    message: 'That release no longer exists.',
  },
  release_not_confirmed: {
    status: 422,
    title: 'Release not confirmed',
    message: 'Upload the release document and confirm it before attaching the release to a clip.',
  },
  release_document_missing: {
    status: 422,
    title: 'Release document not uploaded',
    message: 'Upload the release document to the link you were given, then confirm again.',
  },
  release_document_unrecognised: {
    status: 422,
    title: 'Release document not recognised',
    message:
      'The uploaded file is not a PDF, PNG, JPEG or WebP document (checked by its contents, not its name). Upload the signed release again.',
  },
  release_document_too_large: {
    status: 422,
    title: 'Release document too large',
    message: 'The release document is larger than 20 MiB. Upload a smaller scan.',
  },
});
