import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  SecretValue,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { SecureBucket } from '../constructs/secure-bucket.js';

export interface DataStackProps extends StackProps {
  vpc: ec2.IVpc;
  /** S3_BUCKET: the buckets are named <prefix>-originals, -previews and -documents. */
  bucketPrefix: string;
  /** The web app's origin, allowed by the originals bucket's CORS (browser multipart uploads). */
  webOrigin: string;
  /** Lets this account's CloudFront distributions read previews (app stack, signed URLs). */
  previewsThroughCdn: boolean;
}

/** The variables of the application secret, filled in by the operator (docs/DEPLOY.md). */
export const APP_SECRET_KEYS = [
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'CERT_SIGNING_KEY',
  'SMTP_URL',
] as const;

export const DATABASE_NAME = 'clearframe';
export const DATABASE_USER = 'clearframe';
export const DATABASE_PORT = 5432;

// The generated password goes into DATABASE_URL verbatim, so it keeps to URL-safe characters.
const URL_UNSAFE_CHARACTERS = ' %+~`#$&*()|[]{}:;<>?!\'/@"\\=,^';

/**
 * Everything that holds state, apart from the stateless stacks so those can be replaced freely:
 * PostgreSQL (Multi-AZ, encrypted, 14 days of backups, a read replica for catalog search), the
 * three buckets the API uses, and the secrets. Termination protection is on and every resource
 * is retained if the stack is deleted.
 */
export class DataStack extends Stack {
  readonly database: rds.DatabaseInstance;
  readonly replica: rds.DatabaseInstanceReadReplica;
  /** The generated master credentials (JSON: username, password, host, …). */
  readonly databaseCredentials: rds.DatabaseSecret;
  /** DATABASE_URL, composed at deploy time from the generated credentials. */
  readonly databaseUrlSecret: secretsmanager.Secret;
  /** One JSON secret holding APP_SECRET_KEYS. */
  readonly appSecret: secretsmanager.Secret;
  readonly buckets: { originals: s3.Bucket; previews: s3.Bucket; documents: s3.Bucket };
  readonly bucketPrefix: string;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    this.bucketPrefix = props.bucketPrefix;

    // --- PostgreSQL ------------------------------------------------------------------------
    const parameters = new rds.ParameterGroup(this, 'DatabaseParameters', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
      description: 'Clearframe: TLS-only connections',
      parameters: { 'rds.force_ssl': '1' },
    });
    this.databaseCredentials = new rds.DatabaseSecret(this, 'DatabaseCredentials', {
      username: DATABASE_USER,
      secretName: 'clearframe/database-credentials',
      excludeCharacters: URL_UNSAFE_CHARACTERS,
    });
    this.databaseCredentials.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const credentials = rds.Credentials.fromSecret(this.databaseCredentials);
    const common = {
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      instanceType: ec2.InstanceType.of(
        ec2.InstanceClass.BURSTABLE4_GRAVITON,
        ec2.InstanceSize.SMALL,
      ),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      autoMinorVersionUpgrade: true,
      cloudwatchLogsExports: ['postgresql'],
      monitoringInterval: Duration.seconds(60),
      parameterGroup: parameters,
    };
    this.database = new rds.DatabaseInstance(this, 'Database', {
      ...common,
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
      // The replica inherits the source's encryption (CloudFormation refuses the flag on it).
      storageEncrypted: true,
      databaseName: DATABASE_NAME,
      port: DATABASE_PORT,
      credentials,
      multiAz: true,
      allocatedStorage: 50,
      maxAllocatedStorage: 500,
      storageType: rds.StorageType.GP3,
      backupRetention: Duration.days(14),
      preferredBackupWindow: '02:00-03:00',
      preferredMaintenanceWindow: 'sun:03:30-sun:04:30',
      deleteAutomatedBackups: false,
      copyTagsToSnapshot: true,
    });
    this.replica = new rds.DatabaseInstanceReadReplica(this, 'ReadReplica', {
      ...common,
      sourceDatabaseInstance: this.database,
      port: DATABASE_PORT,
      securityGroups: this.database.connections.securityGroups,
    });

    const credentialsSecret = this.database.secret!;
    this.databaseUrlSecret = new secretsmanager.Secret(this, 'DatabaseUrl', {
      secretName: 'clearframe/database-url',
      description:
        'DATABASE_URL for the Clearframe API and worker (TLS verified against the RDS CA)',
      // CloudFormation resolves the password's dynamic reference at deploy time: the template
      // only holds `{{resolve:secretsmanager:…}}`, never the password.
      secretStringValue: SecretValue.unsafePlainText(
        `postgres://${DATABASE_USER}:${credentialsSecret.secretValueFromJson('password').unsafeUnwrap()}` +
          `@${this.database.instanceEndpoint.hostname}:${DATABASE_PORT}/${DATABASE_NAME}?sslmode=verify-full`,
      ),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.appSecret = new secretsmanager.Secret(this, 'AppSecret', {
      secretName: 'clearframe/app',
      description: `Clearframe API keys, filled in by the operator: ${APP_SECRET_KEYS.join(', ')}`,
      // Created empty (the API refuses to boot until they are set); the values are put with
      // `aws secretsmanager put-secret-value` and never pass through CloudFormation.
      secretObjectValue: Object.fromEntries(
        APP_SECRET_KEYS.map((key) => [key, SecretValue.unsafePlainText('')]),
      ),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    new CfnOutput(this, 'DatabaseEndpoint', { value: this.database.instanceEndpoint.hostname });
    new CfnOutput(this, 'ReadReplicaEndpoint', {
      value: this.replica.instanceEndpoint.hostname,
      description: 'Read-only; the API does not read from it yet (catalog search)',
    });

    // --- S3 ----------------------------------------------------------------------------------
    const accessLogs = new SecureBucket(this, 'AccessLogs', {
      versioned: false,
      accessLogs: undefined,
      abortIncompleteUploadAfterDays: 1,
      expireAfterDays: 365,
    }).bucket;
    const bucket = (id: string, suffix: string, versioned: boolean, cors?: s3.CorsRule[]) =>
      new SecureBucket(this, id, {
        bucketName: `${props.bucketPrefix}-${suffix}`,
        versioned,
        accessLogs,
        accessLogsPrefix: `${suffix}/`,
        cors,
        // Longer than the API's own cleanup (UPLOAD_ABANDON_AFTER_HOURS, 48 h by default), so an
        // upload in progress is never cut off; this only catches what the API missed.
        abortIncompleteUploadAfterDays: 7,
      }).bucket;
    this.buckets = {
      // Creators' footage cannot be rebuilt: versioned. Browsers PUT parts directly and read
      // each part's ETag, hence the CORS rule.
      originals: bucket('Originals', 'originals', true, [
        {
          allowedOrigins: [props.webOrigin],
          allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ]),
      // Previews and thumbnails are derived from the originals and can be made again.
      previews: bucket('Previews', 'previews', false),
      // Certificates, statements and disclosures: versioned.
      documents: bucket('Documents', 'documents', true),
    };
    if (props.previewsThroughCdn) {
      // Origin access control: CloudFront signs its requests. The grant names this account's
      // distributions rather than one distribution, which lives in the app stack (a reference
      // back to it would tie this stack to that one).
      this.buckets.previews.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'CloudFrontReadsPreviews',
          principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
          actions: ['s3:GetObject'],
          resources: [this.buckets.previews.arnForObjects('*')],
          conditions: {
            ArnLike: {
              'AWS:SourceArn': `arn:${this.partition}:cloudfront::${this.account}:distribution/*`,
            },
          },
        }),
      );
    }
  }
}
