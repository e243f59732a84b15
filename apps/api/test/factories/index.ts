export { createApiKey, type TestApiKey } from './api-key.factory.js';
export { TEST_PASSWORD, testPasswordHash } from './password-hash.js';
export { CREATION_STEP_MS } from './ids.js';
export { createInvitation, type TestInvitation } from './invitation.factory.js';
export { createOneTimeToken, type TestOneTimeToken } from './one-time-token.factory.js';
export { addMember, createOrg } from './organization.factory.js';
export { createSession, type TestSession } from './session.factory.js';
export { createUser, type TestUser } from './user.factory.js';
export { createClip, type ClipOverrides, type TestClip } from './clip.factory.js';
export { createUpload, type TestUpload } from './upload.factory.js';
export {
  addClipPerson,
  createInReviewClip,
  createListedClip,
  createPolicyVersion,
  createReadyClip,
  createRelease,
  defaultPolicy,
  type ReadyClipOptions,
  type TestCuratedClip,
  type TestRelease,
} from './clip-curation.factory.js';
export { createBundle, type TestBundle } from './bundle.factory.js';
export { placePaidOrder, type PaidOrderOptions } from './order.factory.js';
