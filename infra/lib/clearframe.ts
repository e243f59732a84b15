import path from 'node:path';
import { App, Tags, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import { AwsSolutionsChecks } from 'cdk-nag';
import { acceptedFindings, acknowledge } from './nag-suppressions.js';
import type { Settings } from './settings.js';
import { AppStack, type AppImages } from './stacks/app-stack.js';
import { DataStack } from './stacks/data-stack.js';
import { NetworkStack } from './stacks/network-stack.js';

export interface Clearframe {
  network: NetworkStack;
  data: DataStack;
  app: AppStack;
}

/**
 * The images `cdk deploy` builds from this repository and pushes to the bootstrap ECR
 * repository: the API (also the worker's) and the web app.
 */
export function imagesFromRepository(repoRoot: string): AppImages {
  const image = (dockerfile: string) =>
    ecs.ContainerImage.fromAsset(repoRoot, {
      file: dockerfile,
      platform: Platform.LINUX_AMD64,
      // Follows .dockerignore at the root, so the asset hash covers only what the build uses.
    });
  return {
    api: image(path.join('apps', 'api', 'Dockerfile')),
    web: image(path.join('apps', 'web', 'Dockerfile')),
  };
}

/** The three stacks of one deployment, checked by cdk-nag's AWS Solutions rules. */
export function buildClearframe(app: App, settings: Settings, images: AppImages): Clearframe {
  // S3 server access logs are delivered under a bucket policy, not ACLs (the log bucket keeps
  // ACLs disabled like every other bucket). Feature flags must be set before any stack exists.
  app.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
  const env = { account: settings.account, region: settings.region };
  const network = new NetworkStack(app, 'ClearframeNetwork', {
    env,
    natGateways: settings.natGateways,
    description: 'Clearframe: VPC, subnets, NAT, flow logs',
  });
  const data = new DataStack(app, 'ClearframeData', {
    env,
    vpc: network.vpc,
    bucketPrefix: settings.bucketPrefix,
    webOrigin: `https://${settings.domainName}`,
    previewsThroughCdn: settings.previewsPublicKeyPem !== undefined,
    description: 'Clearframe: PostgreSQL, S3 buckets, secrets (retained)',
  });
  const appStack = new AppStack(app, 'ClearframeApp', {
    env,
    vpc: network.vpc,
    data,
    images,
    domainName: settings.domainName,
    loadBalancerCertificateArn: settings.loadBalancerCertificateArn,
    cdnCertificateArn: settings.cdnCertificateArn,
    previewsPublicKeyPem: settings.previewsPublicKeyPem,
    paymentsProvider: settings.paymentsProvider,
    mailFrom: settings.mailFrom,
    alarmEmail: settings.alarmEmail,
    description: 'Clearframe: ECS services, load balancer, CloudFront, alarms',
  });
  for (const stack of [network, data, appStack]) {
    Tags.of(stack).add('application', 'clearframe');
  }
  acknowledge(acceptedFindings(data, appStack, settings));
  // `cdk synth` fails on any unacknowledged error; acknowledgements carry their reason.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { network, data, app: appStack };
}
