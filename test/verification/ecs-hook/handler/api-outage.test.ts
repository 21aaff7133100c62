import { decideOnOutage, readOutage } from '../../../../src/verification/ecs-hook/handler/api-outage';

describe('decideOnOutage', () => {
  test('the first failure starts the outage and retries after the poll interval', () => {
    expect(decideOnOutage(undefined, 1_000_000, 'DescribeRules: Throttling', 300, 15)).toEqual({
      decision: 'retry', callBackDelay: 15, outage: { firstFailureAt: 1_000_000, failures: 1, lastError: 'DescribeRules: Throttling' },
    });
  });

  test('later failures keep the first failure time and count up; the delay never passes the budget', () => {
    const previous = { firstFailureAt: 0, failures: 3, lastError: 'x' };
    expect(decideOnOutage(previous, 290_000, 'y', 300, 15)).toEqual({ decision: 'retry', callBackDelay: 10, outage: { firstFailureAt: 0, failures: 4, lastError: 'y' } });
  });

  test('fails once the budget is spent, saying how long and how often', () => {
    const decision = decideOnOutage({ firstFailureAt: 0, failures: 19, lastError: 'x' }, 300_000, 'DescribeTargetHealth: ServiceUnavailable', 300, 15);
    expect(decision).toMatchObject({
      decision: 'fail',
      reason: 'AWS API unavailable for 300 s over 20 invocations, the budget is 300 s; last error: DescribeTargetHealth: ServiceUnavailable',
    });
  });
});

describe('readOutage', () => {
  test('reads a well-formed outage and ignores anything else', () => {
    expect(readOutage({ firstFailureAt: 5, failures: 2, lastError: 'e' }, 10)).toEqual({ firstFailureAt: 5, failures: 2, lastError: 'e' });
    expect(readOutage({ firstFailureAt: 20, failures: 2 }, 10)).toBeUndefined();
    expect(readOutage('nonsense', 10)).toBeUndefined();
    expect(readOutage({ firstFailureAt: 5, failures: -1 }, 10)).toEqual({ firstFailureAt: 5, failures: 1, lastError: 'unknown' });
  });
});
