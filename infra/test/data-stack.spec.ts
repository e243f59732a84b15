import { beforeAll, describe, expect, it } from '@jest/globals';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { synthesise } from './support/clearframe.js';
import { productionContext } from './support/context.js';

describe('data stack', () => {
  let template: Template;
  let terminationProtection: boolean | undefined;

  beforeAll(() => {
    const { stacks, templates } = synthesise(productionContext());
    template = templates.data;
    terminationProtection = stacks.data.terminationProtection;
  });

  const buckets = () => template.findResources('AWS::S3::Bucket');
  const bucketNamed = (name: string) => {
    const found = Object.entries(buckets()).filter(
      ([, b]) => (b as any).Properties.BucketName === name,
    );
    expect(found).toHaveLength(1);
    return found[0]! as [string, any];
  };

  it('is protected from deletion, and retains everything that holds data', () => {
    expect(terminationProtection).toBe(true);
    for (const type of ['AWS::S3::Bucket', 'AWS::RDS::DBInstance', 'AWS::SecretsManager::Secret']) {
      const resources = Object.values(template.findResources(type));
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) {
        expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      }
    }
  });

  it('holds the three buckets the API names from S3_BUCKET, and an access-log bucket', () => {
    const names = Object.values(buckets())
      .map((b: any) => b.Properties.BucketName)
      .filter(Boolean)
      .sort();
    expect(names).toEqual([
      'acme-clearframe-documents',
      'acme-clearframe-originals',
      'acme-clearframe-previews',
    ]);
    expect(Object.keys(buckets())).toHaveLength(4);
  });

  it('encrypts every bucket and blocks all public access', () => {
    for (const bucket of Object.values(buckets()) as any[]) {
      expect(bucket.Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      });
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
  });

  it('denies every request without TLS, on every bucket', () => {
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')) as any[];
    const protectedBuckets = policies
      .filter((policy) =>
        policy.Properties.PolicyDocument.Statement.some(
          (s: any) =>
            s.Effect === 'Deny' &&
            s.Action === 's3:*' &&
            s.Principal?.AWS === '*' &&
            s.Condition?.Bool?.['aws:SecureTransport'] === 'false',
        ),
      )
      .map((policy) => policy.Properties.Bucket.Ref)
      .sort();
    expect(protectedBuckets).toEqual(Object.keys(buckets()).sort());
  });

  it('aborts unfinished multipart uploads after the API has had its own chance (48 h)', () => {
    for (const name of ['originals', 'previews', 'documents']) {
      const [, bucket] = bucketNamed(`acme-clearframe-${name}`);
      expect(bucket.Properties.LifecycleConfiguration.Rules).toContainEqual({
        Id: 'abort-incomplete-multipart-uploads',
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        Status: 'Enabled',
      });
    }
  });

  it('versions the data that cannot be rebuilt: originals and documents, not previews', () => {
    const versioned = (name: string) =>
      bucketNamed(`acme-clearframe-${name}`)[1].Properties.VersioningConfiguration?.Status;
    expect(versioned('originals')).toBe('Enabled');
    expect(versioned('documents')).toBe('Enabled');
    expect(versioned('previews')).toBeUndefined();
  });

  it("lets the web origin upload parts to originals and read each part's ETag", () => {
    const [, originals] = bucketNamed('acme-clearframe-originals');
    expect(originals.Properties.CorsConfiguration).toEqual({
      CorsRules: [
        {
          AllowedOrigins: ['https://clearframe.test'],
          AllowedMethods: ['PUT', 'GET', 'HEAD'],
          AllowedHeaders: ['*'],
          ExposedHeaders: ['ETag'],
          MaxAge: 3000,
        },
      ],
    });
    for (const name of ['previews', 'documents']) {
      expect(
        bucketNamed(`acme-clearframe-${name}`)[1].Properties.CorsConfiguration,
      ).toBeUndefined();
    }
  });

  it('logs access to the data buckets into the log bucket', () => {
    for (const name of ['originals', 'previews', 'documents']) {
      const [, bucket] = bucketNamed(`acme-clearframe-${name}`);
      expect(bucket.Properties.LoggingConfiguration).toEqual({
        DestinationBucketName: { Ref: expect.stringMatching(/^AccessLogs/) },
        LogFilePrefix: `${name}/`,
      });
    }
  });

  it('runs PostgreSQL encrypted, Multi-AZ, backed up for 14 days, with TLS forced', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      StorageEncrypted: true,
      MultiAZ: true,
      BackupRetentionPeriod: 14,
      DeletionProtection: true,
      PubliclyAccessible: false,
      DBName: 'clearframe',
      DBSubnetGroupName: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Parameters: { 'rds.force_ssl': '1' },
    });
  });

  it('keeps a read replica of that database in the isolated subnets', () => {
    const instances = template.findResources('AWS::RDS::DBInstance');
    const primary = Object.entries(instances).find(([, r]: any) => r.Properties.MultiAZ)!;
    const replicas = Object.values(instances).filter(
      (r: any) => r.Properties.SourceDBInstanceIdentifier,
    ) as any[];
    expect(replicas).toHaveLength(1);
    expect(JSON.stringify(replicas[0].Properties.SourceDBInstanceIdentifier)).toContain(primary[0]);
    expect(replicas[0].Properties.DBSubnetGroupName).toBeDefined();
    expect(Object.keys(instances)).toHaveLength(2);
  });

  it('composes DATABASE_URL from a reference to the generated password, never the password', () => {
    const secrets = template.findResources('AWS::SecretsManager::Secret');
    const url = Object.values(secrets).find(
      (s: any) => s.Properties.Name === 'clearframe/database-url',
    ) as any;
    const text = JSON.stringify(url.Properties.SecretString);
    expect(text).toContain('postgres://clearframe:{{resolve:secretsmanager:');
    expect(text).toContain(':SecretString:password::}}@');
    expect(text).toContain(':5432/clearframe?sslmode=verify-full');
    const credentials = Object.values(secrets).find(
      (s: any) => s.Properties.Name === 'clearframe/database-credentials',
    ) as any;
    expect(credentials.Properties.GenerateSecretString).toMatchObject({
      GenerateStringKey: 'password',
      SecretStringTemplate: '{"username":"clearframe"}',
    });
    expect(credentials.Properties.SecretString).toBeUndefined();
  });

  it('creates the application secret empty, for the operator to fill in', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'clearframe/app',
      SecretString:
        '{"STRIPE_SECRET_KEY":"","STRIPE_WEBHOOK_SECRET":"","CERT_SIGNING_KEY":"","SMTP_URL":""}',
    });
  });
});
