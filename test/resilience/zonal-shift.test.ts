import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ServiceRollbackAlarms } from '../../src/alarms';
import { ZonalAutoshift, ZonalAutoshiftProps, ZonalShift } from '../../src/resilience';
import { metricStats, rollbackAlarmsProps, ServiceFront, serviceFront } from '../alarms/service-fixture';
import { envStack } from '../support/app';
import { cfnLint } from '../support/cfn-lint';

const ZONAL_SHIFT_ATTRIBUTE = { Key: 'zonal_shift.config.enabled', Value: 'true' };

interface Setup extends ServiceFront {
  readonly stack: Stack;
  readonly rollback: ServiceRollbackAlarms;
}

function setup(): Setup {
  const stack = envStack(3);
  const front = serviceFront(stack);
  const rollback = new ServiceRollbackAlarms(stack, 'Alarms', rollbackAlarmsProps(front));
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

const logicalId = (alarm: cloudwatch.IAlarm) => Stack.of(alarm).getLogicalId(alarm.node.defaultChild as cloudwatch.CfnAlarm);
const arnOf = (alarm: cloudwatch.IAlarm) => ({ AlarmIdentifier: { 'Fn::GetAtt': [logicalId(alarm), 'Arn'] }, Type: 'CLOUDWATCH' });

/** An alarm of the user's, named `ops-<id>` (a literal name keeps composite rules short once deployed), or unnamed. */
function extraAlarm(s: Setup, id: string, named = true): cloudwatch.Alarm {
  return new cloudwatch.Alarm(s.stack, id, {
    alarmName: named ? `ops-${id}` : undefined,
    metric: new cloudwatch.Metric({ namespace: 'Ops', metricName: id }),
    threshold: 1,
    evaluationPeriods: 1,
  });
}

/** The logical IDs of the alarms a composite alarm's rule refers to, in order. */
function ruleChildren(template: Template, composite: cloudwatch.IAlarm): string[] {
  const rule = template.toJSON().Resources[logicalId(composite)].Properties.AlarmRule;
  return JSON.stringify(rule).match(/"Fn::GetAtt":\["([A-Za-z0-9]+)","Arn"\]/g)!.map((m) => m.split('"')[3]);
}

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
  test('enables autoshift on the load balancer with one composite outcome alarm over the regional alarms', () => {
    const s = setup();
    const shift = autoshift(s);
    const template = Template.fromStack(s.stack);
    template.resourceCountIs('AWS::ARCZonalShift::ZonalAutoshiftConfiguration', 1);
    template.hasResourceProperties('AWS::ARCZonalShift::ZonalAutoshiftConfiguration', {
      ResourceIdentifier: { Ref: Match.stringLikeRegexp('^LoadBalancer') },
      ZonalAutoshiftStatus: 'ENABLED',
      PracticeRunConfiguration: {
        OutcomeAlarms: [arnOf(shift.outcomeAlarm)],
        BlockingAlarms: [arnOf(shift.deploymentInProgressAlarm)],
      },
    });
    expect(shift.outcomeAlarm.node.path).toBe('TestStack/Autoshift/PracticeRunOutcome');
    expect(ruleChildren(template, shift.outcomeAlarm)).toEqual(s.rollback.regionalAlarms.map(logicalId));
    expect(shift.blockingAlarm).toBe(shift.deploymentInProgressAlarm);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([ZONAL_SHIFT_ATTRIBUTE]),
    });
    expect(shift.configuration.node.path).toBe('TestStack/Autoshift/Resource');
  });

  test('the deployment-in-progress alarm fires while both the blue and the green target group have healthy targets', () => {
    const s = setup();
    const shift = autoshift(s);
    const template = Template.fromStack(s.stack);
    const alarm = template.toJSON().Resources[logicalId(shift.deploymentInProgressAlarm)].Properties;
    expect(alarm).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
    expect(alarm.Metrics.find((m: any) => m.Expression).Expression).toBe('IF(FILL(healthy0, 0) > 0 AND FILL(healthy1, 0) > 0, 1, 0)');
    const stats = metricStats(alarm);
    const tg = (id: string) => ({ Name: 'TargetGroup', Value: { 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${id}`)), 'TargetGroupFullName'] } });
    expect(stats.healthy0).toMatchObject({ Stat: 'Maximum', Period: 60, Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'HealthyHostCount' } });
    expect(stats.healthy0.Metric.Dimensions).toEqual(expect.arrayContaining([tg('Blue')]));
    expect(stats.healthy1.Metric.Dimensions).toEqual(expect.arrayContaining([tg('Green')]));
  });

  test('extra blocking alarms are combined with the deployment-in-progress alarm; blocked dates and windows reach the configuration', () => {
    const s = setup();
    const maintenance = extraAlarm(s, 'Maintenance');
    const shift = autoshift(s, {
      outcomeAlarms: [s.rollback.serverErrorRateAlarm],
      blockingAlarms: [maintenance],
      blockedDates: ['2026-12-24', '2026-12-31'],
      blockedWindows: ['Fri:16:00-Mon:08:00'],
    });
    Template.fromStack(s.stack).hasResourceProperties('AWS::ARCZonalShift::ZonalAutoshiftConfiguration', {
      PracticeRunConfiguration: {
        OutcomeAlarms: [arnOf(s.rollback.serverErrorRateAlarm)],
        BlockingAlarms: [arnOf(shift.blockingAlarm)],
        BlockedDates: ['2026-12-24', '2026-12-31'],
        BlockedWindows: ['Fri:16:00-Mon:08:00'],
      },
    });
    expect(shift.outcomeAlarm).toBe(s.rollback.serverErrorRateAlarm);
    const blockingChildren = ruleChildren(Template.fromStack(s.stack), shift.blockingAlarm);
    expect(blockingChildren).toEqual([logicalId(shift.deploymentInProgressAlarm), logicalId(maintenance)]);
  });

  test.each([
    ['one outcome alarm, no extra blocking alarm', 1, 0, 0],
    ['two outcome alarms, one extra blocking alarm', 2, 1, 1],
    ['the regional alarms, three extra blocking alarms', 3, 3, 1],
    ['100 outcome alarms, 99 extra blocking alarms', 100, 99, 1],
  ])('exactly one outcome and one blocking alarm with %s', (_, outcomeCount, blockingCount, outcomeComposites) => {
    const s = setup();
    const extra = Array.from({ length: Math.max(outcomeCount, blockingCount) }, (__, i) => extraAlarm(s, `Extra${i}`));
    const outcomeAlarms = outcomeCount === 3 ? s.rollback.regionalAlarms : extra.slice(0, outcomeCount);
    const shift = autoshift(s, { outcomeAlarms, blockingAlarms: extra.slice(0, blockingCount) });
    const template = Template.fromStack(s.stack);
    const practiceRun = template.toJSON().Resources[s.stack.getLogicalId(shift.configuration)].Properties.PracticeRunConfiguration;
    expect(practiceRun.OutcomeAlarms).toEqual([arnOf(shift.outcomeAlarm)]);
    expect(practiceRun.BlockingAlarms).toEqual([arnOf(shift.blockingAlarm)]);
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', outcomeComposites + (blockingCount > 0 ? 1 : 0));
    if (outcomeCount > 1) expect(ruleChildren(template, shift.outcomeAlarm)).toEqual(outcomeAlarms.map(logicalId));
    if (blockingCount > 0) expect(ruleChildren(template, shift.blockingAlarm)).toHaveLength(blockingCount + 1);
  });

  test('every alarm it creates has a literal name derived from the stack and construct path', () => {
    const s = setup();
    const shift = autoshift(s, { blockingAlarms: [extraAlarm(s, 'Maintenance')] });
    const template = Template.fromStack(s.stack);
    const name = (alarm: cloudwatch.IAlarm, prop: string) => template.toJSON().Resources[logicalId(alarm)].Properties[prop];
    const prefix = /^TestStack-Autoshift-[0-9a-f]{8}-/;
    expect(name(shift.deploymentInProgressAlarm, 'AlarmName')).toMatch(new RegExp(`${prefix.source}DeploymentInProgress$`));
    expect(name(shift.outcomeAlarm, 'AlarmName')).toMatch(new RegExp(`${prefix.source}PracticeRunOutcome$`));
    expect(name(shift.blockingAlarm, 'AlarmName')).toMatch(new RegExp(`${prefix.source}PracticeRunBlocking$`));
  });

  test('cfn-lint finds no errors with several outcome and blocking alarms', () => {
    const s = setup();
    autoshift(s, {
      blockingAlarms: [extraAlarm(s, 'Maintenance'), extraAlarm(s, 'Freeze')],
      blockedDates: ['2026-12-24'],
      blockedWindows: ['Fri:16:00-Mon:08:00'],
    });
    expect(cfnLint(Template.fromStack(s.stack).toJSON())).toEqual({ errors: 0, errorLines: [] });
  });

  test('fails when only one target group is given', () => {
    const s = setup();
    expect(() => autoshift(s, { targetGroups: [s.blue] })).toThrow(/targetGroups must list the blue and the green target group .* got 1; zonal autoshift needs a blue\/green, canary or linear deployment strategy/);
  });

  test('fails when no outcome alarm is given', () => {
    const s = setup();
    expect(() => autoshift(s, { outcomeAlarms: [] })).toThrow(/outcomeAlarms must list between 1 and 100 alarms .* got 0/);
  });

  test('fails when too many blocking alarms are given', () => {
    const s = setup();
    expect(() => autoshift(s, { blockingAlarms: Array(100).fill(s.rollback.latencyAlarm) })).toThrow(/blockingAlarms may list at most 99 alarms .* got 100/);
  });

  test('fails when the outcome composite rule could exceed 10,240 characters once the real ARNs replace the tokens', () => {
    const s = setup();
    // Unnamed alarms get a CloudFormation-generated name of up to 255 characters. In eu-west-1 each ARN is
    // then 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:'.length (48) + 255 = 303 characters, so 40 of
    // them reach 40 × (7 + 303 + 2) + 39 × 4 + 2 = 12638 characters, while the tokens synth sees are far shorter.
    const unnamed = Array.from({ length: 40 }, (_, i) => extraAlarm(s, `Unnamed${i}`, false));
    expect(() => autoshift(s, { outcomeAlarms: unnamed }))
      .toThrow(/outcomeAlarms: the rule of the composite alarm TestStack-Autoshift-[0-9a-f]{8}-PracticeRunOutcome over 40 alarms can reach 12638 characters once deployed .*40 of them without a literal alarmName.*CloudWatch allows at most 10240\. Give the alarms literal, shorter alarmName values/);
  });

  test('fails when the blocking composite rule could exceed 10,240 characters with long alarm names', () => {
    const s = setup();
    const long = Array.from({ length: 40 }, (_, i) => new cloudwatch.Alarm(s.stack, `Long${i}`, {
      alarmName: `${'x'.repeat(240)}-${String(i).padStart(2, '0')}`,
      metric: new cloudwatch.Metric({ namespace: 'Ops', metricName: `Long${i}` }),
      threshold: 1,
      evaluationPeriods: 1,
    }));
    expect(() => autoshift(s, { blockingAlarms: long })).toThrow(/blockingAlarms: the rule of the composite alarm .*PracticeRunBlocking over 41 alarms can reach \d+ characters once deployed \(each alarm by its full ARN\); CloudWatch allows at most 10240/);
  });

  test('a literal alarm ARN is counted as it is', () => {
    const s = setup();
    const imported = Array.from({ length: 100 }, (_, i) => cloudwatch.Alarm.fromAlarmArn(s.stack, `Imported${i}`, `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:a${i}`));
    expect(() => autoshift(s, { outcomeAlarms: imported })).not.toThrow();
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
