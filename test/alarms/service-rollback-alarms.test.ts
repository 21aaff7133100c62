import { Duration, NestedStack, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { metricStats, rollbackAlarmsProps, ServiceFront, serviceFront } from './service-fixture';
import { ServiceRollbackAlarms, ServiceRollbackAlarmsProps } from '../../src/alarms';
import { agnosticStack, envStack } from '../support/app';

const LB_FULL_NAME = { 'Fn::GetAtt': [expect.stringMatching(/^LoadBalancer[0-9A-F]{8}$/), 'LoadBalancerFullName'] };
const tgFullName = (id: string) => ({ 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${id}[0-9A-F]{8}$`)), 'TargetGroupFullName'] });

interface Setup extends ServiceFront {
  readonly stack: Stack;
  readonly alarms: ServiceRollbackAlarms;
  /** The synthesized template (synthesizes on first use, so a test may add resources before). */
  readonly template: Template;
}

function setup(zones = 3, props: Partial<ServiceRollbackAlarmsProps> = {}): Setup {
  const stack = envStack(zones);
  const front = serviceFront(stack);
  const alarms = new ServiceRollbackAlarms(stack, 'Alarms', { ...rollbackAlarmsProps(front), ...props });
  let template: Template | undefined;
  return { stack, alarms, ...front, get template() { return template ??= Template.fromStack(stack); } };
}

/** The alarm whose AlarmName is `name`. */
function alarmNamed(template: Template, name: string): Record<string, any> {
  const found = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: name } }));
  expect(found).toHaveLength(1);
  return found[0].Properties;
}

describe('regional alarms', () => {
  test('the 5xx rate alarm divides target plus load-balancer 5xx by requests, guarded by the minimum', () => {
    const { template, alarms } = setup();
    const alarm = alarmNamed(template, `${alarms.alarmNamePrefix}-ServerErrorRate`);
    expect(alarm).toMatchObject({
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 5,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
    });
    const expression = alarm.Metrics.find((m: any) => m.Expression);
    expect(expression).toMatchObject({
      Expression: 'IF(requests >= 20, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)',
      ReturnData: true,
    });
    const stats = metricStats(alarm);
    expect(Object.keys(stats).sort()).toEqual(['elb5xx', 'requests', 'target5xx']);
    const expected: Record<string, string> = { requests: 'RequestCount', target5xx: 'HTTPCode_Target_5XX_Count', elb5xx: 'HTTPCode_ELB_5XX_Count' };
    for (const [id, metricName] of Object.entries(expected)) {
      expect(stats[id]).toEqual({
        Stat: 'Sum',
        Period: 60,
        Metric: { Namespace: 'AWS/ApplicationELB', MetricName: metricName, Dimensions: [{ Name: 'LoadBalancer', Value: LB_FULL_NAME }] },
      });
    }
  });

  test('the latency alarm watches the regional p99 target response time', () => {
    const { template, alarms } = setup();
    const alarm = alarmNamed(template, `${alarms.alarmNamePrefix}-LatencyP99`);
    expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' });
    expect(Object.values(metricStats(alarm))).toEqual([{
      Stat: 'p99',
      Period: 60,
      Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'TargetResponseTime', Dimensions: [{ Name: 'LoadBalancer', Value: LB_FULL_NAME }] },
    }]);
  });

  test('the unhealthy-hosts alarm covers both the blue and the green target group', () => {
    const { template, alarms } = setup();
    const alarm = alarmNamed(template, `${alarms.alarmNamePrefix}-UnhealthyHosts`);
    expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
    expect(alarm.Metrics.find((m: any) => m.Expression).Expression).toBe('FILL(unhealthy0, 0) + FILL(unhealthy1, 0)');
    const stats = metricStats(alarm);
    expect(stats.unhealthy0.Metric).toEqual({
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'UnHealthyHostCount',
      Dimensions: expect.arrayContaining([{ Name: 'TargetGroup', Value: tgFullName('Blue') }, { Name: 'LoadBalancer', Value: LB_FULL_NAME }]),
    });
    expect(stats.unhealthy1.Metric.Dimensions).toEqual(expect.arrayContaining([{ Name: 'TargetGroup', Value: tgFullName('Green') }]));
    expect(stats.unhealthy0.Metric.Dimensions).toHaveLength(2);
    expect(stats.unhealthy0.Stat).toBe('Maximum');
  });

  test('a single target group (rolling deployments) is watched alone', () => {
    const stack = envStack(3);
    const front = serviceFront(stack);
    const alarms = new ServiceRollbackAlarms(stack, 'Alarms', { ...rollbackAlarmsProps(front), targetGroups: [front.blue] });
    const alarm = alarmNamed(Template.fromStack(stack), `${alarms.alarmNamePrefix}-UnhealthyHosts`);
    expect(alarm.Metrics.find((m: any) => m.Expression).Expression).toBe('FILL(unhealthy0, 0)');
    expect(Object.keys(metricStats(alarm))).toEqual(['unhealthy0']);
  });

  test('custom thresholds, period and datapoints reach every alarm', () => {
    const { template, alarms } = setup(2, {
      serverErrorRatePercent: 2.5,
      minimumRequests: 50,
      p99LatencyThreshold: Duration.millis(750),
      unhealthyHostThreshold: 2,
      period: Duration.minutes(5),
      evaluationPeriods: 4,
      datapointsToAlarm: 3,
    });
    const rate = alarmNamed(template, `${alarms.alarmNamePrefix}-ServerErrorRate`);
    expect(rate).toMatchObject({ Threshold: 2.5, EvaluationPeriods: 4, DatapointsToAlarm: 3 });
    expect(rate.Metrics.find((m: any) => m.Expression).Expression).toContain('requests >= 50,');
    expect(Object.values(metricStats(rate)).every((s: any) => s.Period === 300)).toBe(true);
    const latency = alarmNamed(template, `${alarms.alarmNamePrefix}-LatencyP99`);
    expect(latency).toMatchObject({ Threshold: 0.75, EvaluationPeriods: 4 });
    expect(Object.values(metricStats(latency))[0].Period).toBe(300);
    expect(alarmNamed(template, `${alarms.alarmNamePrefix}-UnhealthyHosts`)).toMatchObject({ Threshold: 2 });
    const zonalRate = alarmNamed(template, `${alarms.alarmNamePrefix}-eu-west-1b-ServerErrorRate`);
    expect(zonalRate).toMatchObject({ Threshold: 2.5, EvaluationPeriods: 4, DatapointsToAlarm: 3 });
  });
});

describe('per-target-group alarms', () => {
  test('each target group gets an error-rate alarm over its own requests: target 5xx plus connection errors', () => {
    const { template, alarms } = setup(3, { targetGroupLabels: ['Blue', 'Green'] });
    for (const [label, id] of [['Blue', 'Blue'], ['Green', 'Green']]) {
      const alarm = alarmNamed(template, `${alarms.alarmNamePrefix}-${label}-ErrorRate`);
      expect(alarm).toMatchObject({ ComparisonOperator: 'GreaterThanThreshold', Threshold: 5, EvaluationPeriods: 3, DatapointsToAlarm: 2, TreatMissingData: 'notBreaching' });
      expect(alarm.Metrics.find((m: any) => m.Expression).Expression)
        .toBe('IF(requests >= 20, 100 * (FILL(target5xx, 0) + FILL(connectionErrors, 0)) / requests, 0)');
      const stats = metricStats(alarm);
      const expected: Record<string, string> = { requests: 'RequestCount', target5xx: 'HTTPCode_Target_5XX_Count', connectionErrors: 'TargetConnectionErrorCount' };
      expect(Object.keys(stats).sort()).toEqual(Object.keys(expected).sort());
      for (const [metricId, metricName] of Object.entries(expected)) {
        expect(stats[metricId]).toEqual({
          Stat: 'Sum',
          Period: 60,
          Metric: {
            Namespace: 'AWS/ApplicationELB',
            MetricName: metricName,
            Dimensions: [{ Name: 'LoadBalancer', Value: LB_FULL_NAME }, { Name: 'TargetGroup', Value: tgFullName(id) }],
          },
        });
      }
    }
  });

  test('each target group gets a p99 latency alarm on its own target response time', () => {
    const { template, alarms } = setup(3, { targetGroupLabels: ['Blue', 'Green'], p99LatencyThreshold: Duration.millis(500) });
    const alarm = alarmNamed(template, `${alarms.alarmNamePrefix}-Green-LatencyP99`);
    expect(alarm).toMatchObject({ Threshold: 0.5, ComparisonOperator: 'GreaterThanThreshold' });
    expect(Object.values(metricStats(alarm))).toEqual([{
      Stat: 'p99',
      Period: 60,
      Metric: {
        Namespace: 'AWS/ApplicationELB',
        MetricName: 'TargetResponseTime',
        Dimensions: [{ Name: 'LoadBalancer', Value: LB_FULL_NAME }, { Name: 'TargetGroup', Value: tgFullName('Green') }],
      },
    }]);
  });

  test('target-group alarms sit under TargetGroups/<label>, are listed after the regional ones, and default to numbered labels', () => {
    const { alarms } = setup(2);
    expect(alarms.targetGroupLabels).toEqual(['TargetGroup1', 'TargetGroup2']);
    expect(alarms.targetGroupAlarms.map((a) => a.node.path)).toEqual([
      'TestStack/Alarms/TargetGroups/TargetGroup1/ErrorRate',
      'TestStack/Alarms/TargetGroups/TargetGroup1/LatencyP99',
      'TestStack/Alarms/TargetGroups/TargetGroup2/ErrorRate',
      'TestStack/Alarms/TargetGroups/TargetGroup2/LatencyP99',
    ]);
    expect(alarms.alarms.slice(3, 7)).toEqual(alarms.targetGroupAlarms);
    expect(alarms.targetGroupAlarmNames).toEqual(alarms.alarmNames.slice(3, 7));
    expect(alarms.regionalAlarmNames).toEqual(alarms.alarmNames.slice(0, 3));
    expect(alarms.zonalAlarmNames).toEqual(alarms.alarmNames.slice(7));
  });

  test('the target-group metric helpers refuse a target group the alarms do not watch', () => {
    const { alarms, stack, vpc } = setup(2);
    const other = new elbv2.ApplicationTargetGroup(stack, 'Other', { vpc, port: 80, targetType: elbv2.TargetType.IP });
    expect(() => alarms.metricTargetGroupErrorRate(other)).toThrow(/targetGroup TestStack\/Other is not one of the target groups these alarms watch/);
  });

  test('fails when the labels do not match the target groups', () => {
    expect(() => setup(2, { targetGroupLabels: ['Blue'] })).toThrow(/targetGroupLabels must name each of the 2 target group\(s\) once/);
  });
});

describe('per-zone alarms', () => {
  test.each([2, 3, 6])('one 5xx-rate and one latency alarm per zone with %i zones', (zones) => {
    const { template, alarms, vpc } = setup(zones);
    expect(vpc.availabilityZones).toHaveLength(zones);
    // 3 regional, 2 for each of the 2 target groups, 2 per zone.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3 + 4 + 2 * zones);
    expect(alarms.zonalAlarms).toHaveLength(2 * zones);
    expect(alarms.alarms).toHaveLength(3 + 4 + 2 * zones);
    for (const zone of vpc.availabilityZones) {
      const rate = alarmNamed(template, `${alarms.alarmNamePrefix}-${zone}-ServerErrorRate`);
      const stats = metricStats(rate);
      for (const id of ['requests', 'target5xx', 'elb5xx']) {
        expect(stats[id].Metric.Dimensions).toEqual([
          { Name: 'AvailabilityZone', Value: zone },
          { Name: 'LoadBalancer', Value: LB_FULL_NAME },
        ]);
      }
      expect(rate.Metrics.find((m: any) => m.Expression).Expression).toBe('IF(requests >= 20, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)');
      const latency = alarmNamed(template, `${alarms.alarmNamePrefix}-${zone}-LatencyP99`);
      expect(latency.TreatMissingData).toBe('notBreaching');
      expect(Object.values(metricStats(latency))).toEqual([{
        Stat: 'p99',
        Period: 60,
        Metric: {
          Namespace: 'AWS/ApplicationELB',
          MetricName: 'TargetResponseTime',
          Dimensions: [{ Name: 'AvailabilityZone', Value: zone }, { Name: 'LoadBalancer', Value: LB_FULL_NAME }],
        },
      }]);
    }
  });

  test('zonal alarms sit under Zones/<zone> with fixed ids', () => {
    const { alarms } = setup(2);
    expect(alarms.zonalAlarms.map((a) => a.node.path)).toEqual([
      'TestStack/Alarms/Zones/eu-west-1a/ServerErrorRate',
      'TestStack/Alarms/Zones/eu-west-1a/LatencyP99',
      'TestStack/Alarms/Zones/eu-west-1b/ServerErrorRate',
      'TestStack/Alarms/Zones/eu-west-1b/LatencyP99',
    ]);
  });

  test('zones that are tokens (environment-agnostic stack) skip per-zone alarms with a warning', () => {
    const stack = agnosticStack();
    const front = serviceFront(stack);
    expect(Token.isUnresolved(front.vpc.availabilityZones[0])).toBe(true);
    const alarms = new ServiceRollbackAlarms(stack, 'Alarms', rollbackAlarmsProps(front));
    // 3 regional and 2 for each of the 2 target groups; none per zone.
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 7);
    expect(alarms.zonalAlarms).toEqual([]);
    expect(alarms.alarmNames).toHaveLength(7);
    Annotations.fromStack(stack).hasWarning('/TestStack/Alarms', Match.stringLikeRegexp('no per-zone rollback alarms are created.*\\[ack: cdk-safe-deploy:zonalAlarmsSkipped\\]'));
  });
});

describe('alarm names', () => {
  test('names are literal strings, in the order of the alarms, and match the template', () => {
    const { alarms, template, stack } = setup(3);
    expect(alarms.alarmNames).toHaveLength(alarms.alarms.length);
    for (const name of alarms.alarmNames) expect(Token.isUnresolved(name)).toBe(false);
    alarms.alarms.forEach((alarm, i) => {
      expect(stack.resolve((alarm.node.defaultChild as cloudwatch.CfnAlarm).alarmName)).toBe(alarms.alarmNames[i]);
    });
    const templateNames = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties.AlarmName).sort();
    expect(templateNames).toEqual([...alarms.alarmNames].sort());
    expect(alarms.alarmNamePrefix).toMatch(/^TestStack-Alarms-[0-9a-f]{8}$/);
  });

  test('names are stable across synths and differ between constructs', () => {
    const first = setup(3).alarms.alarmNames;
    const second = setup(3).alarms.alarmNames;
    expect(second).toEqual(first);

    const stack = envStack(3);
    const props = rollbackAlarmsProps(serviceFront(stack));
    const a = new ServiceRollbackAlarms(stack, 'A', props);
    const b = new ServiceRollbackAlarms(stack, 'B', props);
    expect(a.alarmNames.filter((n) => b.alarmNames.includes(n))).toEqual([]);
  });

  test('a given prefix names every alarm', () => {
    const { alarms } = setup(2, { alarmNamePrefix: 'orders-prod', targetGroupLabels: ['Blue', 'Green'] });
    expect(alarms.alarmNames).toEqual([
      'orders-prod-ServerErrorRate',
      'orders-prod-LatencyP99',
      'orders-prod-UnhealthyHosts',
      'orders-prod-Blue-ErrorRate',
      'orders-prod-Blue-LatencyP99',
      'orders-prod-Green-ErrorRate',
      'orders-prod-Green-LatencyP99',
      'orders-prod-eu-west-1a-ServerErrorRate',
      'orders-prod-eu-west-1a-LatencyP99',
      'orders-prod-eu-west-1b-ServerErrorRate',
      'orders-prod-eu-west-1b-LatencyP99',
    ]);
  });

  test('ECS deployment alarms take the names with no circular-dependency notice and no dependency on the alarms', () => {
    const { stack, alarms, vpc, blue } = setup(3);
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
    taskDefinition.addContainer('App', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'), portMappings: [{ containerPort: 8080 }] });
    const service = new ecs.FargateService(stack, 'Service', {
      cluster: new ecs.Cluster(stack, 'Cluster', { vpc }),
      taskDefinition,
      minHealthyPercent: 100,
      circuitBreaker: { rollback: true },
      deploymentAlarms: { alarmNames: alarms.alarmNames, behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM },
    });
    service.attachToApplicationTargetGroup(blue);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({ Alarms: { AlarmNames: alarms.alarmNames, Enable: true, Rollback: true } }),
    });
    const serviceResource = Object.values(template.findResources('AWS::ECS::Service'))[0];
    const alarmIds = Object.keys(template.findResources('AWS::CloudWatch::Alarm'));
    expect((serviceResource.DependsOn ?? []).filter((id: string) => alarmIds.includes(id))).toEqual([]);
    expect(Annotations.fromStack(stack).findInfo('*', Match.stringLikeRegexp('circular dependency'))).toEqual([]);
  });
});

describe('metric helpers', () => {
  test('per-zone helpers carry the AvailabilityZone dimension, regional ones do not', () => {
    const { alarms, stack } = setup(3);
    const dims = (metric: cloudwatch.IMetric) => stack.resolve(metric.toMetricConfig().metricStat?.dimensions);
    expect(dims(alarms.metricLatencyP99('eu-west-1c'))).toEqual(expect.arrayContaining([{ name: 'AvailabilityZone', value: 'eu-west-1c' }]));
    expect(dims(alarms.metricRequestCount('eu-west-1c'))).toHaveLength(2);
    expect(dims(alarms.metricRequestCount())).toEqual([{ name: 'LoadBalancer', value: expect.anything() }]);

    const rate = alarms.metricServerErrorRate('eu-west-1a').toMetricConfig().mathExpression!;
    expect(rate.expression).toContain('FILL(elb5xx, 0)');
    for (const metric of Object.values(rate.usingMetrics)) {
      expect(dims(metric)).toEqual(expect.arrayContaining([{ name: 'AvailabilityZone', value: 'eu-west-1a' }]));
    }
    const unhealthy = alarms.metricUnhealthyHosts('eu-west-1b').toMetricConfig().mathExpression!;
    expect(Object.keys(unhealthy.usingMetrics)).toEqual(['unhealthy0', 'unhealthy1']);
    for (const metric of Object.values(unhealthy.usingMetrics)) {
      expect(dims(metric)).toEqual(expect.arrayContaining([{ name: 'AvailabilityZone', value: 'eu-west-1b' }]));
    }
  });
});

describe('validation', () => {
  function build(props: Partial<ServiceRollbackAlarmsProps>) {
    return () => setup(3, props);
  }

  test('fails when the 5xx rate is not a percentage', () => {
    expect(build({ serverErrorRatePercent: 0 })).toThrow(/serverErrorRatePercent must be greater than 0 and at most 100 .* got 0/);
    expect(build({ serverErrorRatePercent: 150 })).toThrow(/got 150/);
  });

  test('fails when minimumRequests is below 1', () => {
    expect(build({ minimumRequests: 0 })).toThrow(/minimumRequests must be an integer >= 1 .* got 0/);
  });

  test('fails when the latency threshold is not positive', () => {
    expect(build({ p99LatencyThreshold: Duration.millis(0) })).toThrow(/p99LatencyThreshold must be a positive duration, got 0 seconds/);
  });

  test('fails when the latency threshold is a token', () => {
    expect(build({ p99LatencyThreshold: Duration.seconds(Token.asNumber({ Ref: 'Latency' })) })).toThrow(/p99LatencyThreshold must be a concrete duration/);
  });

  test('fails when datapointsToAlarm exceeds evaluationPeriods', () => {
    expect(build({ evaluationPeriods: 2, datapointsToAlarm: 3 })).toThrow(/datapointsToAlarm \(3\) must not exceed evaluationPeriods \(2\)/);
  });

  test('fails when the period is not whole minutes', () => {
    expect(build({ period: Duration.seconds(90) })).toThrow(/period must be a whole number of minutes .* got 90 seconds/);
  });

  test('fails when no target group is given', () => {
    expect(build({ targetGroups: [] })).toThrow(/targetGroups must list the service's target groups .* got an empty list/);
  });

  test('fails when a target group is listed twice', () => {
    const stack = envStack(3);
    const f = serviceFront(stack);
    expect(() => new ServiceRollbackAlarms(stack, 'Alarms', { ...rollbackAlarmsProps(f), targetGroups: [f.blue, f.blue] })).toThrow(/lists the same target group more than once \(TestStack\/Blue, TestStack\/Blue\)/);
  });

  test('fails when more than 10 target groups are given', () => {
    const stack = envStack(3);
    const f = serviceFront(stack);
    const many = Array.from({ length: 11 }, (_, i) => new elbv2.ApplicationTargetGroup(stack, `Tg${i}`, { vpc: f.vpc, port: 80, targetType: elbv2.TargetType.IP }));
    expect(() => new ServiceRollbackAlarms(stack, 'Alarms', { ...rollbackAlarmsProps(f), targetGroups: many })).toThrow(/at most 10 target groups .* got 11/);
  });

  test('fails when fewer than 2 zones are given', () => {
    expect(build({ availabilityZones: ['eu-west-1a'] })).toThrow(/availabilityZones must list at least 2 zones .* got 1/);
  });

  test('fails when a zone is listed twice', () => {
    expect(build({ availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1a'] })).toThrow(/must not repeat a zone/);
  });

  test('fails when the alarm name prefix is a token', () => {
    expect(build({ alarmNamePrefix: Token.asString({ Ref: 'Prefix' }) })).toThrow(/alarmNamePrefix must be a literal string, got a token/);
  });

  test('fails when the alarm name prefix makes names too long', () => {
    expect(build({ alarmNamePrefix: 'p'.repeat(230) })).toThrow(/more than CloudWatch's 255; use a shorter alarmNamePrefix/);
  });

  test('fails when the stack name is a token (nested stack) and no prefix is given', () => {
    const stack = envStack(3);
    const front = serviceFront(stack);
    const nested = new NestedStack(stack, 'Nested');
    expect(() => new ServiceRollbackAlarms(nested, 'Alarms', rollbackAlarmsProps(front))).toThrow(/alarmNamePrefix must be a literal string, got a token/);
  });

  test('a nested stack works with an explicit prefix', () => {
    const stack = envStack(3);
    const front = serviceFront(stack);
    const alarms = new ServiceRollbackAlarms(new NestedStack(stack, 'Nested'), 'Alarms', { ...rollbackAlarmsProps(front), alarmNamePrefix: 'orders' });
    expect(alarms.alarmNames[0]).toBe('orders-ServerErrorRate');
  });
});
