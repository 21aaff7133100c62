import { Duration, Fn, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ZonalOutlierAlarms } from '../../src/alarms';
import { arcExpiresIn, ZonalShiftOnAlarm, ZonalShiftOnAlarmProps } from '../../src/resilience';
import { serviceFront } from '../alarms/service-fixture';
import { envStack } from '../support/app';
import { cfnLint } from '../support/cfn-lint';

function setup(props: Partial<ZonalShiftOnAlarmProps> = {}) {
  const stack = envStack(3);
  const front = serviceFront(stack);
  const outliers = new ZonalOutlierAlarms(stack, 'Outliers', { loadBalancer: front.loadBalancer, availabilityZones: front.vpc.availabilityZones });
  const shift = new ZonalShiftOnAlarm(stack, 'Shift', {
    loadBalancer: front.loadBalancer,
    zones: outliers.zones.map((z) => ({ zone: z.zone, alarms: [z.errorRateAlarm, z.latencyAlarm] })),
    ...props,
  });
  return { stack, front, outliers, shift, template: Template.fromStack(stack) };
}

const idOf = (construct: { node: { defaultChild?: any } }, stack: Stack) => stack.getLogicalId(construct.node.defaultChild);
const arnOf = (alarm: cloudwatch.Alarm) => ({ 'Fn::GetAtt': [idOf(alarm, Stack.of(alarm)), 'Arn'] });
const LB_REF = { Ref: expect.stringMatching(/^LoadBalancer[0-9A-F]{8}$/) };

/** The state machine's definition, parsed: `Ref`s and `Fn::GetAtt`s of the Fn::Join are written `<<Ref:Id>>`. */
function definition(template: Template): any {
  const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  const joined = machine.Properties.DefinitionString['Fn::Join'][1]
    .map((part: any) => (typeof part === 'string' ? part : part.Ref ? `<<Ref:${part.Ref}>>` : `<<${JSON.stringify(part)}>>`))
    .join('');
  return JSON.parse(joined);
}

describe('rules', () => {
  test('one rule per zone matches exactly that zone\'s outlier alarms going into ALARM', () => {
    const { template, outliers, shift } = setup();
    template.resourceCountIs('AWS::Events::Rule', 3);
    expect(shift.rules).toHaveLength(3);
    for (const zone of outliers.zones) {
      template.hasResourceProperties('AWS::Events::Rule', {
        State: 'ENABLED',
        EventPattern: {
          'source': ['aws.cloudwatch'],
          'detail-type': ['CloudWatch Alarm State Change'],
          'resources': [arnOf(zone.errorRateAlarm), arnOf(zone.latencyAlarm)],
          'detail': { state: { value: ['ALARM'] } },
        },
      });
    }
  });

  test('the target passes the zone name (literal), the alarm name and the reason from the event', () => {
    // Event shape: CloudWatch User Guide, "Alarm events and EventBridge" (sample metric alarm event):
    // detail.alarmName, detail.state.value, detail.state.reason; resources holds the alarm ARN.
    const { template, stack, shift } = setup();
    const rule = template.toJSON().Resources[idOf(shift.rules[1], stack)];
    expect(rule.Properties.Targets).toEqual([{
      Arn: { Ref: idOf(shift.stateMachine, stack) },
      Id: 'Target0',
      RoleArn: { 'Fn::GetAtt': [idOf(shift.eventsRole, stack), 'Arn'] },
      RetryPolicy: { MaximumEventAgeInSeconds: 900 },
      InputTransformer: {
        InputPathsMap: { 'detail-alarmName': '$.detail.alarmName', 'detail-state-reason': '$.detail.state.reason' },
        InputTemplate: '{"zone":"eu-west-1b","alarmName":<detail-alarmName>,"reason":<detail-state-reason>}',
      },
    }]);
  });
});

describe('state machine', () => {
  test('resolves the zone ID, then starts the zonal shift away from it; failures end in named Fail states', () => {
    const { template } = setup();
    const def = definition(template);
    expect(def.QueryLanguage).toBe('JSONata');
    expect(def.StartAt).toBe('ResolveZoneId');
    expect(def.States.ResolveZoneId).toMatchObject({
      Type: 'Task',
      Resource: 'arn:<<Ref:AWS::Partition>>:states:::aws-sdk:ec2:describeAvailabilityZones',
      Arguments: { ZoneNames: ['{% $states.input.zone %}'] },
      Assign: {
        zone: '{% $states.input.zone %}',
        alarmName: '{% $states.input.alarmName %}',
        reason: '{% $states.input.reason %}',
        zoneId: '{% $states.result.AvailabilityZones[0].ZoneId %}',
      },
      Next: 'StartZonalShift',
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'ZoneNotResolved' }],
    });
    expect(def.States.StartZonalShift).toMatchObject({
      Type: 'Task',
      Resource: 'arn:<<Ref:AWS::Partition>>:states:::aws-sdk:arczonalshift:startZonalShift',
      Arguments: {
        ResourceIdentifier: expect.stringMatching(/^<<Ref:LoadBalancer[0-9A-F]{8}>>$/),
        AwayFrom: '{% $zoneId %}',
        ExpiresIn: '1h',
        Comment: '{% $substring(\'Alarm \' & $alarmName & \' in \' & $zone & \': \' & $reason, 0, 128) %}',
      },
      Next: 'ShiftStarted',
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'WhyNotStarted' }],
    });
    expect(def.States.WhyNotStarted).toMatchObject({
      Type: 'Choice',
      Choices: [{ Condition: '{% $contains($states.input.Error, \'ConflictException\') %}', Next: 'ShiftConflict' }],
      Default: 'ShiftRejected',
    });
    expect(def.States.ShiftConflict).toMatchObject({ Type: 'Fail', Error: 'ZonalShiftConflict', Cause: '{% $states.input.Cause %}' });
    expect(def.States.ShiftRejected).toMatchObject({ Type: 'Fail', Error: 'ZonalShiftRejected', Cause: '{% $states.input.Cause %}' });
    expect(def.States.ZoneNotResolved).toMatchObject({ Type: 'Fail', Error: 'ZoneNotResolved', Cause: '{% $states.input.Cause %}' });
    expect(def.States.ShiftStarted).toMatchObject({ Type: 'Succeed' });
    expect(Object.keys(def.States).sort()).toEqual(['ResolveZoneId', 'ShiftConflict', 'ShiftRejected', 'ShiftStarted', 'StartZonalShift', 'WhyNotStarted', 'ZoneNotResolved']);
  });

  test('logs every execution with its data to a log group kept one year, without X-Ray (no xray:* on *)', () => {
    const { template, stack, shift } = setup();
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: true,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [idOf(shift.logGroup, stack), 'Arn'] } } }],
      },
      TracingConfiguration: { Enabled: false },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  test('logRetention and expiresIn are honoured', () => {
    const { template } = setup({ logRetention: logs.RetentionDays.TWO_YEARS, expiresIn: Duration.minutes(90) });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731 });
    expect(definition(template).States.StartZonalShift.Arguments.ExpiresIn).toBe('90m');
  });

  test('enables zonal shift on the load balancer', () => {
    const { template } = setup();
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'zonal_shift.config.enabled', Value: 'true' }]),
    });
  });
});

describe('IAM', () => {
  test('the state machine may describe zones and start a zonal shift on this load balancer only (plus log delivery)', () => {
    const { template, stack, shift } = setup();
    const roleId = stack.getLogicalId(shift.stateMachine.role.node.defaultChild as any);
    const policies = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }));
    expect(policies).toHaveLength(1);
    const statements = policies[0].Properties.PolicyDocument.Statement;
    expect(statements).toEqual([
      { Effect: 'Allow', Action: 'ec2:DescribeAvailabilityZones', Resource: '*' },
      { Effect: 'Allow', Action: 'arc-zonal-shift:StartZonalShift', Resource: LB_REF },
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery',
          'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'],
        Resource: '*',
      },
    ]);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' } }] },
    });
  });

  test('EventBridge may start this state machine only', () => {
    const { template, stack, shift } = setup();
    const roleId = idOf(shift.eventsRole, stack);
    const policies = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }));
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'states:StartExecution', Resource: { Ref: idOf(shift.stateMachine, stack) } },
    ]);
    expect(template.toJSON().Resources[roleId].Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' } },
    ]);
  });
});

describe('expiresIn', () => {
  test.each([
    [Duration.hours(1), '1h'],
    [Duration.minutes(1), '1m'],
    [Duration.minutes(90), '90m'],
    [Duration.hours(72), '72h'],
  ])('%s is written %s', (duration, text) => {
    expect(arcExpiresIn(duration)).toBe(text);
  });

  test.each([Duration.seconds(30), Duration.seconds(90), Duration.hours(73), Duration.minutes(0)])('fails when expiresIn is %s', (duration) => {
    expect(() => arcExpiresIn(duration)).toThrow(/zonalShiftOnOutlier.expiresIn must be a whole number of minutes from 1 minute to 72 hours .* got/);
  });
});

describe('validation', () => {
  const stackWithFront = () => {
    const stack = envStack(3);
    return { stack, front: serviceFront(stack) };
  };
  const alarm = (stack: Stack, id: string) => new cloudwatch.Alarm(stack, id, { metric: new cloudwatch.Metric({ namespace: 'N', metricName: id }), threshold: 1, evaluationPeriods: 1 });

  test('fails when no zone is given', () => {
    const { stack, front } = stackWithFront();
    expect(() => new ZonalShiftOnAlarm(stack, 'S', { loadBalancer: front.loadBalancer, zones: [] })).toThrow(/zones must list at least one Availability Zone/);
  });

  test('fails when a zone has no alarm', () => {
    const { stack, front } = stackWithFront();
    expect(() => new ZonalShiftOnAlarm(stack, 'S', { loadBalancer: front.loadBalancer, zones: [{ zone: 'eu-west-1a', alarms: [] }] }))
      .toThrow(/zones: eu-west-1a lists no alarm/);
  });

  test('fails when a zone is listed twice', () => {
    const { stack, front } = stackWithFront();
    const zones = [{ zone: 'eu-west-1a', alarms: [alarm(stack, 'A')] }, { zone: 'eu-west-1a', alarms: [alarm(stack, 'B')] }];
    expect(() => new ZonalShiftOnAlarm(stack, 'S', { loadBalancer: front.loadBalancer, zones })).toThrow(/zones lists eu-west-1a more than once/);
  });

  test('fails when a zone is a token', () => {
    const { stack, front } = stackWithFront();
    const zones = [{ zone: Fn.select(0, Fn.getAzs()), alarms: [alarm(stack, 'A')] }];
    expect(() => new ZonalShiftOnAlarm(stack, 'S', { loadBalancer: front.loadBalancer, zones })).toThrow(/each zone must be a literal Availability Zone name/);
  });
});

test('cfn-lint finds no error in the template', () => {
  const { template } = setup();
  const result = cfnLint(template.toJSON());
  expect(result.errorLines).toEqual([]);
  expect(result.errors).toBe(0);
});
