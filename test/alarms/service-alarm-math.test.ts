import { Token } from 'aws-cdk-lib';
import {
  allAlarmNames,
  deploymentInProgressExpression,
  deriveAlarmNamePrefix,
  firstAlarmingPeriod,
  MAX_ALARM_NAME_LENGTH,
  MAX_DEPLOYMENT_ALARMS,
  resolveServiceAlarmSettings,
  secondsToAlarm,
  serverErrorRateExpression,
  serviceAlarmNames,
  targetGroupErrorRateExpression,
  unhealthyHostsExpression,
  validateAlarmNamePrefix,
  validateDeploymentAlarmNames,
  validateTargetGroupLabels,
  zonesAreConcrete,
} from '../../src/alarms/service-alarm-math';

describe('resolveServiceAlarmSettings', () => {
  test('applies the defaults', () => {
    expect(resolveServiceAlarmSettings({})).toEqual({
      serverErrorRatePercent: 5,
      minimumRequests: 20,
      p99LatencySeconds: 1,
      unhealthyHostThreshold: 1,
      periodSeconds: 60,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
  });

  test('keeps given values', () => {
    const given = {
      serverErrorRatePercent: 0.5,
      minimumRequests: 1,
      p99LatencySeconds: 0.25,
      unhealthyHostThreshold: 3,
      periodSeconds: 300,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
    };
    expect(resolveServiceAlarmSettings(given)).toEqual(given);
  });

  test('caps the default datapoints at the evaluation periods', () => {
    expect(resolveServiceAlarmSettings({ evaluationPeriods: 1 }).datapointsToAlarm).toBe(1);
    expect(resolveServiceAlarmSettings({ evaluationPeriods: 10 }).datapointsToAlarm).toBe(2);
  });

  test('accepts the bounds: 100 percent, one day of evaluation', () => {
    expect(() => resolveServiceAlarmSettings({ serverErrorRatePercent: 100 })).not.toThrow();
    expect(() => resolveServiceAlarmSettings({ periodSeconds: 3600, evaluationPeriods: 24, datapointsToAlarm: 1 })).not.toThrow();
  });

  test('passes tokens through unchecked', () => {
    const token = Token.asNumber({ Ref: 'Threshold' });
    expect(resolveServiceAlarmSettings({ serverErrorRatePercent: token, evaluationPeriods: token }).serverErrorRatePercent).toBe(token);
  });

  test.each([
    ['the rate is 0', { serverErrorRatePercent: 0 }, /serverErrorRatePercent .* got 0/],
    ['the rate is negative', { serverErrorRatePercent: -1 }, /serverErrorRatePercent .* got -1/],
    ['the rate is above 100', { serverErrorRatePercent: 101 }, /serverErrorRatePercent .* at most 100 .* got 101/],
    ['minimumRequests is 0', { minimumRequests: 0 }, /minimumRequests must be an integer >= 1 .* got 0/],
    ['minimumRequests is fractional', { minimumRequests: 2.5 }, /minimumRequests .* got 2.5/],
    ['the latency threshold is 0', { p99LatencySeconds: 0 }, /p99LatencyThreshold must be a positive duration, got 0/],
    ['unhealthyHostThreshold is 0', { unhealthyHostThreshold: 0 }, /unhealthyHostThreshold .* got 0/],
    ['the period is not whole minutes', { periodSeconds: 90 }, /period must be a whole number of minutes .* got 90 seconds/],
    ['the period is 30 seconds', { periodSeconds: 30 }, /period .* got 30 seconds/],
    ['evaluationPeriods is 0', { evaluationPeriods: 0 }, /evaluationPeriods must be an integer >= 1, got 0/],
    ['datapointsToAlarm is 0', { datapointsToAlarm: 0 }, /datapointsToAlarm must be an integer >= 1, got 0/],
    ['datapointsToAlarm exceeds evaluationPeriods', { evaluationPeriods: 2, datapointsToAlarm: 3 }, /datapointsToAlarm \(3\) must not exceed evaluationPeriods \(2\)/],
    ['the evaluation range exceeds one day', { periodSeconds: 3600, evaluationPeriods: 25 }, /at most one day .* 3600 s × 25/],
  ])('fails when %s', (_name, input, message) => {
    expect(() => resolveServiceAlarmSettings(input)).toThrow(message);
  });
});

describe('expressions', () => {
  test('the 5xx rate counts target and load-balancer 5xx and is guarded by the minimum request count', () => {
    expect(serverErrorRateExpression(20)).toBe('IF(requests >= 20, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)');
    expect(serverErrorRateExpression(1)).toContain('requests >= 1,');
  });

  test('unhealthy hosts add up every target group', () => {
    expect(unhealthyHostsExpression(1)).toBe('FILL(unhealthy0, 0)');
    expect(unhealthyHostsExpression(2)).toBe('FILL(unhealthy0, 0) + FILL(unhealthy1, 0)');
    expect(unhealthyHostsExpression(3)).toBe('FILL(unhealthy0, 0) + FILL(unhealthy1, 0) + FILL(unhealthy2, 0)');
  });

  test('a deployment is in progress while every target group has healthy targets', () => {
    expect(deploymentInProgressExpression(2)).toBe('IF(FILL(healthy0, 0) > 0 AND FILL(healthy1, 0) > 0, 1, 0)');
  });

  test('a target group\'s error rate counts its target 5xx and connection errors over its requests, guarded by the minimum', () => {
    expect(targetGroupErrorRateExpression(20)).toBe('IF(requests >= 20, 100 * (FILL(target5xx, 0) + FILL(connectionErrors, 0)) / requests, 0)');
    expect(targetGroupErrorRateExpression(1)).toContain('requests >= 1,');
  });

  test('fails when the target group count is out of range', () => {
    expect(() => unhealthyHostsExpression(0)).toThrow(/between 1 and 10 target groups, got 0/);
    expect(() => unhealthyHostsExpression(11)).toThrow(/got 11/);
    expect(() => deploymentInProgressExpression(1)).toThrow(/between 2 and 10 target groups, got 1/);
  });
});

describe('alarm names', () => {
  test('a derived prefix reads as stack and path and ends in a hash of the full path', () => {
    const prefix = deriveAlarmNamePrefix('Orders', 'Orders', 'Orders/Api/Alarms');
    expect(prefix).toMatch(/^Orders-Api-Alarms-[0-9a-f]{8}$/);
    expect(deriveAlarmNamePrefix('Orders', 'Orders', 'Orders/Api/Alarms')).toBe(prefix);
  });

  test('paths that clean up alike still get distinct prefixes', () => {
    const a = deriveAlarmNamePrefix('S', 'S', 'S/A-B/Alarms');
    const b = deriveAlarmNamePrefix('S', 'S', 'S/A/B/Alarms');
    expect(a.replace(/-[0-9a-f]{8}$/, '')).toBe(b.replace(/-[0-9a-f]{8}$/, ''));
    expect(a).not.toBe(b);
  });

  test('a stack inside a stage is named by its stack name, the path below it is kept', () => {
    expect(deriveAlarmNamePrefix('Prod-Orders', 'Prod/Orders', 'Prod/Orders/Svc/Alarms')).toMatch(/^Prod-Orders-Svc-Alarms-[0-9a-f]{8}$/);
  });

  test('long paths are trimmed so every name fits CloudWatch', () => {
    const deep = `S/${'VeryLongConstructId/'.repeat(20)}Alarms`;
    const prefix = deriveAlarmNamePrefix('S', 'S', deep);
    expect(prefix.length).toBeLessThanOrEqual(180);
    const names = serviceAlarmNames(prefix, ['ap-southeast-4a', 'us-west-2-lax-1a']);
    for (const name of [names.serverErrorRate, ...names.zonal.map((z) => z.serverErrorRate)]) {
      expect(name.length).toBeLessThanOrEqual(MAX_ALARM_NAME_LENGTH);
    }
  });

  test('characters CloudWatch users would not expect are dropped', () => {
    expect(deriveAlarmNamePrefix('S', 'S', 'S/My Service (v2)/Alarms')).toMatch(/^S-MyServicev2-Alarms-[0-9a-f]{8}$/);
  });

  test('names a regional set and one set per zone', () => {
    expect(serviceAlarmNames('p', ['z1', 'z2'])).toEqual({
      serverErrorRate: 'p-ServerErrorRate',
      latency: 'p-LatencyP99',
      unhealthyHosts: 'p-UnhealthyHosts',
      targetGroups: [],
      zonal: [
        { zone: 'z1', serverErrorRate: 'p-z1-ServerErrorRate', latency: 'p-z1-LatencyP99' },
        { zone: 'z2', serverErrorRate: 'p-z2-ServerErrorRate', latency: 'p-z2-LatencyP99' },
      ],
    });
  });

  test('names one set per target group, listed after the regional and before the zonal ones', () => {
    const names = serviceAlarmNames('p', ['z1'], ['Blue', 'Green']);
    expect(names.targetGroups).toEqual([
      { label: 'Blue', errorRate: 'p-Blue-ErrorRate', latency: 'p-Blue-LatencyP99' },
      { label: 'Green', errorRate: 'p-Green-ErrorRate', latency: 'p-Green-LatencyP99' },
    ]);
    expect(allAlarmNames(names)).toEqual([
      'p-ServerErrorRate', 'p-LatencyP99', 'p-UnhealthyHosts',
      'p-Blue-ErrorRate', 'p-Blue-LatencyP99', 'p-Green-ErrorRate', 'p-Green-LatencyP99',
      'p-z1-ServerErrorRate', 'p-z1-LatencyP99',
    ]);
  });

  test('fails when a target-group name would exceed 255 characters', () => {
    const label = 'L'.repeat(32);
    expect(() => serviceAlarmNames('x'.repeat(220), [], [label])).toThrow(new RegExp(`'x{220}-${label}-ErrorRate' has 263 characters, more than CloudWatch's 255`));
  });

  test('fails when a name would exceed 255 characters', () => {
    expect(() => serviceAlarmNames('x'.repeat(240), ['eu-west-1a'])).toThrow(/has 256 characters, more than CloudWatch's 255; use a shorter alarmNamePrefix/);
  });

  test('fails when the prefix is a token', () => {
    expect(() => validateAlarmNamePrefix(Token.asString({ Ref: 'Name' }))).toThrow(/alarmNamePrefix must be a literal string, got a token/);
  });

  test('fails when the prefix is empty, has a comma or non-ASCII characters', () => {
    expect(() => validateAlarmNamePrefix('')).toThrow(/non-empty printable ASCII without commas/);
    expect(() => validateAlarmNamePrefix('a,b')).toThrow(/got 'a,b'/);
    expect(() => validateAlarmNamePrefix('café')).toThrow(/got 'café'/);
    expect(() => validateAlarmNamePrefix('Orders-Prod_1.2/x')).not.toThrow();
  });
});

describe('zones', () => {
  test('concrete zones are accepted, token zones are reported', () => {
    expect(zonesAreConcrete(['a', 'b'])).toBe(true);
    expect(zonesAreConcrete([Token.asString({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }), 'b'])).toBe(false);
  });

  test('fails when fewer than 2 zones are given', () => {
    expect(() => zonesAreConcrete(['eu-west-1a'])).toThrow(/availabilityZones must list at least 2 zones .* got 1 \(eu-west-1a\)/);
    expect(() => zonesAreConcrete([])).toThrow(/got 0/);
  });

  test('fails when a zone is listed twice', () => {
    expect(() => zonesAreConcrete(['a', 'b', 'a'])).toThrow(/must not repeat a zone, got a, b, a \(a more than once\)/);
  });
});

describe('target-group labels', () => {
  test('one distinct label per target group is accepted', () => {
    expect(() => validateTargetGroupLabels(['Blue', 'Green'], 2)).not.toThrow();
  });

  test('fails when the labels do not match the target groups one to one', () => {
    expect(() => validateTargetGroupLabels(['Blue'], 2)).toThrow(/targetGroupLabels must name each of the 2 target group\(s\) once, got 1 label/);
  });

  test('fails when a label is not letters and digits', () => {
    expect(() => validateTargetGroupLabels(['Blue', 'green-2'], 2)).toThrow(/targetGroupLabels must be letters and digits.*got 'green-2'/);
    expect(() => validateTargetGroupLabels([Token.asString({ Ref: 'X' }), 'Green'], 2)).toThrow(/targetGroupLabels must be letters and digits/);
  });

  test('fails when two labels are the same', () => {
    expect(() => validateTargetGroupLabels(['Blue', 'Blue'], 2)).toThrow(/targetGroupLabels must differ, got Blue, Blue \(Blue more than once\)/);
  });
});

describe('deployment alarm names', () => {
  test('up to the bound, literal, distinct names are accepted', () => {
    const names = Array.from({ length: MAX_DEPLOYMENT_ALARMS }, (_, i) => `alarm-${i}`);
    expect(() => validateDeploymentAlarmNames(names, 'deploymentAlarms')).not.toThrow();
  });

  test('fails when more names are listed than DescribeAlarms takes in one call', () => {
    const names = Array.from({ length: MAX_DEPLOYMENT_ALARMS + 1 }, (_, i) => `alarm-${i}`);
    expect(() => validateDeploymentAlarmNames(names, 'deploymentAlarms')).toThrow(/deploymentAlarms must list between 1 and 100 alarm names.*got 101/);
  });

  test('fails when no name is listed', () => {
    expect(() => validateDeploymentAlarmNames([], 'deploymentAlarms')).toThrow(/between 1 and 100 alarm names.*got 0/);
  });

  test('fails when a name is a token', () => {
    expect(() => validateDeploymentAlarmNames([Token.asString({ Ref: 'A' })], 'deploymentAlarms')).toThrow(/must list literal alarm names.*got a token/);
  });

  test('fails when a name has a comma or is too long', () => {
    expect(() => validateDeploymentAlarmNames(['a,b'], 'deploymentAlarms')).toThrow(/without commas.*got 'a,b'/);
    expect(() => validateDeploymentAlarmNames(['x'.repeat(MAX_ALARM_NAME_LENGTH + 1)], 'deploymentAlarms')).toThrow(/1 to 255 characters/);
  });

  test('fails when a name is listed twice', () => {
    expect(() => validateDeploymentAlarmNames(['a', 'b', 'a'], 'deploymentAlarms')).toThrow(/deploymentAlarms lists a more than once/);
  });
});

describe('alarm timing', () => {
  const window = { periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 2 };

  test('an alarm that breaches every period fires after datapointsToAlarm periods', () => {
    expect(secondsToAlarm(window)).toBe(120);
    expect(firstAlarmingPeriod([true, true, true], window)).toBe(2);
  });

  test('M out of N: two breaches within three periods fire, two breaches four periods apart do not', () => {
    expect(firstAlarmingPeriod([true, false, true], window)).toBe(3);
    expect(firstAlarmingPeriod([true, false, false, true, false, false], window)).toBeUndefined();
  });

  test('missing data does not breach', () => {
    expect(firstAlarmingPeriod([undefined, true, undefined, undefined], window)).toBeUndefined();
    expect(firstAlarmingPeriod([], window)).toBeUndefined();
  });
});
