import { Duration, Stack, type StackProps, Annotations, CfnOutput } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { AppService } from '../constructs/app-service.js';
import { QueueAgeMetric } from '../constructs/queue-age-metric.js';
import { SecureBucket } from '../constructs/secure-bucket.js';
import { DATABASE_PORT, type DataStack } from './data-stack.js';

export const API_PORT = 4000;
export const WEB_PORT = 3000;
/** The Debian packages' ffmpeg in the API image (apps/api/Dockerfile). */
const FFPROBE_PATH = '/usr/bin/ffprobe';
const FFMPEG_PATH = '/usr/bin/ffmpeg';
/** The RDS certificate bundle baked into the API image, so DATABASE_URL's verify-full holds. */
const RDS_CA_BUNDLE = '/etc/ssl/certs/rds-global-bundle.pem';

export interface AppImages {
  /** The API image; the worker runs it with another command. */
  api: ecs.ContainerImage;
  web: ecs.ContainerImage;
}

export interface AppStackProps extends StackProps {
  vpc: ec2.IVpc;
  data: DataStack;
  images: AppImages;
  domainName: string;
  loadBalancerCertificateArn: string | undefined;
  cdnCertificateArn: string | undefined;
  previewsPublicKeyPem: string | undefined;
  /** `offline` until the API ships its Stripe adapter (it refuses `stripe` at boot today). */
  paymentsProvider: 'offline' | 'stripe';
  mailFrom: string;
  alarmEmail: string | undefined;
}

/**
 * The stateless part: ECS Fargate services for the API, the web app and the job worker behind
 * an HTTPS load balancer, CloudFront in front of the web app (and of the previews bucket when a
 * signing key is given), autoscaling, logs and alarms. Replacing this stack loses nothing.
 */
export class AppStack extends Stack {
  readonly api: AppService;
  readonly web: AppService;
  readonly worker: AppService;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly distribution: cloudfront.Distribution;
  readonly alarms: Record<string, cloudwatch.Alarm>;
  readonly edgeLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { data, vpc, domainName } = props;
    const apiHost = `api.${domainName}`;
    const originHost = `origin.${domainName}`;
    const webOrigin = `https://${domainName}`;

    // Logs of the load balancer and CloudFront (standard logs still need ACLs).
    const logs = (this.edgeLogs = new SecureBucket(this, 'EdgeLogs', {
      versioned: false,
      accessLogs: undefined,
      abortIncompleteUploadAfterDays: 1,
      expireAfterDays: 90,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
    }).bucket);

    // --- load balancer -----------------------------------------------------------------------
    const certificate = props.loadBalancerCertificateArn
      ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.loadBalancerCertificateArn)
      : new acm.Certificate(this, 'Certificate', {
          domainName: apiHost,
          subjectAlternativeNames: [originHost],
          // Without a hosted zone CloudFormation waits until the CNAME ACM asks for exists.
          validation: acm.CertificateValidation.fromDns(),
        });
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      dropInvalidHeaderFields: true,
    });
    this.loadBalancer.logAccessLogs(logs, 'alb');
    this.loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443 });
    const https = this.loadBalancer.addListener('Https', {
      port: 443,
      certificates: [certificate],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      defaultAction: elbv2.ListenerAction.fixedResponse(404, {
        contentType: 'text/plain',
        messageBody: 'Not found',
      }),
    });

    // --- services ------------------------------------------------------------------------------
    const cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    const appSecret = (key: string) => ecs.Secret.fromSecretsManager(data.appSecret, key);
    const apiEnvironment = {
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: String(API_PORT),
      LOG_LEVEL: 'info',
      // Requests reach the API through the load balancer (and the web tasks), all in the VPC.
      TRUST_PROXY: vpc.vpcCidrBlock,
      WEB_ORIGIN: webOrigin,
      PUBLIC_API_URL: `https://${apiHost}`,
      DATABASE_SSL: 'true',
      DATABASE_POOL_SIZE: '10',
      NODE_EXTRA_CA_CERTS: RDS_CA_BUNDLE,
      S3_BUCKET: data.bucketPrefix,
      S3_REGION: Stack.of(this).region,
      PAYMENTS_PROVIDER: props.paymentsProvider,
      MAIL_FROM: props.mailFrom,
      FFPROBE_PATH,
      FFMPEG_PATH,
    };
    const apiSecrets = {
      DATABASE_URL: ecs.Secret.fromSecretsManager(data.databaseUrlSecret),
      STRIPE_SECRET_KEY: appSecret('STRIPE_SECRET_KEY'),
      STRIPE_WEBHOOK_SECRET: appSecret('STRIPE_WEBHOOK_SECRET'),
      CERT_SIGNING_KEY: appSecret('CERT_SIGNING_KEY'),
      SMTP_URL: appSecret('SMTP_URL'),
    };

    this.api = new AppService(this, 'Api', {
      cluster,
      image: props.images.api,
      cpu: 512,
      memoryLimitMiB: 1024,
      port: API_PORT,
      // Jobs run in the worker service only; the API queues them.
      environment: { ...apiEnvironment, JOBS_ENABLED: 'false' },
      secrets: apiSecrets,
      scaling: { min: 2, max: 10, cpuPercent: 60 },
      loadBalancer: {
        listener: https,
        priority: 10,
        hosts: [apiHost],
        healthCheckPath: '/health/ready',
        requestsPerTarget: 500,
      },
    });
    this.worker = new AppService(this, 'Worker', {
      cluster,
      image: props.images.api,
      command: ['node', 'dist/worker.js'],
      // Probing and transcoding footage (ffmpeg) is the heavy work.
      cpu: 1024,
      memoryLimitMiB: 2048,
      environment: { ...apiEnvironment, JOBS_ENABLED: 'true' },
      secrets: apiSecrets,
      scaling: { min: 1, max: 4, cpuPercent: 70 },
    });
    this.web = new AppService(this, 'Web', {
      cluster,
      image: props.images.web,
      cpu: 256,
      memoryLimitMiB: 512,
      port: WEB_PORT,
      environment: {
        NODE_ENV: 'production',
        HOST: '0.0.0.0',
        PORT: String(WEB_PORT),
        API_URL: `https://${apiHost}`,
        PUBLIC_API_URL: `https://${apiHost}`,
      },
      scaling: { min: 2, max: 6, cpuPercent: 60 },
      loadBalancer: {
        listener: https,
        priority: 20,
        // CloudFront forwards the viewer's Host header.
        hosts: [domainName, originHost],
        // A static file: the web server is up (the API's readiness is checked on the API).
        healthCheckPath: '/favicon.svg',
        requestsPerTarget: 500,
      },
    });

    for (const service of [this.api, this.worker]) {
      // The ingress rule lands in this stack (the data stack never refers back to it). Egress is
      // already open: the tasks call Stripe and SMTP through NAT.
      service.service.connections.allowTo(
        data.database,
        ec2.Port.tcp(DATABASE_PORT),
        `PostgreSQL from the ${service.node.id} tasks`,
      );
    }
    // What the API and the worker do with objects: presigned single and multipart uploads, reads,
    // copies, deletes, abandoned-upload cleanup, and HeadBucket for readiness. Named by bucket
    // name (known from the prefix), so the grants need no reference into the data stack.
    const bucketArns = ['originals', 'previews', 'documents'].map(
      (suffix) => `arn:${this.partition}:s3:::${data.bucketPrefix}-${suffix}`,
    );
    for (const service of [this.api, this.worker]) {
      const role = service.taskDefinition.taskRole;
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: [
            's3:GetObject',
            's3:PutObject',
            's3:DeleteObject',
            's3:AbortMultipartUpload',
            's3:ListMultipartUploadParts',
          ],
          resources: bucketArns.map((arn) => `${arn}/*`),
        }),
      );
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['s3:ListBucket', 's3:ListBucketMultipartUploads', 's3:GetBucketLocation'],
          resources: bucketArns,
        }),
      );
    }

    // --- CloudFront ----------------------------------------------------------------------------
    const webOriginBackend = new origins.HttpOrigin(originHost, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    });
    const additionalBehaviors: Record<string, cloudfront.BehaviorOptions> = {
      // Fingerprinted bundles: cache for a year at the edge.
      '/assets/*': {
        origin: webOriginBackend,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        compress: true,
      },
    };
    if (props.previewsPublicKeyPem) {
      const keyGroup = new cloudfront.KeyGroup(this, 'PreviewsKeyGroup', {
        items: [
          new cloudfront.PublicKey(this, 'PreviewsPublicKey', {
            encodedKey: props.previewsPublicKeyPem,
          }),
        ],
      });
      additionalBehaviors['/previews/*'] = {
        // Imported by name: the data stack's bucket policy grants CloudFront (no cycle back here).
        origin: origins.S3BucketOrigin.withOriginAccessControl(
          s3.Bucket.fromBucketAttributes(this, 'PreviewsBucket', {
            bucketArn: data.buckets.previews.bucketArn,
            bucketRegionalDomainName: data.buckets.previews.bucketRegionalDomainName,
          }),
        ),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        trustedKeyGroups: [keyGroup],
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            // /previews/<key> → <key>: the bucket's keys carry no prefix.
            function: new cloudfront.Function(this, 'PreviewsPath', {
              runtime: cloudfront.FunctionRuntime.JS_2_0,
              code: cloudfront.FunctionCode.fromInline(
                "function handler(event) { var r = event.request; r.uri = r.uri.replace(/^\\/previews\\//, '/'); return r; }",
              ),
            }),
          },
        ],
      };
    } else {
      Annotations.of(this).addInfo(
        'No previewsPublicKeyPem: previews are served by presigned S3 URLs only (no CloudFront behaviour).',
      );
    }
    this.distribution = new cloudfront.Distribution(this, 'Cdn', {
      comment: 'Clearframe web app',
      defaultBehavior: {
        origin: webOriginBackend,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        // Pages are per visitor (sessions): never cached, everything forwarded.
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        compress: true,
      },
      additionalBehaviors,
      ...(props.cdnCertificateArn
        ? {
            domainNames: [domainName],
            certificate: acm.Certificate.fromCertificateArn(
              this,
              'CdnCertificate',
              props.cdnCertificateArn,
            ),
            // Applies with a custom certificate only (the default one fixes its own policy).
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });

    // --- alarms --------------------------------------------------------------------------------
    const alarmKey = new kms.Key(this, 'AlarmTopicKey', {
      enableKeyRotation: true,
      description: 'Clearframe alarm notifications',
    });
    alarmKey.grantEncryptDecrypt(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));
    const topic = new sns.Topic(this, 'Alarms', { masterKey: alarmKey, enforceSSL: true });
    if (props.alarmEmail)
      topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const notify = new cwActions.SnsAction(topic);
    const apiTargets = this.api.targetGroup!;
    const queueAge = new QueueAgeMetric(this, 'QueueAge', { workerLogs: this.worker.logGroup });
    const alarm = (
      name: string,
      props: Omit<cloudwatch.AlarmProps, 'alarmName' | 'alarmDescription'> & {
        description: string;
      },
    ) => {
      const created = new cloudwatch.Alarm(this, name, {
        ...props,
        alarmDescription: props.description,
      });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      return created;
    };
    const fiveMinutes = Duration.minutes(5);
    this.alarms = {
      api5xx: alarm('Api5xxRate', {
        description: 'More than 5 % of API responses are 5xx',
        metric: new cloudwatch.MathExpression({
          expression: '100 * errors / MAX([requests, 1])',
          usingMetrics: {
            errors: apiTargets.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
              period: fiveMinutes,
              statistic: 'Sum',
            }),
            requests: apiTargets.metrics.requestCount({ period: fiveMinutes, statistic: 'Sum' }),
          },
          period: fiveMinutes,
          label: 'API 5xx %',
        }),
        threshold: 5,
        evaluationPeriods: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      apiLatency: alarm('ApiLatencyP95', {
        description: 'API p95 response time above 1 s',
        metric: apiTargets.metrics.targetResponseTime({ period: fiveMinutes, statistic: 'p95' }),
        threshold: 1,
        evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      databaseCpu: alarm('DatabaseCpu', {
        description: 'Database CPU above 80 % for 15 minutes',
        metric: data.database.metricCPUUtilization({ period: fiveMinutes }),
        threshold: 80,
        evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      }),
      databaseStorage: alarm('DatabaseFreeStorage', {
        description: 'Less than 10 GiB free on the database (storage autoscaling has a ceiling)',
        metric: data.database.metricFreeStorageSpace({ period: fiveMinutes }),
        threshold: 10 * 1024 ** 3,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      }),
      queueAge: alarm('JobQueueAge', {
        description:
          'The oldest queued job has waited over 10 minutes, or no worker reports the queue',
        metric: queueAge.metric.with({ period: fiveMinutes }),
        threshold: 600,
        evaluationPeriods: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      }),
    };

    new CfnOutput(this, 'LoadBalancerDns', {
      value: this.loadBalancer.loadBalancerDnsName,
      description: `CNAME ${apiHost} and ${originHost} to this`,
    });
    // What `aws ecs run-task` needs for one-off commands (migrate, operator:create).
    new CfnOutput(this, 'ClusterName', { value: cluster.clusterName });
    new CfnOutput(this, 'ApiTaskDefinition', { value: this.api.taskDefinition.family });
    new CfnOutput(this, 'ApiSecurityGroup', {
      value: this.api.service.connections.securityGroups[0]!.securityGroupId,
    });
    new CfnOutput(this, 'TaskSubnets', {
      value: vpc
        .selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS })
        .subnetIds.join(','),
    });
    new CfnOutput(this, 'CdnDomain', {
      value: this.distribution.distributionDomainName,
      description: `CNAME ${domainName} to this`,
    });
  }
}
