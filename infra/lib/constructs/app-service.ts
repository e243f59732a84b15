import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface AppServiceProps {
  cluster: ecs.ICluster;
  image: ecs.ContainerImage;
  /** Overrides the image's CMD (the worker runs the API image with `node dist/worker.js`). */
  command?: string[];
  cpu: number;
  memoryLimitMiB: number;
  environment: Record<string, string>;
  secrets?: Record<string, ecs.Secret>;
  /** The port the container listens on; unset for a process without HTTP (the worker). */
  port?: number;
  scaling: { min: number; max: number; cpuPercent: number };
  /** Where the load balancer sends traffic, and what it checks. */
  loadBalancer?: {
    listener: elbv2.ApplicationListener;
    priority: number;
    hosts: string[];
    healthCheckPath: string;
    requestsPerTarget: number;
  };
}

/**
 * One Fargate service in the private subnets (never a public IP): its log group with
 * retention, a task definition, autoscaling on CPU (and on requests per target when it sits
 * behind the load balancer), and a rolling deployment that rolls back when new tasks never get
 * healthy.
 */
export class AppService extends Construct {
  readonly service: ecs.FargateService;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly logGroup: logs.LogGroup;
  readonly targetGroup: elbv2.ApplicationTargetGroup | undefined;

  constructor(scope: Construct, id: string, props: AppServiceProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: props.cpu,
      memoryLimitMiB: props.memoryLimitMiB,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    const container = this.taskDefinition.addContainer('app', {
      image: props.image,
      command: props.command,
      environment: props.environment,
      secrets: props.secrets,
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: id.toLowerCase(), logGroup: this.logGroup }),
      readonlyRootFilesystem: false,
      stopTimeout: Duration.seconds(30),
      portMappings: props.port ? [{ containerPort: props.port }] : [],
    });
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: props.scaling.min,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      healthCheckGracePeriod: props.loadBalancer ? Duration.seconds(60) : undefined,
    });
    const scaling = this.service.autoScaleTaskCount({
      minCapacity: props.scaling.min,
      maxCapacity: props.scaling.max,
    });
    scaling.scaleOnCpuUtilization('Cpu', {
      targetUtilizationPercent: props.scaling.cpuPercent,
      scaleInCooldown: Duration.minutes(5),
      scaleOutCooldown: Duration.minutes(1),
    });

    if (props.loadBalancer && props.port) {
      const lb = props.loadBalancer;
      this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'Targets', {
        vpc: props.cluster.vpc,
        port: props.port,
        protocol: elbv2.ApplicationProtocol.HTTP,
        targetType: elbv2.TargetType.IP,
        targets: [this.service.loadBalancerTarget({ containerName: container.containerName })],
        deregistrationDelay: Duration.seconds(30),
        healthCheck: {
          path: lb.healthCheckPath,
          healthyHttpCodes: '200',
          interval: Duration.seconds(15),
          timeout: Duration.seconds(5),
          healthyThresholdCount: 2,
          unhealthyThresholdCount: 3,
        },
      });
      lb.listener.addTargetGroups(id, {
        priority: lb.priority,
        conditions: [elbv2.ListenerCondition.hostHeaders(lb.hosts)],
        targetGroups: [this.targetGroup],
      });
      scaling.scaleOnRequestCount('Requests', {
        requestsPerTarget: lb.requestsPerTarget,
        targetGroup: this.targetGroup,
        scaleInCooldown: Duration.minutes(5),
        scaleOutCooldown: Duration.minutes(1),
      });
    }
  }
}
