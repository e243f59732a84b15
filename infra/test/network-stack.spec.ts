import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Template } from 'aws-cdk-lib/assertions';
import { synthesise } from './support/clearframe.js';
import { productionContext } from './support/context.js';

describe('network stack', () => {
  let template: Template;
  beforeAll(() => {
    template = synthesise(productionContext()).templates.network;
  });

  it('spans two availability zones with public, task and isolated database subnets', () => {
    const subnets = Object.values(template.findResources('AWS::EC2::Subnet')) as any[];
    const byKind = (kind: string) =>
      subnets.filter((s) =>
        s.Properties.Tags.some((t: any) => t.Key === 'aws-cdk:subnet-name' && t.Value === kind),
      );
    for (const kind of ['public', 'tasks', 'data']) {
      const found = byKind(kind);
      expect(found).toHaveLength(2);
      expect(new Set(found.map((s) => JSON.stringify(s.Properties.AvailabilityZone))).size).toBe(2);
    }
    for (const s of [...byKind('tasks'), ...byKind('data')]) {
      expect(s.Properties.MapPublicIpOnLaunch).toBe(false);
    }
    // Isolated subnets have no route to the internet at all.
    const routes = Object.values(template.findResources('AWS::EC2::Route')) as any[];
    expect(routes).toHaveLength(2 + 2); // public → internet gateway, tasks → NAT
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
  });

  it('records flow logs and keeps S3 traffic on a gateway endpoint', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL' });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' });
  });
});
