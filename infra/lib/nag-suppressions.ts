import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { Settings } from './settings.js';
import type { AppStack } from './stacks/app-stack.js';
import type { DataStack } from './stacks/data-stack.js';

/** One accepted cdk-nag finding: the rule, where, and why it stays. */
export interface AcceptedFinding {
  rule: string;
  on: IConstruct;
  reason: string;
}

/**
 * Every cdk-nag AwsSolutions finding this deployment accepts, each with its reason. Anything
 * not listed fails `cdk synth` and the infra tests (test/nag.spec.ts). Kept in one place so a
 * reviewer reads the whole list at once; docs/DEPLOY.md repeats it.
 */
export function acceptedFindings(
  data: DataStack,
  app: AppStack,
  settings: Settings,
): AcceptedFinding[] {
  const found: AcceptedFinding[] = [
    {
      rule: 'AwsSolutions-RDS11',
      on: data,
      reason:
        'PostgreSQL keeps port 5432: the instances sit in isolated subnets reachable only from ' +
        'the task security groups, where a different port number hides nothing.',
    },
    {
      rule: 'AwsSolutions-RDS3',
      on: data.replica,
      reason:
        'The read replica serves read-only catalog search; the Multi-AZ primary holds every ' +
        'row, and RDS rebuilds a failed replica from it.',
    },
    {
      rule: 'AwsSolutions-RDS2',
      on: data.replica,
      reason:
        "A replica inherits its source's storage encryption (the primary is encrypted, which " +
        'test/data-stack.spec.ts asserts); CloudFormation refuses StorageEncrypted on a replica.',
    },
    {
      rule: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
      on: data,
      reason:
        "RDS enhanced monitoring's role needs AWS's policy for it; it only writes the RDSOSMetrics log group.",
    },
    {
      rule: 'AwsSolutions-SMG4',
      on: data.databaseCredentials,
      reason:
        'The API reads one DATABASE_URL composed from this password at deploy time; rotation ' +
        'would leave it stale. Rotating is the documented manual procedure (docs/DEPLOY.md).',
    },
    {
      rule: 'AwsSolutions-SMG4',
      on: data.databaseUrlSecret,
      reason: 'Derived from the database credentials at deploy time; it changes with them.',
    },
    {
      rule: 'AwsSolutions-SMG4',
      on: data.appSecret,
      reason:
        'Stripe keys, the webhook secret, the SMTP URL and the certificate signing key are ' +
        'issued by Stripe, the mail provider and the operator; Secrets Manager cannot rotate them.',
    },
    {
      rule: 'AwsSolutions-S1',
      on: app.edgeLogs,
      reason: 'This is the log bucket (load balancer and CloudFront logs); logging it would loop.',
    },
    {
      rule: 'AwsSolutions-EC23',
      on: app.loadBalancer,
      reason: 'The public load balancer: HTTPS (and HTTP, answered with a redirect) from anywhere.',
    },
    {
      rule: 'AwsSolutions-CFR1',
      on: app.distribution,
      reason: 'A worldwide marketplace: no country is excluded.',
    },
    {
      rule: 'AwsSolutions-CFR2',
      on: app.distribution,
      reason:
        'No WAF web ACL by default (about $10/month upward); the API rate-limits sign-in and ' +
        'sign-up itself. An operator may attach one (docs/DEPLOY.md).',
    },
  ];
  for (const service of [app.api, app.worker, app.web]) {
    found.push(
      {
        rule: 'AwsSolutions-ECS2',
        on: service.taskDefinition,
        reason:
          'Plain environment holds only settings that are not secret (URLs, bucket prefix, ' +
          'flags); every secret is an ecs.Secret from Secrets Manager, which test/app-stack.spec.ts asserts.',
      },
      {
        rule: 'AwsSolutions-IAM5[Resource::*]',
        on: service.taskDefinition,
        reason:
          'The execution role pulls the image: ecr:GetAuthorizationToken has no resource-level form.',
      },
    );
  }
  for (const service of [app.api, app.worker]) {
    for (const suffix of ['originals', 'previews', 'documents']) {
      found.push({
        rule: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${data.bucketPrefix}-${suffix}/*]`,
        on: service.taskDefinition,
        reason:
          "Object keys are created at run time (uploads, previews, certificates): the grant covers the bucket's objects, no other bucket.",
      });
    }
  }
  if (!settings.cdnCertificateArn) {
    found.push({
      rule: 'AwsSolutions-CFR4',
      on: app.distribution,
      reason:
        'No cdnCertificateArn: the distribution answers on its cloudfront.net name with the ' +
        'default certificate. A production deployment sets one (docs/DEPLOY.md), and this goes.',
    });
  }
  return found;
}

export function acknowledge(findings: AcceptedFinding[]): void {
  for (const finding of findings) {
    Validations.of(finding.on).acknowledge({ id: finding.rule, reason: finding.reason });
  }
}
