import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ServiceRollbackAlarms } from '../../src/alarms';
import { ZonalAutoshift, ZonalAutoshiftProps, ZonalShift } from '../../src/resilience';
import { ServiceFront, serviceFront } from '../alarms/service-fixture';
import { envStack } from '../support/app';

const ZONAL_SHIFT_ATTRIBUTE = { Key: 'zonal_shift.config.enabled', Value: 'true' };

interface Setup extends ServiceFront {
  readonly stack: Stack;
  readonly rollback: ServiceRollbackAlarms;
}

function setup(): Setup {
  const stack = envStack(3);
  const front = serviceFront(stack);
  const rollback = new ServiceRollbackAlarms(stack, 'Alarms', {
    loadBalancer: front.loadBalancer,
    targetGroups: [front.blue, front.green],
    availabilityZones: front.vpc.availabilityZones,
  });
  return { stack, rollback, ...front };
}

function autoshift(s: Setup, props: Partial<ZonalAutoshiftProps> = {}): ZonalAutoshift {
  return new ZonalAutoshift(s.stack, 'Autoshift', {
    loadBalancer: s.loadBalancer,
    targetGroups: [s.blue, s.green],
    outcomeAlarms: s.rollback.regionalAlarms,
    ...props,
  });
}

const arnOf = (alarm: cloudwatch.IAlarm) => ({ AlarmIdentifier: { 'Fn::GetAtt': [Stack.of(alarm).getLogicalId(alarm.node.defaultChild as cloudwatch.CfnAlarm), 'Arn'] }, Type: 'CLOUDWATCH' });

describe('ZonalShift.enable', () => {
  test('sets the zonal shift attribute on the load balancer', () => {
    const s = setup();
    ZonalShift.enable(s.loadBalancer);
    Template.fromStack(s.stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([ZONAL_SHIFT_ATTRIBUTE]),
    });
  });

  test('a load balancer without it has no zonal shift attribute', () => {
    const s = setup();
    Template.fromStack(s.stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.not(Match.arrayWith([Match.objectLike({ Key: 'zonal_shift.config.enabled' })])),
    });
  });
});

describe('ZonalAutoshift', () => {
  test('enables autoshift on the load balancer with the regional alarms as outcome alarms', () => {
    const s = setup();
    const shift = autoshift(s);
    const template = Template.fromStack(s.stack);
    template.resourceCountIs('AWS::ARCZonalShift::ZonalAutoshiftConfiguration', 1);
    template.hasResourceProperties('AWS::ARCZonalShift::ZonalAutoshiftConfiguration', {
      ResourceIdentifier: { Ref: Match.stringLikeRegexp('^LoadBalancer') },
      ZonalAutoshiftStatus: 'ENABLED',
      PracticeRunConfiguration: {
        OutcomeAlarms: s.rollback.regionalAlarms.map(arnOf),
        BlockingAlarms: [arnOf(shift.deploymentInProgressAlarm)],
      },
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([ZONAL_SHIFT_ATTRIBUTE]),
    });
    expect(shift.configuration.node.path).toBe('TestStack/Autoshift/Resource');
  });

  test('the deployment-in-progress alarm fires while both the blue and the green target group have healthy targets', () => {
    const s = setup();
    const shift = autoshift(s);
    const template = Template.fromStack(s.stack);
    const logicalId = s.stack.getLogicalId(shift.deploymentInProgressAlarm.node.defaultChild as cloudwatch.CfnAlarm);
    const alarm = template.toJSON().Resources[logicalId].Properties;
    expect(alarm).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
    expect(alarm.Metrics.find((m: any) => m.Expression).Expression).toBe('IF(FILL(healthy0, 0) > 0 AND FILL(healthy1, 0) > 0, 1, 0)');
    const stats = Object.fromEntries(alarm.Metrics.filter((m: any) => m.MetricStat).map((m: any) => [m.Id, m.MetricStat]));
    const tg = (id: string) => ({ Name: 'TargetGroup', Value: { 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${id}`)), 'TargetGroupFullName'] } });
    expect(stats.healthy0).toMatchObject({ Stat: 'Maximum', Period: 60, Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'HealthyHostCount' } });
    expect(stats.healthy0.Metric.Dimensions).toEqual(expect.arrayContaining([tg('Blue')]));
    expect(stats.healthy1.Metric.Dimensions).toEqual(expect.arrayContaining([tg('Green')]));
  });

  test('extra blocking alarms, blocked dates and windows reach the practice-run configuration', () => {
    const s = setup();
    const maintenance = new cloudwatch.Alarm(s.stack, 'Maintenance', {
      metric: new cloudwatch.Metric({ namespace: 'Ops', metricName: 'Maintenance' }), threshold: 1, evaluationPeriods: 1,
    });
    const shift = autoshift(s, {
      outcomeAlarms: [s.rollback.serverErrorRateAlarm],
      blockingAlarms: [maintenance],
      blockedDates: ['2026-12-24', '2026-12-31'],
      blockedWindows: ['Fri:16:00-Mon:08:00'],
    });
    Template.fromStack(s.stack).hasResourceProperties('AWS::ARCZonalShift::ZonalAutoshiftConfiguration', {
      PracticeRunConfiguration: {
        OutcomeAlarms: [arnOf(s.rollback.serverErrorRateAlarm)],
        BlockingAlarms: [arnOf(shift.deploymentInProgressAlarm), arnOf(maintenance)],
        BlockedDates: ['2026-12-24', '2026-12-31'],
        BlockedWindows: ['Fri:16:00-Mon:08:00'],
      },
    });
  });

  test('fails when only one target group is given', () => {
    const s = setup();
    expect(() => autoshift(s, { targetGroups: [s.blue] })).toThrow(/targetGroups must list the blue and the green target group .* got 1; zonal autoshift needs a blue\/green, canary or linear deployment strategy/);
  });

  test('fails when no outcome alarm is given', () => {
    const s = setup();
    expect(() => autoshift(s, { outcomeAlarms: [] })).toThrow(/outcomeAlarms must list between 1 and 10 alarms/);
  });

  test('fails when too many blocking alarms are given', () => {
    const s = setup();
    expect(() => autoshift(s, { blockingAlarms: Array(10).fill(s.rollback.latencyAlarm) })).toThrow(/blockingAlarms may list at most 9 alarms .* got 10/);
  });

  test('fails when a blocked date is malformed', () => {
    const s = setup();
    expect(() => autoshift(s, { blockedDates: ['24/12/2026'] })).toThrow(/blockedDates must be calendar dates written YYYY-MM-DD \(UTC\), got '24\/12\/2026'/);
  });

  test('fails when a blocked window is malformed', () => {
    const s = setup();
    expect(() => autoshift(s, { blockedWindows: ['Friday 16:00 to Monday 08:00'] })).toThrow(/blockedWindows must be written Day:HH:MM-Day:HH:MM/);
  });
});
