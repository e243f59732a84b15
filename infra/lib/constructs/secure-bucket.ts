import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface SecureBucketProps {
  bucketName?: string;
  /** Keep earlier versions of overwritten or deleted objects (for data that cannot be rebuilt). */
  versioned: boolean;
  /** Where S3 writes its server access logs; unset only for the log bucket itself. */
  accessLogs: s3.IBucket | undefined;
  accessLogsPrefix?: string;
  cors?: s3.CorsRule[];
  /** Days after which an unfinished multipart upload is aborted (its parts stop costing). */
  abortIncompleteUploadAfterDays: number;
  /** For log buckets: objects expire after this many days. */
  expireAfterDays?: number;
  /** CloudFront standard logs still write with ACLs; every other bucket has ACLs disabled. */
  objectOwnership?: s3.ObjectOwnership;
}

/**
 * A private S3 bucket as every Clearframe bucket must be: encrypted at rest, no public access,
 * TLS-only (a bucket policy denies plain HTTP), unfinished multipart uploads aborted, access
 * logged, and kept when its stack is deleted.
 */
export class SecureBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const rules: s3.LifecycleRule[] = [
      {
        id: 'abort-incomplete-multipart-uploads',
        abortIncompleteMultipartUploadAfter: Duration.days(props.abortIncompleteUploadAfterDays),
      },
    ];
    if (props.versioned) {
      rules.push({
        id: 'expire-noncurrent-versions',
        noncurrentVersionExpiration: Duration.days(90),
      });
    }
    if (props.expireAfterDays !== undefined) {
      rules.push({ id: 'expire-logs', expiration: Duration.days(props.expireAfterDays) });
    }
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: props.versioned,
      objectOwnership: props.objectOwnership ?? s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: props.accessLogs ? props.accessLogsPrefix : undefined,
      cors: props.cors,
      lifecycleRules: rules,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
