import { Token } from 'aws-cdk-lib';
import { evaluateExpression as evaluateMetricMath } from '../../bench/canary-alarms';
import {
  errorRateOutlierExpression,
  latencyOutlierExpression,
  resolveZonalOutlierSettings,
  zonalOutlierAlarmNames,
} from '../../src/alarms/zonal-outlier-math';

const defaults = resolveZonalOutlierSettings({ minimumRequests: 20 });

describe('defaults', () => {
  test('5xx factor 3 above a 1 % floor, latency factor 2 above 0.5 s, the given minimum requests', () => {
    expect(defaults).toEqual({ errorRateFactor: 3, minimumErrorRatePercent: 1, latencyFactor: 2, minimumLatencySeconds: 0.5, minimumRequests: 20 });
  });
});

describe('5xx rate outlier expression', () => {
  const expression = errorRateOutlierExpression(defaults);
  /** One period: the zone's figures and the whole load balancer's (which include the zone's). */
  const period = (zone: [number, number, number], all: [number, number, number]) => evaluateMetricMath(expression, {
    zoneRequests: zone[0],
    zoneTarget5xx: zone[1],
    zoneElb5xx: zone[2],
    allRequests: all[0],
    allTarget5xx: all[1],
    allElb5xx: all[2],
  });

  test('is written without division, the guard first', () => {
    expect(expression).toBe('IF(FILL(zoneRequests, 0) >= 20 AND FILL(allRequests, 0) - FILL(zoneRequests, 0) >= 20'
      + ' AND 100 * (FILL(zoneTarget5xx, 0) + FILL(zoneElb5xx, 0)) > 1 * FILL(zoneRequests, 0)'
      + ' AND (FILL(zoneTarget5xx, 0) + FILL(zoneElb5xx, 0)) * (FILL(allRequests, 0) - FILL(zoneRequests, 0))'
      + ' > 3 * (FILL(allTarget5xx, 0) + FILL(allElb5xx, 0) - (FILL(zoneTarget5xx, 0) + FILL(zoneElb5xx, 0))) * FILL(zoneRequests, 0), 1, 0)');
  });

  test('a zone at 3 % while the others together are at 0.3 % is an outlier (3 > 3 × 0.3 and 3 > 1)', () => {
    // zone: 30 errors / 1000 requests = 3 %; others: (36 - 30) / (3000 - 1000) = 6 / 2000 = 0.3 %
    expect(period([1000, 30, 0], [3000, 36, 0])).toBe(1);
  });

  test('load-balancer 5xx count with target 5xx: 10 + 15 of 1000 = 2.5 % against 0 % elsewhere', () => {
    expect(period([1000, 10, 15], [3000, 10, 15])).toBe(1);
  });

  test('a zone at 3 % while the others are at 1.5 % is not an outlier (3 < 3 × 1.5): a regional problem', () => {
    // others: (60 - 30) / 2000 = 1.5 %
    expect(period([1000, 30, 0], [3000, 60, 0])).toBe(0);
  });

  test('a zone exactly at the factor is not an outlier (strictly greater): 3 % against 1 %', () => {
    // others: 20 / 2000 = 1 %; 30 × 2000 = 60000 = 3 × 20 × 1000
    expect(period([1000, 30, 0], [3000, 50, 0])).toBe(0);
  });

  test('a zone below the 1 % floor is not an outlier, however clean the others: 0.8 % against 0 %', () => {
    expect(period([1000, 8, 0], [3000, 8, 0])).toBe(0);
  });

  test('the traffic guard: a zone with 10 requests, 5 of them failing, is not evaluated', () => {
    expect(period([10, 5, 0], [2010, 5, 0])).toBe(0);
  });

  test('the traffic guard: a zone left alone with the traffic (others 10 requests) is not evaluated', () => {
    expect(period([1000, 50, 0], [1010, 50, 0])).toBe(0);
  });

  test('no data at all gives 0, not missing data', () => {
    expect(evaluateMetricMath(expression, {
      zoneRequests: undefined, zoneTarget5xx: undefined, zoneElb5xx: undefined, allRequests: undefined, allTarget5xx: undefined, allElb5xx: undefined,
    })).toBe(0);
  });

  test('missing 5xx metrics (no errors published) count as 0', () => {
    expect(evaluateMetricMath(expression, {
      zoneRequests: 1000, zoneTarget5xx: undefined, zoneElb5xx: undefined, allRequests: 3000, allTarget5xx: undefined, allElb5xx: undefined,
    })).toBe(0);
  });

  test('custom factor and floor are written into the expression', () => {
    const settings = resolveZonalOutlierSettings({ errorRateFactor: 1.5, minimumErrorRatePercent: 0.5, minimumRequests: 100 });
    const custom = errorRateOutlierExpression(settings);
    expect(custom).toContain('>= 100');
    expect(custom).toContain('> 0.5 * FILL(zoneRequests, 0)');
    expect(custom).toContain('> 1.5 * (FILL(allTarget5xx, 0)');
    // 3 % against 1.5 %: 3 > 1.5 × 1.5 = 2.25, so an outlier now
    const values = { zoneRequests: 1000, zoneTarget5xx: 30, zoneElb5xx: 0, allRequests: 3000, allTarget5xx: 60, allElb5xx: 0 };
    expect(evaluateMetricMath(custom, values)).toBe(1);
  });
});

describe('latency outlier expression', () => {
  const three = (i: number) => latencyOutlierExpression(defaults, i, 3);
  const traffic = { zoneRequests: 1000, allRequests: 3000 };

  test('compares the zone with the slowest other zone, MAX over an array', () => {
    expect(three(0)).toBe('IF(FILL(zoneRequests, 0) >= 20 AND FILL(allRequests, 0) - FILL(zoneRequests, 0) >= 20'
      + ' AND FILL(latency0, 0) > 0.5 AND FILL(latency0, 0) > 2 * MAX(FILL([latency1, latency2], 0)), 1, 0)');
    expect(three(1)).toContain('FILL(latency1, 0) > 2 * MAX(FILL([latency0, latency2], 0))');
  });

  test('with 2 zones the other zone is used as it is, without MAX (MAX of one series is one number over the window)', () => {
    const two = latencyOutlierExpression(defaults, 1, 2);
    expect(two).toContain('FILL(latency1, 0) > 2 * FILL(latency0, 0)');
    expect(two).not.toContain('MAX');
    expect(evaluateMetricMath(two, { ...traffic, allRequests: 2000, latency0: 0.5, latency1: 2 })).toBe(1);
  });

  test('the evaluator used here refuses MAX of a single series (one number over the window in CloudWatch)', () => {
    expect(() => evaluateMetricMath('MAX(latency0)', { latency0: 1 })).toThrow();
  });

  test('a zone at 1.2 s while the others are at 0.3 s and 0.4 s is an outlier (1.2 > 2 × 0.4)', () => {
    expect(evaluateMetricMath(three(0), { ...traffic, latency0: 1.2, latency1: 0.3, latency2: 0.4 })).toBe(1);
  });

  test('a zone at 1.2 s is not an outlier when another zone is at 0.7 s (1.2 < 2 × 0.7)', () => {
    expect(evaluateMetricMath(three(0), { ...traffic, latency0: 1.2, latency1: 0.3, latency2: 0.7 })).toBe(0);
  });

  test('a zone below the 0.5 s floor is not an outlier: 0.45 s against 0.1 s', () => {
    expect(evaluateMetricMath(three(0), { ...traffic, latency0: 0.45, latency1: 0.1, latency2: 0.1 })).toBe(0);
  });

  test('a zone without data among the others does not hide the slow one', () => {
    expect(evaluateMetricMath(three(0), { ...traffic, latency0: 1.2, latency1: 0.3, latency2: undefined })).toBe(1);
  });

  test('the traffic guard: 10 requests in the zone are not evaluated', () => {
    expect(evaluateMetricMath(three(0), { zoneRequests: 10, allRequests: 2010, latency0: 5, latency1: 0.1, latency2: 0.1 })).toBe(0);
  });

  test('no data at all gives 0', () => {
    const none = { zoneRequests: undefined, allRequests: undefined, latency0: undefined, latency1: undefined, latency2: undefined };
    expect(evaluateMetricMath(three(2), none)).toBe(0);
  });
});

describe('alarm names', () => {
  test('two per zone, from the prefix', () => {
    expect(zonalOutlierAlarmNames('P', ['eu-west-1a', 'eu-west-1b'])).toEqual([
      { zone: 'eu-west-1a', errorRate: 'P-eu-west-1a-OutlierErrorRate', latency: 'P-eu-west-1a-OutlierLatencyP99' },
      { zone: 'eu-west-1b', errorRate: 'P-eu-west-1b-OutlierErrorRate', latency: 'P-eu-west-1b-OutlierLatencyP99' },
    ]);
  });

  test('fails when a name would exceed 255 characters', () => {
    expect(() => zonalOutlierAlarmNames('x'.repeat(240), ['eu-west-1a', 'eu-west-1b'])).toThrow(/has 2\d\d characters, more than CloudWatch's 255; use a shorter alarmNamePrefix/);
  });
});

describe('validation', () => {
  test.each([
    [{ errorRateFactor: 1 }, /zonalOutlier.errorRateFactor must be a number greater than 1 .* got 1; for example 3/],
    [{ errorRateFactor: Infinity }, /zonalOutlier.errorRateFactor must be a number greater than 1 .* got Infinity/],
    [{ minimumErrorRatePercent: 0 }, /zonalOutlier.minimumErrorRatePercent must be greater than 0 and at most 100 .* got 0/],
    [{ minimumErrorRatePercent: 101 }, /zonalOutlier.minimumErrorRatePercent must be greater than 0 and at most 100 .* got 101/],
    [{ latencyFactor: 0.5 }, /zonalOutlier.latencyFactor must be a number greater than 1 .* got 0.5; for example 2/],
    [{ minimumLatencySeconds: 0 }, /zonalOutlier.minimumLatency must be a positive duration, got 0 seconds/],
    [{ minimumRequests: 0 }, /zonalOutlier.minimumRequests must be an integer >= 1 .* got 0/],
    [{ minimumRequests: 2.5 }, /zonalOutlier.minimumRequests must be an integer >= 1 .* got 2.5/],
    [{ errorRateFactor: Token.asNumber({ Ref: 'Factor' }) }, /zonalOutlier.errorRateFactor must be a concrete number .* got a token/],
  ])('fails when %o', (input, message) => {
    expect(() => resolveZonalOutlierSettings({ minimumRequests: 20, ...input })).toThrow(message);
  });

  test('fails when a number cannot be written in metric math (exponent notation)', () => {
    expect(() => errorRateOutlierExpression({ ...defaults, minimumErrorRatePercent: 1e-7 })).toThrow(/cannot write 1e-7 in a metric math expression/);
  });

  test('fails when the latency alarm would compare fewer than 2 or more than 8 zones', () => {
    expect(() => latencyOutlierExpression(defaults, 0, 1)).toThrow(/need between 2 and 8 Availability Zones .* got 1/);
    expect(() => latencyOutlierExpression(defaults, 0, 9)).toThrow(/need between 2 and 8 Availability Zones .* got 9/);
    expect(() => latencyOutlierExpression(defaults, 3, 3)).toThrow(/zone index must be between 0 and 2, got 3/);
  });
});
