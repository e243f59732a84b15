import type { Node } from 'constructs';

/**
 * What varies between deployments, read from CDK context (`cdk synth -c key=value`, or the
 * `context` block of cdk.json). Every key has a default, so `npm run infra:synth` works offline
 * without an AWS account; docs/DEPLOY.md lists what a real deployment must set.
 */
export interface Settings {
  /** The AWS account; unset synthesises environment-agnostic stacks (AZs resolved at deploy). */
  account: string | undefined;
  region: string;
  /** The web app is served at https://<domainName>, the API at https://api.<domainName>. */
  domainName: string;
  /**
   * An ACM certificate in `region` for api.<domainName> and origin.<domainName> (the load
   * balancer). Unset: the app stack requests one with DNS validation.
   */
  loadBalancerCertificateArn: string | undefined;
  /** An ACM certificate in us-east-1 for <domainName> (CloudFront). Unset: no custom domain. */
  cdnCertificateArn: string | undefined;
  /**
   * A PEM RSA public key CloudFront verifies signed preview URLs with. Unset: the previews
   * behaviour is left out (the API presigns S3 URLs for previews itself).
   */
  previewsPublicKeyPem: string | undefined;
  /** The S3 bucket name prefix (S3_BUCKET): buckets are <prefix>-originals, -previews, -documents. */
  bucketPrefix: string;
  /** NAT gateways: 1 keeps a small deployment cheap, one per AZ survives an AZ outage. */
  natGateways: number;
  /**
   * PAYMENTS_PROVIDER. `offline` by default: this API version has no Stripe adapter yet and
   * refuses `stripe` at boot (apps/api/src/payments/payments.module.ts); no route takes payment.
   */
  paymentsProvider: 'offline' | 'stripe';
  mailFrom: string;
  alarmEmail: string | undefined;
}

export const DEFAULTS = {
  region: 'eu-west-1',
  domainName: 'clearframe.example.com',
  bucketPrefix: 'clearframe',
  natGateways: 1,
} as const;

export function readSettings(node: Node): Settings {
  const text = (key: string): string | undefined => {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    return String(value);
  };
  const domainName = text('domainName') ?? DEFAULTS.domainName;
  const bucketPrefix = text('bucketPrefix') ?? DEFAULTS.bucketPrefix;
  // The API's S3_BUCKET rule: the prefix plus "-originals" must stay a valid bucket name.
  if (!/^[a-z0-9][a-z0-9.-]{1,40}[a-z0-9]$/.test(bucketPrefix)) {
    throw new Error(`bucketPrefix "${bucketPrefix}": use 3-42 lower-case letters, digits, . or -`);
  }
  const natGateways = Number(text('natGateways') ?? DEFAULTS.natGateways);
  if (!Number.isInteger(natGateways) || natGateways < 1 || natGateways > 3) {
    throw new Error('natGateways: use 1, 2 or 3');
  }
  const paymentsProvider = text('paymentsProvider') ?? 'offline';
  if (paymentsProvider !== 'offline' && paymentsProvider !== 'stripe') {
    throw new Error('paymentsProvider: use offline or stripe');
  }
  return {
    account: text('account'),
    region: text('region') ?? DEFAULTS.region,
    domainName,
    loadBalancerCertificateArn: text('loadBalancerCertificateArn'),
    cdnCertificateArn: text('cdnCertificateArn'),
    previewsPublicKeyPem: text('previewsPublicKeyPem'),
    bucketPrefix,
    natGateways,
    paymentsProvider,
    mailFrom: text('mailFrom') ?? `Clearframe <no-reply@${domainName}>`,
    alarmEmail: text('alarmEmail'),
  };
}
