import { beforeAll, describe, expect, it } from '@jest/globals';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { APP_SECRET_KEYS } from '../lib/stacks/data-stack.js';
import { synthesise } from './support/clearframe.js';
import { productionContext } from './support/context.js';

/** Every variable the API's config treats as a secret (apps/api/src/config). */
const SECRET_VARIABLES = ['DATABASE_URL', ...APP_SECRET_KEYS].sort();

describe('app stack', () => {
  let template: Template;
  let defaults: Template;

  beforeAll(() => {
    template = synthesise(productionContext()).templates.app;
    defaults = synthesise({}).templates.app;
  });

  const taskDefinition = (t: Template, prefix: string) => {
    const found = Object.entries(t.findResources('AWS::ECS::TaskDefinition')).filter(([id]) =>
      id.startsWith(prefix),
    );
    expect(found).toHaveLength(1);
    return (found[0]![1] as any).Properties;
  };
  const container = (t: Template, prefix: string) => {
    const definitions = taskDefinition(t, prefix).ContainerDefinitions;
    expect(definitions).toHaveLength(1);
    return definitions[0];
  };
  const environment = (c: any): Record<string, unknown> =>
    Object.fromEntries(c.Environment.map((e: any) => [e.Name, e.Value]));

  it('runs the API, the web app and the worker as Fargate services, none with a public IP', () => {
    const services = Object.values(template.findResources('AWS::ECS::Service')) as any[];
    expect(services).toHaveLength(3);
    for (const service of services) {
      expect(service.Properties.LaunchType).toBe('FARGATE');
      expect(service.Properties.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp).toBe(
        'DISABLED',
      );
      expect(service.Properties.DeploymentConfiguration).toMatchObject({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
      });
    }
  });

  it('gives the worker the API task definition except where a worker differs', () => {
    const api = container(template, 'ApiTask');
    const worker = container(template, 'WorkerTask');
    // Same image, same secrets, same settings…
    expect(worker.Image).toEqual(api.Image);
    expect(worker.Secrets).toEqual(api.Secrets);
    const { JOBS_ENABLED: apiJobs, ...apiRest } = environment(api);
    const { JOBS_ENABLED: workerJobs, ...workerRest } = environment(worker);
    expect(workerRest).toEqual(apiRest);
    // …but the worker works the jobs, has another entry point and no HTTP port.
    expect(apiJobs).toBe('false');
    expect(workerJobs).toBe('true');
    expect(api.Command).toBeUndefined();
    expect(worker.Command).toEqual(['node', 'dist/worker.js']);
    expect(api.PortMappings).toEqual([{ ContainerPort: 4000, Protocol: 'tcp' }]);
    expect(worker.PortMappings).toBeUndefined();
    const differing = Object.keys({ ...api, ...worker })
      .filter((key) => JSON.stringify(api[key]) !== JSON.stringify(worker[key]))
      .sort();
    expect(differing).toEqual(['Command', 'Environment', 'LogConfiguration', 'PortMappings']);
    // Ordered the same way the app validates them: production, TLS to the database, S3.
    expect(apiRest).toMatchObject({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: '4000',
      DATABASE_SSL: 'true',
      S3_BUCKET: 'acme-clearframe',
      WEB_ORIGIN: 'https://clearframe.test',
      PUBLIC_API_URL: 'https://api.clearframe.test',
      PAYMENTS_PROVIDER: 'offline',
      FFPROBE_PATH: '/usr/bin/ffprobe',
      FFMPEG_PATH: '/usr/bin/ffmpeg',
      NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/rds-global-bundle.pem',
    });
  });

  it('injects every secret from Secrets Manager, never as a plain environment value', () => {
    for (const prefix of ['ApiTask', 'WorkerTask']) {
      const c = container(template, prefix);
      expect(c.Secrets.map((s: any) => s.Name).sort()).toEqual(SECRET_VARIABLES);
      for (const secret of c.Secrets) {
        expect(JSON.stringify(secret.ValueFrom)).toContain('ClearframeData');
      }
      const plain = c.Environment.map((e: any) => e.Name);
      for (const name of SECRET_VARIABLES) expect(plain).not.toContain(name);
      for (const e of c.Environment) {
        expect(JSON.stringify(e.Value)).not.toMatch(
          /resolve:secretsmanager|sk_(live|test)_|whsec_|PRIVATE KEY|smtps?:\/\//,
        );
      }
    }
    // The JSON secret's keys are read one by one: STRIPE_SECRET_KEY from its own field.
    const stripe = container(template, 'ApiTask').Secrets.find(
      (s: any) => s.Name === 'STRIPE_SECRET_KEY',
    );
    expect(JSON.stringify(stripe.ValueFrom)).toContain(':STRIPE_SECRET_KEY::');
    const web = container(template, 'WebTask');
    expect(web.Secrets).toBeUndefined();
    expect(environment(web)).toEqual({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: '3000',
      API_URL: 'https://api.clearframe.test',
      PUBLIC_API_URL: 'https://api.clearframe.test',
    });
  });

  it('sends logs to CloudWatch with retention', () => {
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup')) as any[];
    expect(groups).toHaveLength(3);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBe(90);
    for (const prefix of ['ApiTask', 'WorkerTask', 'WebTask']) {
      expect(container(template, prefix).LogConfiguration.LogDriver).toBe('awslogs');
    }
  });

  it('serves HTTPS on the load balancer, redirects HTTP, and checks /health/ready on the API', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
      ]),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [{ CertificateArn: productionContext().loadBalancerCertificateArn }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [
        Match.objectLike({ Type: 'redirect', RedirectConfig: Match.objectLike({ Port: '443' }) }),
      ],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 4000,
      TargetType: 'ip',
      HealthCheckPath: '/health/ready',
      Matcher: { HttpCode: '200' },
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['api.clearframe.test'] } }],
    });
  });

  it('requests a DNS-validated certificate when none is given', () => {
    defaults.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'api.clearframe.example.com',
      SubjectAlternativeNames: ['origin.clearframe.example.com'],
      ValidationMethod: 'DNS',
    });
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
  });

  it('scales the API and web on CPU and requests per target, the worker on CPU', () => {
    const policies = Object.entries(
      template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy'),
    ).map(([id, p]: [string, any]) => [
      id.replace(/[0-9A-F]{8}$/, ''),
      p.Properties.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification
        .PredefinedMetricType,
    ]);
    expect(policies.sort()).toEqual([
      ['ApiServiceTaskCountTargetCpu', 'ECSServiceAverageCPUUtilization'],
      ['ApiServiceTaskCountTargetRequests', 'ALBRequestCountPerTarget'],
      ['WebServiceTaskCountTargetCpu', 'ECSServiceAverageCPUUtilization'],
      ['WebServiceTaskCountTargetRequests', 'ALBRequestCountPerTarget'],
      ['WorkerServiceTaskCountTargetCpu', 'ECSServiceAverageCPUUtilization'],
    ]);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 10,
    });
  });

  it('puts CloudFront in front of the web app and, with a signing key, the previews bucket', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['clearframe.test'],
        ViewerCertificate: Match.objectLike({
          AcmCertificateArn: productionContext().cdnCertificateArn,
          MinimumProtocolVersion: 'TLSv1.2_2021',
        }),
        Origins: Match.arrayWith([
          Match.objectLike({
            DomainName: 'origin.clearframe.test',
            CustomOriginConfig: Match.objectLike({ OriginProtocolPolicy: 'https-only' }),
          }),
        ]),
        CacheBehaviors: Match.arrayWith([
          Match.objectLike({
            PathPattern: '/previews/*',
            TrustedKeyGroups: [Match.anyValue()],
            ViewerProtocolPolicy: 'https-only',
          }),
        ]),
      }),
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const behaviours = (defaults.findResources('AWS::CloudFront::Distribution') as any)[
      Object.keys(defaults.findResources('AWS::CloudFront::Distribution'))[0]!
    ].Properties.DistributionConfig.CacheBehaviors.map((b: any) => b.PathPattern);
    expect(behaviours).toEqual(['/assets/*']);
  });

  it('raises alarms on 5xx rate, latency, database CPU and storage, and queue age', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as any[];
    const summary = alarms
      .map((a) => {
        const p = a.Properties;
        const metrics = p.Metrics
          ? p.Metrics.filter((m: any) => m.MetricStat)
              .map((m: any) => m.MetricStat.Metric.MetricName)
              .sort()
              .join('/')
          : p.MetricName;
        return `${metrics} ${p.ComparisonOperator} ${p.Threshold}`;
      })
      .sort();
    expect(summary).toEqual([
      'CPUUtilization GreaterThanThreshold 80',
      'FreeStorageSpace LessThanThreshold 10737418240',
      'HTTPCode_Target_5XX_Count/RequestCount GreaterThanThreshold 5',
      'OldestQueuedJobAgeSeconds GreaterThanThreshold 600',
      'TargetResponseTime GreaterThanThreshold 1',
    ]);
    for (const a of alarms) expect(a.Properties.AlarmActions).toHaveLength(1);
    // A silent worker is an alarm too.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'OldestQueuedJobAgeSeconds',
      TreatMissingData: 'breaching',
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.msg = "job queue age" }',
      MetricTransformations: [
        Match.objectLike({
          MetricName: 'OldestQueuedJobAgeSeconds',
          MetricNamespace: 'Clearframe/Jobs',
          MetricValue: '$.oldestQueuedSeconds',
        }),
      ],
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@clearframe.test',
    });
  });

  it('lets only the API and worker tasks reach PostgreSQL', () => {
    const rules = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).filter(
      (r: any) => r.Properties.FromPort === 5432,
    ) as any[];
    expect(
      rules
        .map((r) => r.Properties.SourceSecurityGroupId['Fn::GetAtt'][0].replace(/[0-9A-F]{8}$/, ''))
        .sort(),
    ).toEqual(['ApiServiceSecurityGroup', 'WorkerServiceSecurityGroup']);
  });
});
