/**
 * The synth-time baseline for bench/multi-az-service.ts: the resources one zero-config
 * MultiAzService defines in a three-zone stack, written by hand with plain aws-cdk-lib L2
 * constructs (no validation, no planning, no shared singletons lookup).
 */
import * as path from 'path';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

const HOOK_ASSET = path.join(__dirname, '..', 'assets', 'verification', 'ecs-hook', 'ecs-verify-hook.lambda');

/** What MultiAzService shares per stack: the network, the cluster and the verification hook. */
interface SharedByHand {
  readonly zones: string[];
  readonly vpc: ec2.Vpc;
  readonly cluster: ecs.Cluster;
  readonly hook: lambda.Function;
  readonly hookSg: ec2.SecurityGroup;
}

function defineShared(stack: Stack): SharedByHand {
  const zones = stack.availabilityZones.slice(0, 3);
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: zones,
    natGateways: 3,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
    ],
    flowLogs: { FlowLog: { trafficType: ec2.FlowLogTrafficType.REJECT } },
  });
  Validations.of(vpc).acknowledge({ id: 'CloudFormation-Validate::W3010', reason: 'zones named on purpose, as MultiAzService does' });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
  const hookSg = new ec2.SecurityGroup(stack, 'HookSecurityGroup', { vpc });
  const hook = new lambda.Function(stack, 'Hook', {
    runtime: new lambda.Runtime('nodejs22.x', lambda.RuntimeFamily.NODEJS),
    handler: 'index.handler',
    code: lambda.Code.fromAsset(HOOK_ASSET),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    securityGroups: [hookSg],
    timeout: Duration.minutes(1),
    memorySize: 256,
  });
  hook.addToRolePolicy(new iam.PolicyStatement({
    actions: ['elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeTargetHealth'], resources: ['*'],
  }));
  return { zones, vpc, cluster, hook, hookSg };
}

/** Defines by hand, in `stack`, what `new MultiAzService(stack, 'Orders', { image })` defines. */
export function defineHandWrittenService(stack: Stack, image: ecs.ContainerImage): void {
  defineHandWrittenServices(stack, image, 1);
}

/** Defines by hand, in `stack`, what `count` zero-config MultiAzServices define (sharing what they share). */
export function defineHandWrittenServices(stack: Stack, image: ecs.ContainerImage, count: number): void {
  const shared = defineShared(stack);
  for (let i = 0; i < count; i++) defineOne(i === 0 ? stack : new Construct(stack, `Service${i}`), `Orders${i || ''}`, shared, image);
}

function defineOne(scope: Construct, name: string, shared: SharedByHand, image: ecs.ContainerImage): void {
  const stack = Stack.of(scope);
  const { zones, vpc, cluster, hook, hookSg } = shared;
  const lb = new elbv2.ApplicationLoadBalancer(scope, 'LoadBalancer', {
    vpc, internetFacing: true, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, dropInvalidHeaderFields: true,
  });
  lb.setAttribute('zonal_shift.config.enabled', 'true');
  const listener = lb.addListener('Listener', {
    port: 80, open: true, defaultAction: elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'Not found' }),
  });
  const targetGroup = (id: string) => new elbv2.ApplicationTargetGroup(scope, id, {
    vpc,
    port: 80,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
    deregistrationDelay: Duration.seconds(30),
    healthCheck: { path: '/', interval: Duration.seconds(10), timeout: Duration.seconds(5), healthyThresholdCount: 2, unhealthyThresholdCount: 3 },
  });
  const blue = targetGroup('Blue');
  const green = targetGroup('Green');
  const rule = new elbv2.ApplicationListenerRule(scope, 'ProductionRule', {
    listener,
    priority: 1,
    conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
    action: elbv2.ListenerAction.weightedForward([{ targetGroup: blue, weight: 100 }, { targetGroup: green, weight: 0 }]),
  });

  const alarmNames = defineAlarms(scope, name, lb, [blue, green], zones);

  const taskDefinition = new ecs.FargateTaskDefinition(scope, 'TaskDefinition', { cpu: 512, memoryLimitMiB: 1024 });
  taskDefinition.addContainer('App', {
    image,
    portMappings: [{ containerPort: 8080 }],
    stopTimeout: Duration.seconds(30),
    logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'service', logGroup: new logs.LogGroup(scope, 'Logs', { retention: logs.RetentionDays.ONE_MONTH }) }),
  });
  const service = new ecs.FargateService(scope, 'Service', {
    cluster,
    taskDefinition,
    desiredCount: 3,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    minHealthyPercent: 100,
    maxHealthyPercent: 200,
    availabilityZoneRebalancing: ecs.AvailabilityZoneRebalancing.ENABLED,
    circuitBreaker: { enable: true, rollback: true },
    healthCheckGracePeriod: Duration.seconds(60),
    deploymentAlarms: { alarmNames, behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM },
    deploymentStrategy: ecs.DeploymentStrategy.BLUE_GREEN,
    bakeTime: Duration.minutes(10),
  });
  blue.addTarget(service.loadBalancerTarget({
    containerName: 'App',
    containerPort: 8080,
    alternateTarget: new ecs.AlternateTarget('AlternateTarget', {
      alternateTargetGroup: green, productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(rule),
    }),
  }));
  service.autoScaleTaskCount({ minCapacity: 3, maxCapacity: 9 }).scaleOnCpuUtilization('CpuScaling', { targetUtilizationPercent: 60 });

  service.connections.allowFrom(hookSg, ec2.Port.tcp(8080));
  const role = new iam.Role(scope, 'HookInvokeRole', { assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com') });
  hook.grantInvoke(role);
  service.addLifecycleHook(new ecs.DeploymentLifecycleLambdaTarget(hook, 'Hook', {
    lifecycleStages: [ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT], role,
  }));
  (service.node.defaultChild as ecs.CfnService).addPropertyOverride('DeploymentConfiguration.LifecycleHooks.0.HookDetails', stack.toJsonString({
    checks: [{ name: 'health', path: '/' }], targetGroupArns: [blue.targetGroupArn, green.targetGroupArn], productionRuleArn: rule.listenerRuleArn, zones,
  }));
}

/** Regional 5xx rate, p99 latency and unhealthy hosts, and per zone 5xx rate and p99 latency. */
function defineAlarms(
  scope: Construct, name: string, lb: elbv2.ApplicationLoadBalancer, groups: elbv2.ApplicationTargetGroup[], zones: string[],
): string[] {
  const names: string[] = [];
  const metric = (metricName: string, statistic: string, zone?: string, tg?: elbv2.ApplicationTargetGroup) => new cloudwatch.Metric({
    namespace: 'AWS/ApplicationELB',
    metricName,
    statistic,
    period: Duration.minutes(1),
    dimensionsMap: {
      LoadBalancer: lb.loadBalancerFullName,
      ...(zone ? { AvailabilityZone: zone } : {}),
      ...(tg ? { TargetGroup: tg.targetGroupFullName } : {}),
    },
  });
  const alarm = (id: string, m: cloudwatch.IMetric, threshold: number) => {
    const alarmName = `${Stack.of(scope).stackName}-${name}-${id}`;
    names.push(alarmName);
    new cloudwatch.Alarm(scope, id, {
      alarmName, metric: m, threshold, evaluationPeriods: 3, datapointsToAlarm: 2, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  };
  const rate = (zone?: string) => new cloudwatch.MathExpression({
    expression: 'IF(r >= 20, 100 * (t + e) / r, 0)',
    usingMetrics: { t: metric('HTTPCode_Target_5XX_Count', 'Sum', zone), e: metric('HTTPCode_ELB_5XX_Count', 'Sum', zone), r: metric('RequestCount', 'Sum', zone) },
    period: Duration.minutes(1),
  });
  alarm('ServerErrorRate', rate(), 5);
  alarm('LatencyP99', metric('TargetResponseTime', 'p99'), 1);
  const unhealthy: Record<string, cloudwatch.IMetric> = {};
  groups.forEach((tg, i) => { unhealthy[`u${i}`] = metric('UnHealthyHostCount', 'Maximum', undefined, tg); });
  alarm('UnhealthyHosts', new cloudwatch.MathExpression({ expression: 'MAX([u0, u1])', usingMetrics: unhealthy, period: Duration.minutes(1) }), 1);
  for (const zone of zones) {
    alarm(`${zone}-ServerErrorRate`, rate(zone), 5);
    alarm(`${zone}-LatencyP99`, metric('TargetResponseTime', 'p99', zone), 1);
  }
  return names;
}
