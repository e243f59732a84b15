import { problemCatalog } from './problem-catalog.js';

/** Models, their declared grants and their disclosures. */
export const TRANSPARENCY_PROBLEMS = problemCatalog({
  model_not_found: {
    status: 404,
    title: 'Model not found',
    message: 'That model does not exist.',
  },
  model_version_taken: {
    status: 409,
    title: 'Model already registered',
    message: 'This lab already registered a model with that name and version.',
  },
  declaration_refused: {
    status: 422,
    title: 'Grant cannot be cited',
    message:
      'A model may cite only this lab’s own grants, valid when the stage ran, whose terms permit that stage’s use. Nothing was recorded.',
  },
  nothing_declared: {
    status: 409,
    title: 'Nothing to disclose',
    message: 'Declare the grants used at one training stage at least before publishing.',
  },
  disclosure_not_found: {
    status: 404,
    title: 'Disclosure not found',
    message: 'That disclosure does not exist, or its model is not public.',
  },
  creator_work_not_found: {
    status: 404,
    title: 'Creator page not found',
    message: 'That creator studio does not exist, or has not made its licensed work public.',
  },
});
