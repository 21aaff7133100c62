import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { only, orders } from './support';
import { TrafficShift } from '../../src/traffic';
import { agnosticStack, envStack, zoneNames } from '../support/app';

describe.each([2, 3, 6])('in an environment-bound stack with %i zones', (zones) => {
  const stack = envStack(zones);
  const service = orders(stack, { zones, baselineTasks: 4 });
  const template = Template.fromStack(stack);
  const names = zoneNames('eu-west-1', zones);

  test('spreads the tasks over every zone', () => {
    expect(service.availabilityZones).toEqual(names);
    const subnets = only(template, 'AWS::ECS::Service').NetworkConfiguration.AwsvpcConfiguration.Subnets;
    expect(subnets).toHaveLength(zones);
    const privateSubnets = template.findResources('AWS::EC2::Subnet', { Properties: { Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-type', Value: 'Private' }]) } });
    expect(Object.values(privateSubnets).map((s: any) => s.Properties.AvailabilityZone).sort()).toEqual(names);
  });

  test('runs a statically stable desired count and never scales below it', () => {
    const expected = Math.ceil(Math.ceil((4 * zones) / (zones - 1)) / zones) * zones;
    expect(service.capacityPlan.minimumTasks).toBe(expected);
    // The count is read at deploy time (desired-count-template.test.ts); the plan is its floor.
    template.hasResourceProperties('Custom::ServiceDesiredCount', { Floor: expected, Maximum: expected * 3 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: expected, MaxCapacity: expected * 3 });
  });

  test('has one NAT gateway per zone', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', zones);
  });

  test('puts the load balancer in a public subnet of every zone', () => {
    expect(only(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer').Subnets).toHaveLength(zones);
  });

  test('writes every zone into the hook details and the per-zone alarms', () => {
    const details = JSON.stringify(only(template, 'AWS::ECS::Service').DeploymentConfiguration.LifecycleHooks[0].HookDetails);
    expect(details).toContain(JSON.stringify(JSON.stringify(names)).slice(1, -1));
    const alarmNames = only(template, 'AWS::ECS::Service').DeploymentConfiguration.Alarms.AlarmNames as string[];
    for (const zone of names) expect(alarmNames.some((n) => n.includes(zone))).toBe(true);
  });
});

describe('zones', () => {
  test('an environment-agnostic stack plans for its two zones and warns how to get three', () => {
    const stack = agnosticStack();
    const service = orders(stack);
    expect(service.availabilityZones).toHaveLength(2);
    expect(service.capacityPlan.zones).toBe(2);
    expect(service.capacityPlan.minimumTasks).toBe(4);
    Annotations.fromStack(stack).hasWarning('/TestStack/Orders', Match.stringLikeRegexp('environment-agnostic.*env: \\{ account, region \\}.*cdk-safe-deploy:fewerZones'));
  });

  test('an environment-bound stack with three zones gets no zone warning', () => {
    const stack = envStack(3);
    orders(stack);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('cdk-safe-deploy:fewerZones'))).toHaveLength(0);
  });

  test('a user VPC is used with its private subnets in the chosen zones', () => {
    const stack = envStack(3);
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 3 });
    Validations.of(vpc).acknowledge({ id: 'CloudFormation-Validate::W3010', reason: 'zones named on purpose in tests' });
    const service = orders(stack, { vpc, zones: 2 });
    const template = Template.fromStack(stack);
    expect(service.vpc).toBe(vpc);
    expect(service.availabilityZones).toEqual(['eu-west-1a', 'eu-west-1b']);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::ECS::Cluster', 1);
    expect(only(template, 'AWS::ECS::Service').NetworkConfiguration.AwsvpcConfiguration.Subnets).toHaveLength(2);
  });
});

describe('shared network', () => {
  const stack = envStack(3);
  const a = orders(stack, {}, 'Orders');
  const b = orders(stack, { zones: 2 }, 'Payments');
  const template = Template.fromStack(stack);

  test('every service in the stack shares one VPC, one cluster and one verification hook', () => {
    expect(a.vpc).toBe(b.vpc);
    expect(a.cluster).toBe(b.cluster);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::ECS::Cluster', 1);
    // One verification hook; the other function is aws-cdk-lib's default-security-group cleaner.
    expect(Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) => id.startsWith('MultiAzServiceVerifyHook'))).toHaveLength(1);
    template.resourceCountIs('AWS::ECS::Service', 2);
  });

  test('the cluster has Container Insights on and the VPC logs rejected flows', () => {
    template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
    template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'REJECT' });
  });
});

describe('placement and health', () => {
  const stack = envStack(3);
  orders(stack, {
    containerPort: 3000,
    healthCheckPath: '/health',
    healthCheckGracePeriod: Duration.seconds(90),
    deregistrationDelay: Duration.seconds(15),
    stopTimeout: Duration.seconds(20),
    containerHealthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost:3000/health || exit 1'] },
    cpu: 1024,
    memoryLimitMiB: 2048,
    cpuArchitecture: ecs.CpuArchitecture.ARM64,
  });
  const template = Template.fromStack(stack);

  test('rebalances across zones and keeps 100% healthy during deployments', () => {
    const props = only(template, 'AWS::ECS::Service');
    expect(props.AvailabilityZoneRebalancing).toBe('ENABLED');
    expect(props.DeploymentConfiguration).toMatchObject({ MinimumHealthyPercent: 100, MaximumPercent: 200 });
    expect(props.HealthCheckGracePeriodSeconds).toBe(90);
    expect(props.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp).toBe('DISABLED');
  });

  test('checks health through the load balancer on the given path and drains gracefully', () => {
    template.allResourcesProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/health',
      TargetType: 'ip',
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '15' }]),
    });
  });

  test('sizes the task and sets the container health check and stop timeout', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '1024',
      Memory: '2048',
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      ContainerDefinitions: [Match.objectLike({
        StopTimeout: 20,
        HealthCheck: Match.objectLike({ Command: ['CMD-SHELL', 'curl -f http://localhost:3000/health || exit 1'] }),
        PortMappings: [{ ContainerPort: 3000, Protocol: 'tcp' }],
      })],
    });
  });

  test('lets the load balancer and the verification hook reach the container port only', () => {
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r: any) => r.Properties);
    expect(ingress).toHaveLength(2);
    for (const rule of ingress) expect(rule).toMatchObject({ FromPort: 3000, ToPort: 3000, IpProtocol: 'tcp' });
  });
});

describe('deployments', () => {
  const deployment = (props: Parameters<typeof orders>[1]) => {
    const stack = envStack(3);
    orders(stack, props);
    return only(Template.fromStack(stack), 'AWS::ECS::Service');
  };

  test('default: ECS blue/green with a 10 minute bake, alternate target group and rollback on alarm', () => {
    const props = deployment({});
    expect(props.DeploymentController).toEqual({ Type: 'ECS' });
    expect(props.DeploymentConfiguration).toMatchObject({
      Strategy: 'BLUE_GREEN',
      BakeTimeInMinutes: 10,
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      Alarms: { Enable: true, Rollback: true },
    });
    expect(props.LoadBalancers[0].AdvancedConfiguration).toMatchObject({
      AlternateTargetGroupArn: { Ref: expect.stringMatching(/^OrdersGreenTargetGroup/) },
      ProductionListenerRule: { Ref: expect.stringMatching(/^OrdersProductionRule/) },
    });
    expect(props.LoadBalancers[0].TargetGroupArn).toEqual({ Ref: expect.stringMatching(/^OrdersBlueTargetGroup/) });
  });

  test('canary maps onto the ECS canary strategy', () => {
    const props = deployment({ trafficShift: TrafficShift.canary(10, Duration.minutes(5)), bakeTime: Duration.minutes(15) });
    expect(props.DeploymentConfiguration).toMatchObject({
      Strategy: 'CANARY',
      BakeTimeInMinutes: 15,
      CanaryConfiguration: { CanaryPercent: 10, CanaryBakeTimeInMinutes: 5 },
    });
  });

  test('linear maps onto the ECS linear strategy', () => {
    const props = deployment({ trafficShift: TrafficShift.linear(20, Duration.minutes(2)) });
    expect(props.DeploymentConfiguration).toMatchObject({
      Strategy: 'LINEAR',
      LinearConfiguration: { StepPercent: 20, StepBakeTimeInMinutes: 2 },
    });
  });

  test('rolling: circuit breaker with rollback and deployment alarms, no hook, no alternate target', () => {
    const props = deployment({ rolling: true });
    expect(props.DeploymentConfiguration).toMatchObject({
      Strategy: 'ROLLING',
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      Alarms: { Enable: true, Rollback: true },
    });
    expect(props.DeploymentConfiguration.BakeTimeInMinutes).toBeUndefined();
    expect(props.DeploymentConfiguration.LifecycleHooks).toBeUndefined();
    expect(props.LoadBalancers[0].AdvancedConfiguration).toBeUndefined();
  });

  test('deployment alarms are the rollback alarms, by literal name', () => {
    const stack = envStack(3);
    const service = orders(stack);
    const names = only(Template.fromStack(stack), 'AWS::ECS::Service').DeploymentConfiguration.Alarms.AlarmNames;
    expect(names).toEqual([...service.alarms.alarmNames, ...service.outlierAlarms!.alarmNames]);
    for (const name of names) expect(typeof name).toBe('string');
    // 3 regional, 2 for each of the blue and green target groups, 2 per zone, 2 outlier alarms per zone.
    expect(names.length).toBe(3 + 2 * 2 + 2 * 3 + 2 * 3);
  });

  test('every deployment alarm exists in the template and is created before the service', () => {
    const stack = envStack(3);
    orders(stack);
    const template = Template.fromStack(stack);
    const service = Object.values(template.findResources('AWS::ECS::Service'))[0] as any;
    const alarms = template.findResources('AWS::CloudWatch::Alarm');
    const idByName = new Map(Object.entries(alarms).map(([id, alarm]: [string, any]) => [alarm.Properties.AlarmName, id]));
    for (const name of service.Properties.DeploymentConfiguration.Alarms.AlarmNames) {
      expect(idByName.has(name)).toBe(true);
      expect(service.DependsOn).toContain(idByName.get(name));
    }
  });

  test('the rollback alarms cover both target groups under blue/green', () => {
    const stack = envStack(3);
    orders(stack);
    const unhealthy = JSON.stringify(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm', {
      Properties: { AlarmName: Match.stringLikeRegexp('UnhealthyHosts') },
    }));
    expect(unhealthy).toMatch(/OrdersBlueTargetGroup/);
    expect(unhealthy).toMatch(/OrdersGreenTargetGroup/);
  });
});

describe('verification hook', () => {
  const stack = envStack(3);
  const service = orders(stack, {
    containerPort: 8080,
    checks: [
      { name: 'health', path: '/health' },
      { name: 'create-order', path: '/orders', method: 'POST', body: '{"sku":"x"}', expectStatus: 201, bodyContains: 'id' },
    ],
  });
  const template = Template.fromStack(stack);
  const hook = only(template, 'AWS::ECS::Service').DeploymentConfiguration.LifecycleHooks;

  test('is registered on the stages the hook needs, with HookDetails the L2 does not write', () => {
    expect(hook).toHaveLength(1);
    expect(hook[0].LifecycleStages).toEqual(['POST_TEST_TRAFFIC_SHIFT']);
    const rendered = Stack.of(service).resolve(hook[0].HookDetails);
    const json = (rendered['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'string' ? p : JSON.stringify(p).replace(/"/g, "'"))).join('');
    const details = JSON.parse(json);
    expect(details.checks.map((c: any) => c.name)).toEqual(['health', 'create-order']);
    expect(details.checks[1]).toMatchObject({ method: 'POST', expectStatus: 201, bodyContains: 'id' });
    expect(details.zones).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(details.targetGroupArns).toEqual([
      expect.stringMatching(/Ref.*OrdersBlueTargetGroup/),
      expect.stringMatching(/Ref.*OrdersGreenTargetGroup/),
    ]);
    expect(details.productionRuleArn).toMatch(/Ref.*OrdersProductionRule/);
  });

  test('runs in the private subnets with a security group the service admits on the container port', () => {
    const [fn] = Object.entries(template.findResources('AWS::Lambda::Function'))
      .filter(([id]) => id.startsWith('MultiAzServiceVerifyHook')).map(([, r]) => (r as any).Properties);
    expect(fn.VpcConfig.SubnetIds).toHaveLength(3);
    for (const subnet of fn.VpcConfig.SubnetIds) expect(subnet.Ref).toMatch(/PrivateSubnet/);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 8080,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('MultiAzServiceVerifyHook.*SecurityGroup'), 'GroupId'] },
    });
  });

  test('reaches the Elastic Load Balancing API through a NAT gateway in each private subnet', () => {
    const routes = Object.values(template.findResources('AWS::EC2::Route', {
      Properties: { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: Match.anyValue() },
    }));
    expect(routes).toHaveLength(3);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeTargetHealth'],
        })]),
      },
    });
  });

  test('ECS invokes it through a role that may invoke the function', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'ecs.amazonaws.com' } })] },
      Description: Match.stringLikeRegexp('invoke the verification hook'),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'lambda:InvokeFunction' })]) },
      Roles: [{ Ref: Match.stringLikeRegexp('OrdersVerifyHookInvokeRole') }],
    });
  });

  test('defaults to one check on the health-check path', () => {
    const s = envStack(3);
    expect(orders(s, { healthCheckPath: '/ping' }).checks).toEqual([{ name: 'health', path: '/ping' }]);
  });
});

describe('load balancer', () => {
  test('internet-facing HTTP on port 80 by default, with zonal shift enabled', () => {
    const stack = envStack(3);
    orders(stack);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'zonal_shift.config.enabled', Value: 'true' }]),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80, Protocol: 'HTTP', DefaultActions: [Match.objectLike({ Type: 'forward' })],
    });
    // Last priority: forward rules a user adds on the listener are evaluated first.
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 50000, Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
    });
    template.resourceCountIs('AWS::ARCZonalShift::ZonalAutoshiftConfiguration', 0);
  });

  test('HTTPS on 443 with a certificate, and port 80 redirects', () => {
    const stack = envStack(3);
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc');
    orders(stack, { certificate });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443, Protocol: 'HTTPS', Certificates: [{ CertificateArn: certificate.certificateArn }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80, DefaultActions: [Match.objectLike({ Type: 'redirect', RedirectConfig: Match.objectLike({ Port: '443', Protocol: 'HTTPS' }) })],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', { ListenerArn: { Ref: Match.stringLikeRegexp('OrdersLoadBalancerListener') } });
  });

  test('internal: in the private subnets, reachable from the VPC only', () => {
    const stack = envStack(3);
    orders(stack, { internetFacing: false });
    const template = Template.fromStack(stack);
    const lb = only(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(lb.Scheme).toBe('internal');
    for (const subnet of lb.Subnets) expect(subnet.Ref).toMatch(/PrivateSubnet/);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIp: { 'Fn::GetAtt': [Match.stringLikeRegexp('Vpc'), 'CidrBlock'] }, FromPort: 80 })],
    });
  });

  test('zonal autoshift on request, with one composite outcome alarm over the regional alarms', () => {
    const stack = envStack(3);
    const service = orders(stack, { zonalAutoshift: {} });
    const template = Template.fromStack(stack);
    const config = only(template, 'AWS::ARCZonalShift::ZonalAutoshiftConfiguration');
    expect(config.ZonalAutoshiftStatus).toBe('ENABLED');
    // CloudFormation takes exactly one outcome alarm and one blocking alarm.
    expect(config.PracticeRunConfiguration.OutcomeAlarms).toEqual([{
      AlarmIdentifier: { 'Fn::GetAtt': [expect.stringMatching(/^OrdersZonalAutoshiftPracticeRunOutcome/), 'Arn'] }, Type: 'CLOUDWATCH',
    }]);
    expect(config.PracticeRunConfiguration.BlockingAlarms).toHaveLength(1);
    // Two composites: the outcome over the regional alarms, the blocking over deployment-in-progress and outlier alarms.
    const rule = JSON.stringify(only(template, 'AWS::CloudWatch::CompositeAlarm', { Properties: { AlarmName: Match.stringLikeRegexp('PracticeRunOutcome$') } }).AlarmRule);
    for (const alarm of service.alarms.regionalAlarms) {
      expect(rule).toContain(Stack.of(service).getLogicalId(alarm.node.defaultChild as any));
    }
  });
});

describe('per-zone metric helpers', () => {
  const stack = envStack(3);
  const service = orders(stack);
  const dimensions = (metric: ReturnType<typeof service.metricRequestCount>) =>
    metric.toMetricConfig().metricStat!.dimensions!.map((d) => d.name).sort();

  test('narrow the load-balancer metrics to one zone, or not at all', () => {
    expect(dimensions(service.metricRequestCount('eu-west-1b'))).toEqual(['AvailabilityZone', 'LoadBalancer']);
    expect(dimensions(service.metricLatencyP99('eu-west-1c'))).toEqual(['AvailabilityZone', 'LoadBalancer']);
    expect(dimensions(service.metricRequestCount())).toEqual(['LoadBalancer']);
    const rate = service.metricServerErrorRate('eu-west-1a').toMetricConfig().mathExpression!;
    for (const metric of Object.values(rate.usingMetrics)) {
      expect(metric.toMetricConfig().metricStat!.dimensions).toContainEqual({ name: 'AvailabilityZone', value: 'eu-west-1a' });
    }
  });

  test('fails when the zone is not one of the service\'s zones', () => {
    expect(() => service.metricServerErrorRate('eu-west-1d'))
      .toThrow(/zone must be one of the service's Availability Zones \(eu-west-1a, eu-west-1b, eu-west-1c\), got 'eu-west-1d'\. Pass one of those/);
    expect(() => service.metricLatencyP99('eu-west1a')).toThrow(/got 'eu-west1a'/);
    expect(() => service.metricRequestCount('us-east-1a')).toThrow(/got 'us-east-1a'/);
  });
});

describe('describeDeployment', () => {
  test('prints zones, capacity, deployment plan, checks and alarms', () => {
    const stack = envStack(3);
    const text = orders(stack, { baselineTasks: 4, trafficShift: TrafficShift.canary(10, Duration.minutes(5)) }).describeDeployment();
    expect(text).toMatch(/zones \(3\): eu-west-1a, eu-west-1b, eu-west-1c/);
    expect(text).toMatch(/baseline 4 task\(s\) -> 6 running \(2 per zone\), 4 left after losing a zone; autoscaling 6-18/);
    expect(text).toMatch(/ECS native canary, canary: 10% for 5 min, then 100%; bake 10 min/);
    expect(text).toMatch(/- health: GET \/ -> 200/);
    expect(text).toMatch(/rollback alarms \(19; any in ALARM rolls the deployment back/);
  });

  test('prints the checks after production traffic only when they are declared', () => {
    const without = orders(envStack(3)).describeDeployment();
    expect(without).not.toMatch(/after production traffic/);
    const text = orders(envStack(3), { checksAfterTraffic: [{ name: 'orders', path: '/orders', expectStatus: 200 }] }).describeDeployment();
    expect(text).toMatch(/after production traffic \(POST_PRODUCTION_TRAFFIC_SHIFT\): on every new task:\n {4}- orders: GET \/orders -> 200/);
  });

  test('says rolling deployments run no verification', () => {
    const stack = envStack(2);
    expect(orders(stack, { rolling: true }).describeDeployment()).toMatch(/rolling update.*\n.*verification: none/);
  });
});
