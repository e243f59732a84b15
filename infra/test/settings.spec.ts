import { describe, expect, it } from '@jest/globals';
import { App } from 'aws-cdk-lib';
import { DEFAULTS, readSettings } from '../lib/settings.js';

const settings = (context: Record<string, string>) => readSettings(new App({ context }).node);

describe('settings from context', () => {
  it('synthesises without any context: environment-agnostic, documented defaults', () => {
    expect(settings({})).toEqual({
      account: undefined,
      region: 'eu-west-1',
      domainName: 'clearframe.example.com',
      loadBalancerCertificateArn: undefined,
      cdnCertificateArn: undefined,
      previewsPublicKeyPem: undefined,
      bucketPrefix: 'clearframe',
      natGateways: 1,
      paymentsProvider: 'offline',
      mailFrom: 'Clearframe <no-reply@clearframe.example.com>',
      alarmEmail: undefined,
    });
    expect(DEFAULTS.region).toBe('eu-west-1');
  });

  it('takes every key from context', () => {
    const read = settings({
      account: '111122223333',
      region: 'us-east-2',
      domainName: 'frames.test',
      natGateways: '2',
      paymentsProvider: 'stripe',
    });
    expect(read).toMatchObject({
      account: '111122223333',
      region: 'us-east-2',
      domainName: 'frames.test',
      natGateways: 2,
      paymentsProvider: 'stripe',
      mailFrom: 'Clearframe <no-reply@frames.test>',
    });
  });

  it('refuses a bucket prefix the API would refuse as S3_BUCKET, and nonsense counts', () => {
    expect(() => settings({ bucketPrefix: 'Upper_Case' })).toThrow(/bucketPrefix/);
    expect(() => settings({ bucketPrefix: 'a'.repeat(43) })).toThrow(/bucketPrefix/);
    expect(() => settings({ natGateways: '0' })).toThrow(/natGateways/);
    expect(() => settings({ paymentsProvider: 'paypal' })).toThrow(/paymentsProvider/);
  });
});
