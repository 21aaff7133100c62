import { canaryAlarmOutcomes, evaluateExpression } from '../../bench/canary-alarms';
import { serverErrorRateExpression, targetGroupErrorRateExpression } from '../../src/alarms/service-alarm-math';

const short = (name: string) => name.replace(/^.*-[0-9a-f]{8}-/, '');

describe('a 10% canary whose new revision fails 40% of its requests', () => {
  test.each(['target-5xx', 'connection-refused'] as const)('only the canary target group\'s error-rate alarm fires, after 2 minutes (%s)', (failureMode) => {
    const outcomes = canaryAlarmOutcomes({ requestsPerMinute: 1000, canaryPercent: 10, failurePercent: 40, failureMode, minutes: 10 });
    const fired = outcomes.filter((o) => o.firesAfterMinutes !== undefined);
    expect(fired.map((o) => short(o.alarmName))).toEqual(['Green-ErrorRate']);
    expect(fired[0]).toMatchObject({ value: 40, threshold: 5, firesAfterMinutes: 2, periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 2 });
    // The load-balancer-wide and per-zone rates see 4 %, under the 5 % threshold.
    const regional = outcomes.find((o) => short(o.alarmName) === 'ServerErrorRate')!;
    expect(regional.value).toBeCloseTo(4);
    expect(regional.firesAfterMinutes).toBeUndefined();
    for (const zonal of outcomes.filter((o) => /^eu-west-1[abc]-ServerErrorRate$/.test(short(o.alarmName)))) {
      expect(zonal.value).toBeCloseTo(4);
      expect(zonal.firesAfterMinutes).toBeUndefined();
    }
  });

  test('below 200 requests a minute the canary gets fewer than the 20-request guard and no alarm fires', () => {
    const outcomes = canaryAlarmOutcomes({ requestsPerMinute: 150, canaryPercent: 10, failurePercent: 40, failureMode: 'target-5xx', minutes: 10 });
    expect(outcomes.filter((o) => o.firesAfterMinutes !== undefined)).toEqual([]);
    expect(outcomes.find((o) => short(o.alarmName) === 'Green-ErrorRate')!.value).toBe(0);
  });
});

describe('the metric-math evaluator the figures rest on', () => {
  test('evaluates the library\'s error-rate expressions, the guard included', () => {
    expect(evaluateExpression(targetGroupErrorRateExpression(20), { requests: 100, target5xx: 40, connectionErrors: undefined })).toBe(40);
    expect(evaluateExpression(targetGroupErrorRateExpression(20), { requests: 15, target5xx: 6, connectionErrors: 0 })).toBe(0);
    expect(evaluateExpression(serverErrorRateExpression(20), { requests: 1000, target5xx: 30, elb5xx: 10 })).toBe(4);
  });

  test('no requests means no data', () => {
    expect(evaluateExpression(targetGroupErrorRateExpression(20), { requests: undefined, target5xx: 0, connectionErrors: 0 })).toBeUndefined();
  });

  test('AND, comparisons and IF as in the deployment-in-progress expression', () => {
    expect(evaluateExpression('IF(FILL(healthy0, 0) > 0 AND FILL(healthy1, 0) > 0, 1, 0)', { healthy0: 3, healthy1: undefined })).toBe(0);
    expect(evaluateExpression('IF(FILL(healthy0, 0) > 0 AND FILL(healthy1, 0) > 0, 1, 0)', { healthy0: 3, healthy1: 1 })).toBe(1);
  });

  test('fails on an id the alarm does not define', () => {
    expect(() => evaluateExpression('a + b', { a: 1 })).toThrow(/unknown metric id 'b'/);
  });
});
