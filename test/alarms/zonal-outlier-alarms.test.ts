import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { metricStats, serviceFront } from './service-fixture';
import { ZonalOutlierAlarms, ZonalOutlierAlarmsProps } from '../../src/alarms/zonal-outlier-alarms';
import { agnosticStack, envStack } from '../support/app';
import { cfnLint } from '../support/cfn-lint';

const LB_FULL_NAME = { 'Fn::GetAtt': [expect.stringMatching(/^LoadBalancer[0-9A-F]{8}$/), 'LoadBalancerFullName'] };
const lbDimension = { Name: 'LoadBalancer', Value: LB_FULL_NAME };
const zoneDimensions = (zone: string) => [{ Name: 'AvailabilityZone', Value: zone }, lbDimension];

function setup(zones = 3, props: Partial<ZonalOutlierAlarmsProps> = {}, stack: Stack = envStack(zones)) {
  const front = serviceFront(stack);
  const outliers = new ZonalOutlierAlarms(stack, 'Outliers', {
    loadBalancer: front.loadBalancer,
    availabilityZones: front.vpc.availabilityZones,
    ...props,
  });
  return { stack, outliers, template: Template.fromStack(stack) };
}

function alarmNamed(template: Template, name: string): Record<string, any> {
  const found = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: name } }));
  expect(found).toHaveLength(1);
  return found[0].Properties;
}

describe('per-zone outlier alarms', () => {
  test('two alarms per zone with literal names derived from the construct path', () => {
    const { template, outliers } = setup(3);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 6);
    expect(outliers.alarmNamePrefix).toMatch(/^TestStack-Outliers-[0-9a-f]+$/);
    expect(outliers.alarmNames).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c'].flatMap((z) => [
      `${outliers.alarmNamePrefix}-${z}-OutlierErrorRate`, `${outliers.alarmNamePrefix}-${z}-OutlierLatencyP99`,
    ]));
    expect(outliers.alarms).toHaveLength(6);
    expect(outliers.zones.map((z) => z.zone)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });

  test('the 5xx outlier alarm reads the zone\'s and the load balancer\'s requests and 5xx, alarms on 1', () => {
    const { template, outliers } = setup(3);
    const alarm = alarmNamed(template, `${outliers.alarmNamePrefix}-eu-west-1b-OutlierErrorRate`);
    expect(alarm).toMatchObject({
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
    });
    const expression = alarm.Metrics.find((m: any) => m.Expression);
    expect(expression.ReturnData).toBe(true);
    expect(expression.Expression).toMatch(/^IF\(FILL\(zoneRequests, 0\) >= 20 AND .* > 1 \* FILL\(zoneRequests, 0\) AND .* > 3 \* \(FILL\(allTarget5xx, 0\)/);
    const stats = metricStats(alarm);
    const expected: Record<string, [string, boolean]> = {
      zoneRequests: ['RequestCount', true],
      zoneTarget5xx: ['HTTPCode_Target_5XX_Count', true],
      zoneElb5xx: ['HTTPCode_ELB_5XX_Count', true],
      allRequests: ['RequestCount', false],
      allTarget5xx: ['HTTPCode_Target_5XX_Count', false],
      allElb5xx: ['HTTPCode_ELB_5XX_Count', false],
    };
    expect(Object.keys(stats).sort()).toEqual(Object.keys(expected).sort());
    for (const [id, [metricName, zonal]] of Object.entries(expected)) {
      expect(stats[id]).toEqual({
        Stat: 'Sum',
        Period: 60,
        Metric: { Namespace: 'AWS/ApplicationELB', MetricName: metricName, Dimensions: zonal ? zoneDimensions('eu-west-1b') : [lbDimension] },
      });
    }
  });

  test('the latency outlier alarm reads every zone\'s p99 and compares the zone with the slowest other', () => {
    const { template, outliers } = setup(3);
    const alarm = alarmNamed(template, `${outliers.alarmNamePrefix}-eu-west-1c-OutlierLatencyP99`);
    const expression = alarm.Metrics.find((m: any) => m.Expression);
    expect(expression.Expression).toContain('FILL(latency2, 0) > 0.5 AND FILL(latency2, 0) > 2 * MAX(FILL([latency0, latency1], 0))');
    const stats = metricStats(alarm);
    expect(Object.keys(stats).sort()).toEqual(['allRequests', 'latency0', 'latency1', 'latency2', 'zoneRequests']);
    ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'].forEach((zone, i) => {
      expect(stats[`latency${i}`]).toEqual({
        Stat: 'p99',
        Period: 60,
        Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'TargetResponseTime', Dimensions: zoneDimensions(zone) },
      });
    });
    expect(stats.zoneRequests.Metric.Dimensions).toEqual(zoneDimensions('eu-west-1c'));
    expect(stats.allRequests.Metric.Dimensions).toEqual([lbDimension]);
  });

  test('with 2 zones each zone is compared with the other one directly', () => {
    const { template, outliers } = setup(2);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    const alarm = alarmNamed(template, `${outliers.alarmNamePrefix}-eu-west-1a-OutlierLatencyP99`);
    const expression = alarm.Metrics.find((m: any) => m.Expression).Expression;
    expect(expression).toContain('FILL(latency0, 0) > 2 * FILL(latency1, 0)');
    expect(expression).not.toContain('MAX');
  });

  test('options set the factors, floors, guard and window', () => {
    const { template, outliers } = setup(3, {
      errorRateFactor: 2,
      minimumErrorRatePercent: 0.5,
      latencyFactor: 1.5,
      minimumLatency: Duration.millis(250),
      minimumRequests: 50,
      period: Duration.minutes(2),
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      alarmNamePrefix: 'orders',
    });
    expect(outliers.alarmNames[0]).toBe('orders-eu-west-1a-OutlierErrorRate');
    const rate = alarmNamed(template, 'orders-eu-west-1a-OutlierErrorRate');
    expect(rate).toMatchObject({ EvaluationPeriods: 5, DatapointsToAlarm: 3 });
    const rateExpression = rate.Metrics.find((m: any) => m.Expression).Expression;
    expect(rateExpression).toContain('>= 50');
    expect(rateExpression).toContain('> 0.5 * FILL(zoneRequests, 0)');
    expect(rateExpression).toContain('> 2 * (FILL(allTarget5xx, 0)');
    expect(metricStats(rate).zoneRequests.Period).toBe(120);
    const latency = alarmNamed(template, 'orders-eu-west-1a-OutlierLatencyP99');
    expect(latency.Metrics.find((m: any) => m.Expression).Expression).toContain('FILL(latency0, 0) > 0.25 AND FILL(latency0, 0) > 1.5 * MAX(');
  });

  test('environment-agnostic stack: no outlier alarm, a warning', () => {
    const { stack, template, outliers } = setup(2, {}, agnosticStack());
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(outliers.alarmNames).toEqual([]);
    Annotations.fromStack(stack).hasWarning('/TestStack/Outliers', Match.stringLikeRegexp('no per-zone outlier alarms are created.*\\[ack: cdk-safe-deploy:zonalOutlierAlarmsSkipped\\]'));
  });

  test('cfn-lint finds no error in the template', () => {
    const { template } = setup(3);
    const result = cfnLint(template.toJSON());
    expect(result.errorLines).toEqual([]);
    expect(result.errors).toBe(0);
  });
});

describe('validation', () => {
  test('fails when the factor is not above 1', () => {
    expect(() => setup(3, { errorRateFactor: 1 })).toThrow(/zonalOutlier.errorRateFactor must be a number greater than 1/);
  });

  test('fails when minimumLatency is not positive', () => {
    expect(() => setup(3, { minimumLatency: Duration.millis(0) })).toThrow(/zonalOutlier.minimumLatency must be a positive duration, got 0 seconds/);
  });

  test('fails when the period is not whole minutes', () => {
    expect(() => setup(3, { period: Duration.seconds(90) })).toThrow(/period must be a whole number of minutes .* got 90 seconds/);
  });

  test('fails when datapointsToAlarm exceeds evaluationPeriods', () => {
    expect(() => setup(3, { evaluationPeriods: 2, datapointsToAlarm: 3 })).toThrow(/datapointsToAlarm \(3\) must not exceed evaluationPeriods \(2\)/);
  });

  test('fails when the prefix has a comma', () => {
    expect(() => setup(3, { alarmNamePrefix: 'a,b' })).toThrow(/alarmNamePrefix must be non-empty printable ASCII without commas/);
  });

  test('fails when a zone is listed twice', () => {
    const stack = envStack(3);
    const front = serviceFront(stack);
    expect(() => new ZonalOutlierAlarms(stack, 'O', { loadBalancer: front.loadBalancer, availabilityZones: ['eu-west-1a', 'eu-west-1a'] }))
      .toThrow(/availabilityZones must not repeat a zone/);
  });

  test('fails when more than 8 zones are given', () => {
    const stack = envStack(3);
    const front = serviceFront(stack);
    const zones = Array.from({ length: 9 }, (_, i) => `eu-west-1${String.fromCharCode(97 + i)}`);
    expect(() => new ZonalOutlierAlarms(stack, 'O', { loadBalancer: front.loadBalancer, availabilityZones: zones }))
      .toThrow(/need between 2 and 8 Availability Zones .* got 9/);
  });
});
