import { Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { ServiceRollbackAlarmsProps } from '../../src/alarms';

/** A hand-made load-balanced service front: VPC, ALB, a production and a test listener, blue and green target groups. */
export interface ServiceFront {
  readonly vpc: ec2.Vpc;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly blue: elbv2.ApplicationTargetGroup;
  readonly green: elbv2.ApplicationTargetGroup;
}

/** Builds a {@link ServiceFront} in `stack`, spread over up to `maxAzs` zones. */
export function serviceFront(stack: Stack, maxAzs = 6): ServiceFront {
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs,
    natGateways: 0,
    subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }],
  });
  // An environment-bound VPC names its zones; that is what per-zone alarms need.
  Validations.of(vpc).acknowledge({ id: 'CloudFormation-Validate::W3010', reason: 'zones named on purpose: per-zone alarms need concrete zones' });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'LoadBalancer', { vpc, internetFacing: true });
  const targetGroup = (id: string) => new elbv2.ApplicationTargetGroup(stack, id, {
    vpc,
    port: 8080,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
  });
  const blue = targetGroup('Blue');
  const green = targetGroup('Green');
  loadBalancer.addListener('Production', { port: 80, defaultTargetGroups: [blue] });
  loadBalancer.addListener('Test', { port: 8080, defaultTargetGroups: [green] });
  return { vpc, loadBalancer, blue, green };
}

/** ServiceRollbackAlarms props watching `front`: its load balancer, blue and green, and the VPC's zones. */
export function rollbackAlarmsProps(front: ServiceFront): ServiceRollbackAlarmsProps {
  return { loadBalancer: front.loadBalancer, targetGroups: [front.blue, front.green], availabilityZones: front.vpc.availabilityZones };
}

/** The metric-stat entries of a metric-math alarm's properties, keyed by id. */
export function metricStats(alarm: Record<string, any>): Record<string, any> {
  return Object.fromEntries(alarm.Metrics.filter((m: any) => m.MetricStat).map((m: any) => [m.Id, m.MetricStat]));
}
