import { previewsPublicKey } from './clearframe.js';

/** What an operator passes for a real deployment (docs/DEPLOY.md), with made-up identifiers. */
export function productionContext(): Record<string, string> {
  return {
    account: '111122223333',
    region: 'eu-central-1',
    domainName: 'clearframe.test',
    bucketPrefix: 'acme-clearframe',
    loadBalancerCertificateArn:
      'arn:aws:acm:eu-central-1:111122223333:certificate/0b7f2d44-5c1e-4d7a-9b0e-2f5d1c3a4b6e',
    cdnCertificateArn:
      'arn:aws:acm:us-east-1:111122223333:certificate/6e1a9c2b-3d4f-4a5b-8c7d-9e0f1a2b3c4d',
    previewsPublicKeyPem: previewsPublicKey(),
    alarmEmail: 'ops@clearframe.test',
  };
}
