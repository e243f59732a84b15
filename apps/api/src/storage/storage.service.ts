import { Injectable, Logger } from '@nestjs/common';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketCorsCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { AppConfig, type StorageBuckets } from '../config/app-config.js';
import { Runtime } from '../infra/runtime.js';

/**
 * The S3 client for originals, previews and documents. The same client talks to Amazon S3 or to
 * the embedded s3rver; only the endpoint and credentials differ.
 */
@Injectable()
export class StorageService {
  private readonly logger = new Logger('Storage');
  readonly client: S3Client;
  readonly buckets: StorageBuckets;

  constructor(
    private readonly config: AppConfig,
    runtime: Runtime,
  ) {
    this.buckets = config.storage.buckets;
    this.client = new S3Client({
      region: runtime.s3.region,
      endpoint: runtime.s3.endpoint,
      forcePathStyle: runtime.s3.forcePathStyle,
      ...(runtime.s3.credentials ? { credentials: runtime.s3.credentials } : {}),
      // Without these, presigned PUTs carry a checksum of an empty body that s3rver (and browsers
      // uploading other bytes) cannot satisfy.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /**
   * Embedded mode creates the buckets and lets the web origin upload straight to them. In S3 mode
   * the buckets belong to the infrastructure code; here we only check they are reachable.
   */
  async prepare(): Promise<void> {
    for (const bucket of Object.values(this.buckets)) {
      if (this.config.storage.mode === 'embedded') {
        if (!(await this.bucketExists(bucket))) {
          await this.client.send(new CreateBucketCommand({ Bucket: bucket }));
          this.logger.log({ bucket }, 'Created bucket');
        }
        await this.client.send(
          new PutBucketCorsCommand({
            Bucket: bucket,
            CORSConfiguration: {
              CORSRules: [
                {
                  AllowedOrigins: [this.config.server.webOrigin],
                  AllowedMethods: ['GET', 'PUT', 'HEAD'],
                  AllowedHeaders: ['*'],
                  ExposeHeaders: ['ETag'],
                  MaxAgeSeconds: 3000,
                },
              ],
            },
          }),
        );
      } else if (!(await this.bucketExists(bucket))) {
        this.logger.warn({ bucket }, 'Bucket is missing or not reachable');
      }
    }
  }

  async bucketExists(bucket: string): Promise<boolean> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: bucket }));
      return true;
    } catch (error) {
      if (
        error instanceof S3ServiceException &&
        (error.$metadata.httpStatusCode === 404 || error.name === 'NotFound')
      ) {
        return false;
      }
      throw error;
    }
  }

  /** Readiness: every bucket answers. */
  async check(): Promise<void> {
    for (const bucket of Object.values(this.buckets)) {
      if (!(await this.bucketExists(bucket))) throw new Error(`Bucket ${bucket} does not exist`);
    }
  }

  onApplicationShutdown(): void {
    this.client.destroy();
  }
}
