import { Token } from 'aws-cdk-lib';
import {
  describeDuration,
  describeZoneLoss,
  isoDuration,
  MAX_DESCRIPTION_LENGTH,
  planZoneLoss,
  truncate,
  validateExperimentDuration,
  validateImpairments,
  validateLength,
  validateStopConditionCount,
  validateSubnetCount,
  ZoneLossInput,
} from '../../src/resilience/zone-loss-plan';

/** Subnet ARNs in the documented form `arn:aws:ec2:<region>:<account>:subnet/<id>` (IDs made up). */
const SUBNETS = ['arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-0aaaaaaaaaaaaaaa1'];

function input(props: Partial<ZoneLossInput> = {}): ZoneLossInput {
  return {
    zone: 'eu-west-1a',
    disruptNetwork: true,
    stopTasks: true,
    subnetArns: SUBNETS,
    clusterName: 'orders-cluster',
    serviceName: 'orders',
    durationSeconds: 600,
    ...props,
  };
}

describe('isoDuration', () => {
  test.each([
    [0, 'PT0S'], [45, 'PT45S'], [60, 'PT1M'], [90, 'PT1M30S'], [600, 'PT10M'],
    [3600, 'PT1H'], [5400, 'PT1H30M'], [3661, 'PT1H1M1S'], [43200, 'PT12H'],
  ])('%i s is %s', (seconds, iso) => {
    expect(isoDuration(seconds)).toBe(iso);
  });

  test.each([-1, 1.5, NaN])('fails when the seconds are %p', (seconds) => {
    expect(() => isoDuration(seconds)).toThrow(/whole, non-negative number of seconds/);
  });
});

describe('describeDuration', () => {
  test.each([[600, '10 min'], [5400, '1 h 30 min'], [3600, '1 h'], [90, '90 s']])('%i s reads %s', (seconds, text) => {
    expect(describeDuration(seconds)).toBe(text);
  });
});

describe('validateExperimentDuration', () => {
  test.each([60, 600, 43200])('accepts %i s', (seconds) => {
    expect(() => validateExperimentDuration('duration', seconds)).not.toThrow();
  });

  test.each([0, 59, 43201, 90.5])('fails when duration is %p s', (seconds) => {
    expect(() => validateExperimentDuration('duration', seconds)).toThrow(/duration must be a whole number of seconds between 60 s \(1 minute\) and 43200 s \(12 hours\).*Duration\.minutes\(10\)/);
  });
});

describe('validateStopConditionCount', () => {
  test.each([1, 5])('accepts %i alarms', (count) => {
    expect(() => validateStopConditionCount('stopConditionAlarms', count)).not.toThrow();
  });

  test('fails when there is no stop-condition alarm', () => {
    expect(() => validateStopConditionCount('stopConditionAlarms', 0)).toThrow(/stopConditionAlarms must list between 1 and 5 alarms.*got 0; pass the alarms that show customer impact/);
  });

  test('fails when there are more than 5 stop-condition alarms', () => {
    expect(() => validateStopConditionCount('stopConditionAlarms', 6)).toThrow(/at most 5 stop conditions per experiment template\), got 6; combine some of them into a cloudwatch.CompositeAlarm/);
  });
});

describe('validateSubnetCount', () => {
  test('fails when there is no subnet to disrupt', () => {
    expect(() => validateSubnetCount('subnets', 0)).toThrow(/subnets must list between 1 and 5 subnets.*got 0; pass the zone's subnets, or set disruptNetwork: false/);
  });

  test('fails when there are more than 5 subnets to disrupt', () => {
    expect(() => validateSubnetCount('subnets', 6)).toThrow(/at most 5 resource ARNs per target\), got 6/);
  });
});

describe('validateImpairments', () => {
  test('fails when both impairments are off', () => {
    expect(() => validateImpairments(false, false)).toThrow(/disruptNetwork and stopTasks are both false: the experiment would impair nothing/);
  });

  test.each([[true, false], [false, true], [true, true]])('accepts disruptNetwork %p, stopTasks %p', (network, tasks) => {
    expect(() => validateImpairments(network, tasks)).not.toThrow();
  });
});

describe('validateLength and truncate', () => {
  test('fails when a literal value is too long, and names the prop', () => {
    expect(() => validateLength('experimentName', 'x'.repeat(257), 256)).toThrow(/experimentName is 257 characters long, more than the 256 CloudFormation allows/);
  });

  test('accepts tokens, whose length is not known', () => {
    expect(() => validateLength('experimentName', Token.asString({ Ref: 'Name' }), 256)).not.toThrow();
  });

  test('cuts long text with an ellipsis and leaves short text alone', () => {
    expect(truncate('abcdef', 5)).toBe('ab...');
    expect(truncate('abc', 5)).toBe('abc');
  });
});

describe('describeZoneLoss', () => {
  test('says what is impaired, where and for how long', () => {
    expect(describeZoneLoss(input(), 'Stack/Orders')).toBe('Zone loss of eu-west-1a for Stack/Orders: denies all traffic in and out of 1 subnet(s) there '
      + 'and stops the service\'s tasks running there, for 10 min. Stops early when a customer-impact alarm fires.');
  });

  test('stays within the 512 characters of a template description', () => {
    expect(describeZoneLoss(input(), 'x'.repeat(600)).length).toBe(MAX_DESCRIPTION_LENGTH);
  });
});

describe('planZoneLoss', () => {
  test('disrupts the zone\'s subnets for the duration and stops the service\'s tasks in the zone', () => {
    expect(planZoneLoss(input())).toEqual({
      targets: {
        ZoneSubnets: { resourceType: 'aws:ec2:subnet', resourceArns: SUBNETS, selectionMode: 'ALL' },
        ZoneTasks: {
          resourceType: 'aws:ecs:task',
          parameters: { cluster: 'orders-cluster', service: 'orders' },
          filters: [{ path: 'AvailabilityZone', values: ['eu-west-1a'] }],
          selectionMode: 'ALL',
        },
      },
      actions: {
        DisruptZoneNetwork: {
          actionId: 'aws:network:disrupt-connectivity',
          description: 'Deny all traffic in and out of the zone\'s subnets',
          parameters: { scope: 'all', duration: 'PT10M' },
          targets: { Subnets: 'ZoneSubnets' },
        },
        StopZoneTasks: {
          actionId: 'aws:ecs:stop-task',
          description: 'Stop the service\'s tasks running in the zone',
          targets: { Tasks: 'ZoneTasks' },
        },
      },
    });
  });

  test('network only: no task target, no stop-task action', () => {
    const plan = planZoneLoss(input({ stopTasks: false, clusterName: undefined, serviceName: undefined }));
    expect(Object.keys(plan.actions)).toEqual(['DisruptZoneNetwork']);
    expect(Object.keys(plan.targets)).toEqual(['ZoneSubnets']);
  });

  test('tasks only: stops the tasks, then waits the duration so the stop conditions keep watching', () => {
    const plan = planZoneLoss(input({ disruptNetwork: false, subnetArns: [], durationSeconds: 900 }));
    expect(Object.keys(plan.targets)).toEqual(['ZoneTasks']);
    expect(plan.actions.ObserveRecovery).toEqual({
      actionId: 'aws:fis:wait',
      description: 'Keep the experiment and its stop conditions running while ECS replaces the stopped tasks',
      parameters: { duration: 'PT15M' },
    });
    expect(plan.actions.StopZoneTasks.targets).toEqual({ Tasks: 'ZoneTasks' });
  });

  test('fails when stopTasks has no cluster or service', () => {
    expect(() => planZoneLoss(input({ serviceName: undefined }))).toThrow(/stopTasks needs the cluster and the service/);
  });

  test('fails when the network disruption has no subnet', () => {
    expect(() => planZoneLoss(input({ subnetArns: [] }))).toThrow(/subnets must list between 1 and 5 subnets/);
  });

  test('fails when the duration is out of the FIS range', () => {
    expect(() => planZoneLoss(input({ durationSeconds: 30 }))).toThrow(/duration must be a whole number of seconds between 60 s/);
  });

  test('fails when nothing is impaired', () => {
    expect(() => planZoneLoss(input({ disruptNetwork: false, stopTasks: false }))).toThrow(/would impair nothing/);
  });
});
