import { index, route, type RouteConfig } from '@react-router/dev/routes';

export default [
  index('routes/home.tsx'),
  route('sign-up', 'routes/sign-up.tsx'),
  route('sign-in', 'routes/sign-in.tsx'),
  route('sign-out', 'routes/sign-out.tsx'),
  route('verify-email', 'routes/verify-email.tsx'),
  route('forgot-password', 'routes/forgot-password.tsx'),
  route('reset-password', 'routes/reset-password.tsx'),
  route('account', 'routes/account.tsx'),
  route('invitations/:token', 'routes/invitation.tsx'),
  route('orgs/new', 'routes/org-new.tsx'),
  route('orgs/switch', 'routes/org-switch.tsx'),
  route('orgs/:orgId/settings', 'routes/org-settings.tsx', [
    index('routes/org-general.tsx'),
    route('members', 'routes/org-members.tsx'),
    route('invitations', 'routes/org-invitations.tsx'),
    route('api-keys', 'routes/org-api-keys.tsx'),
  ]),
  route('studio/:orgId', 'routes/studio.tsx'),
  route('studio/:orgId/clips/:clipId', 'routes/studio-clip.tsx'),
  route('studio/:orgId/statements', 'routes/studio-statements.tsx'),
  // A statement's stored PDF or CSV, streamed from the API with the person's session.
  route('studio/:orgId/statements/:statementId/:format', 'routes/studio-statement-file.ts'),
  route('studio/:orgId/earnings', 'routes/studio-earnings.tsx'),
  // Stripe's return and refresh URLs land here too (`?onboarding=return|refresh`).
  route('studio/:orgId/payouts', 'routes/studio-payouts.tsx'),
  route('studio/:orgId/public-page', 'routes/studio-public-page.tsx'),
  // Uppy's signing calls (JSON): create, sign and list parts, complete, abort.
  route('studio/:orgId/uploads/:uploadId?/:step?', 'routes/studio-uploads.ts'),
  route('review', 'routes/review.tsx'),
  route('review/:clipId', 'routes/review-clip.tsx'),
  route('operator/payouts', 'routes/operator-payouts.tsx'),
  route('operator/disclosures', 'routes/operator-disclosures.tsx'),
  route('operator/payouts/reconciliation', 'routes/operator-payouts-reconciliation.tsx'),
  route('catalog', 'routes/catalog.tsx'),
  route('catalog/:clipId', 'routes/catalog-clip.tsx'),
  route('rate-card', 'routes/rate-card.tsx'),
  route('verify', 'routes/verify.tsx'),
  // The /verify page's live-status look-up from the browser (JSON), relayed to the API.
  route('verify/status/:id', 'routes/verify-status.ts'),
  route('footage', 'routes/footage.tsx'),
  // The /footage page's look-up by file hash from the browser (JSON), relayed to the API.
  route('footage/lookup/:sha256', 'routes/footage-lookup.ts'),
  route('bundles/:orgId', 'routes/bundles.tsx'),
  route('bundles/:orgId/:bundleId', 'routes/bundle.tsx'),
  route('orders/:orgId', 'routes/orders.tsx'),
  route('orders/:orgId/:orderId', 'routes/order.tsx'),
  // The order's delivery files, streamed from the API with the person's session.
  route('orders/:orgId/:orderId/:file', 'routes/order-delivery.ts'),
  route('models/:orgId', 'routes/models.tsx'),
  route('models/:orgId/:modelId', 'routes/model.tsx'),
  route('labs/:orgId', 'routes/lab.tsx'),
  // A creator studio's licensed work by public model, once the studio opted in.
  route('creators/:orgId', 'routes/creator.tsx'),
  route('disclosures/:disclosureId', 'routes/disclosure.tsx'),
  // A public disclosure's downloads (JSON, JWS, EU AI Act exports, Croissant), from the API.
  route('disclosures/:disclosureId/:file', 'routes/disclosure-file.ts'),
  // The offline provider's demo checkout (Stripe's hosted page when Stripe is on).
  route('checkout/:sessionId', 'routes/checkout.tsx'),
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig;
