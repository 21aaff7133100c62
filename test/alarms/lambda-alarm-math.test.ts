import {
  DEFAULT_ERROR_RATE_PERCENT, LambdaAlarmPropNames, defaultLatencyThresholdMs, describeErrorRule, errorRateExpression,
  resolveLambdaAlarmSettings, versionHashOf, versionTag,
} from '../../src/alarms/lambda-alarm-math';

const NAMES: LambdaAlarmPropNames = {
  errorRatePercent: 'rate',
  minInvocations: 'min',
  lowTrafficErrors: 'low',
  latencyThresholdMs: 'latency',
  throttles: 'throttles',
  periodSeconds: 'period',
  evaluationPeriods: 'periods',
};

/** Evaluates the error-rate expression for one period the way CloudWatch metric math does (comparisons give 1 or 0). */
function breaches(expression: string, errors: number, invocations: number): number {
  const js = expression
    .replace(/FILL\((\w+), 0\)/g, '$1')
    .replace(/IF\((.*?), (.*?), (.*)\)$/, '(($1) ? Number($2) : Number($3))');
  return new Function('errors', 'invocations', `return ${js};`)(errors, invocations);
}

describe('resolveLambdaAlarmSettings', () => {
  test('defaults: 5% over at least 20 invocations, 3 errors below, 80% of the timeout, 10 throttles, 2 x 1 min', () => {
    expect(resolveLambdaAlarmSettings({}, 3000, NAMES)).toEqual({
      errorRatePercent: DEFAULT_ERROR_RATE_PERCENT,
      minInvocations: 20,
      lowTrafficErrors: 3,
      latencyThresholdMs: 2400,
      throttles: 10,
      periodSeconds: 60,
      evaluationPeriods: 2,
    });
  });

  test('the default low-traffic count stays below a small minimum', () => {
    expect(resolveLambdaAlarmSettings({ minInvocations: 3 }, 3000, NAMES).lowTrafficErrors).toBe(2);
  });

  test('derives the latency threshold from the timeout', () => {
    expect(defaultLatencyThresholdMs(900_000)).toBe(720_000);
    expect(defaultLatencyThresholdMs(1001)).toBe(800);
  });

  test.each<[string, object, number, RegExp]>([
    ['the rate is negative', { errorRatePercent: -1 }, 3000, /^rate must be a percentage above 0/],
    ['the minimum is 1', { minInvocations: 1 }, 3000, /^min must be a whole number of invocations of at least 2, got 1/],
    ['the low-traffic count is a fraction', { lowTrafficErrors: 1.5 }, 3000, /^low must be a whole number of errors/],
    ['the latency equals the timeout', { latencyThresholdMs: 3000 }, 3000, /^latency \(3000 ms\) must be below the function timeout \(3000 ms\)/],
    ['the period is 90 s', { periodSeconds: 90 }, 3000, /^period must be a whole number of minutes .*got 90 s/],
    ['the evaluation range is over a day', { periodSeconds: 3600, evaluationPeriods: 48 }, 3000, /^periods \(48\) times period \(3600 s\) is 172800 s/],
  ])('fails when %s', (_n, input, timeout, message) => {
    expect(() => resolveLambdaAlarmSettings(input, timeout, NAMES)).toThrow(message);
  });
});

describe('errorRateExpression', () => {
  const s = { minInvocations: 20, lowTrafficErrors: 3, errorRatePercent: 5 };
  const expr = errorRateExpression(s);

  test('is the documented metric-math expression', () => {
    expect(expr).toBe('IF(FILL(invocations, 0) < 20, FILL(errors, 0) >= 3, 100 * FILL(errors, 0) / FILL(invocations, 0) >= 5)');
  });

  test.each([
    [1, 3, 0, 'one error in three requests does not roll back a good version'],
    [3, 3, 1, 'a version failing every one of few requests rolls back'],
    [2, 19, 0, 'two errors below the minimum stay under the absolute count'],
    [0, 0, 0, 'no traffic, no breach'],
    [1, 20, 1, 'one error in 20 is 5%'],
    [1, 21, 0, 'one error in 21 is under 5%'],
    [50, 1000, 1, '5% at high traffic'],
    [49, 1000, 0, 'just under 5% at high traffic'],
  ])('%i errors in %i invocations -> %i (%s)', (errors, invocations, expected) => {
    expect(breaches(expr, errors, invocations)).toBe(expected);
  });

  test('describes itself for deployment plans', () => {
    expect(describeErrorRule(s)).toBe('>= 5% errors (>= 3 errors below 20 invocations)');
  });
});

describe('version tags', () => {
  const id = 'ApiFunctionCurrentVersion478B78C8273273e6dedc8656c54d3622ec487d0b';

  test('take the hash aws-cdk-lib appends to the version logical ID', () => {
    expect(versionHashOf(id)).toBe('273273e6dedc8656c54d3622ec487d0b');
    expect(versionTag(id)).toBe('273273e6');
  });

  test('fails when the logical ID carries no hash', () => {
    expect(() => versionHashOf('ApiFunctionVersion1')).toThrow(/end in a 32-digit hash, got ApiFunctionVersion1/);
  });
});
