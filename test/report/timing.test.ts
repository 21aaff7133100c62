import { ecsTrafficPlan, lambdaTrafficPlan } from '../../src/report/model';
import { alarmDetectionSeconds, humanSeconds, rollbackBound, secondsToFullTraffic } from '../../src/report/timing';

describe('time to full traffic', () => {
  test('predefined CodeDeploy Lambda configurations', () => {
    expect(lambdaTrafficPlan({}, 'CodeDeployDefault.LambdaAllAtOnce')).toEqual({ kind: 'all-at-once', description: 'all at once' });
    // Canary 10% for 5 minutes: 100% after one interval of 5 x 60 = 300 s.
    const c = lambdaTrafficPlan({}, 'CodeDeployDefault.LambdaCanary10Percent5Minutes');
    expect(c).toMatchObject({ kind: 'canary', percent: 10, intervalSeconds: 300 });
    expect(secondsToFullTraffic(c)).toBe(300);
    // Linear 10% every minute: 10 increments, the first at once, so 100% after (10 - 1) x 60 = 540 s.
    const l = lambdaTrafficPlan({}, 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute');
    expect(l).toMatchObject({ kind: 'linear', percent: 10, intervalSeconds: 60 });
    expect(secondsToFullTraffic(l)).toBe(540);
    expect(lambdaTrafficPlan({}, 'MyOwnConfig').kind).toBe('unknown');
  });

  test('a custom CodeDeploy configuration of the template', () => {
    const template = {
      Resources: {
        Config: { Type: 'AWS::CodeDeploy::DeploymentConfig', Properties: { ComputePlatform: 'Lambda', TrafficRoutingConfig: { Type: 'TimeBasedLinear', TimeBasedLinear: { LinearPercentage: 30, LinearInterval: 2 } } } },
      },
    };
    const plan = lambdaTrafficPlan(template, { Ref: 'Config' });
    // 30% steps: ceil(100 / 30) = 4 increments, 100% after (4 - 1) x 120 = 360 s.
    expect(secondsToFullTraffic(plan)).toBe(360);
  });

  test('ECS strategies', () => {
    // Canary 10% baked 5 minutes: 300 s.
    expect(secondsToFullTraffic(ecsTrafficPlan({ Strategy: 'CANARY', CanaryConfiguration: { CanaryPercent: 10, CanaryBakeTimeInMinutes: 5 } }))).toBe(300);
    // Linear 25% steps baked 2 minutes: 4 steps, no bake after 100%: (4 - 1) x 120 = 360 s.
    expect(secondsToFullTraffic(ecsTrafficPlan({ Strategy: 'LINEAR', LinearConfiguration: { StepPercent: 25, StepBakeTimeInMinutes: 2 } }))).toBe(360);
    expect(secondsToFullTraffic(ecsTrafficPlan({ Strategy: 'BLUE_GREEN' }))).toBe(0);
    // Rolling: how long ECS takes to replace tasks is not in the template.
    expect(secondsToFullTraffic(ecsTrafficPlan({}))).toBeUndefined();
  });
});

describe('alarm detection', () => {
  test.each([
    // [period, evaluation periods, datapoints to alarm, period x (datapoints + 1)]
    [60, 2, 2, 180],
    [60, 3, 2, 180],
    [300, 1, 1, 600],
    [10, 5, 3, 40],
  ])('period %i s, %i evaluation periods, %i datapoints: %i s', (periodSeconds, evaluationPeriods, datapointsToAlarm, expected) => {
    expect(alarmDetectionSeconds({ name: 'a', periodSeconds, evaluationPeriods, datapointsToAlarm })).toBe(expected);
  });

  test('without a period it is unknown', () => {
    expect(alarmDetectionSeconds({ name: 'a', evaluationPeriods: 2, datapointsToAlarm: 2 })).toBeUndefined();
  });
});

describe('regression to rollback', () => {
  const alarm = (periodSeconds: number, datapointsToAlarm: number) => ({ name: `p${periodSeconds}m${datapointsToAlarm}`, periodSeconds, evaluationPeriods: datapointsToAlarm + 1, datapointsToAlarm });

  test('Lambda canary 10% / 5 min, alarms 2 x 60 s, no bake: 300 + 180 = 480 s, not covered after full traffic', () => {
    const b = rollbackBound([alarm(60, 2)], lambdaTrafficPlan({}, 'CodeDeployDefault.LambdaCanary10Percent5Minutes'), 0);
    expect(b).toMatchObject({ detectionSeconds: 180, toFullTrafficSeconds: 300, worstCaseSeconds: 480, watchAfterFullSeconds: 0, covered: 'no' });
    expect(b.notes).toContain('the slowest alarm needs 180 s but alarms roll back for only 0 s after full traffic');
  });

  test('the slowest alarm sets detection: 60 s x (2 + 1) = 180 and 300 s x (1 + 1) = 600 -> 600', () => {
    // Linear 10% every minute: 540 s to full traffic; 540 + 600 = 1140 s; a 15-minute bake (900 s) covers 600 s.
    const b = rollbackBound([alarm(60, 2), alarm(300, 1)], lambdaTrafficPlan({}, 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute'), 900);
    expect(b).toMatchObject({ detectionSeconds: 600, toFullTrafficSeconds: 540, worstCaseSeconds: 1140, covered: 'yes' });
  });

  test('ECS linear 25% / 2 min with alarms 3 x 60 s and a 5-minute bake: 360 + 240 = 600 s, covered', () => {
    const b = rollbackBound([alarm(60, 3)], ecsTrafficPlan({ Strategy: 'LINEAR', LinearConfiguration: { StepPercent: 25, StepBakeTimeInMinutes: 2 } }), 300, 600);
    expect(b).toMatchObject({ detectionSeconds: 240, toFullTrafficSeconds: 360, worstCaseSeconds: 600, watchAfterFullSeconds: 300, covered: 'yes', beforeTrafficSeconds: 600 });
  });

  test('no alarm: no bound and not covered', () => {
    const b = rollbackBound([], lambdaTrafficPlan({}, 'CodeDeployDefault.LambdaAllAtOnce'), 300);
    expect(b.worstCaseSeconds).toBeUndefined();
    expect(b.covered).toBe('no');
  });

  test('rolling ECS: time to full traffic and the watch are unknown', () => {
    const b = rollbackBound([alarm(60, 2)], ecsTrafficPlan({}), undefined);
    expect(b).toMatchObject({ detectionSeconds: 180, covered: 'unknown' });
    expect(b.worstCaseSeconds).toBeUndefined();
  });

  test('human-readable durations', () => {
    expect([humanSeconds(45), humanSeconds(180), humanSeconds(200), humanSeconds(undefined)]).toEqual(['45 s', '3 min', '3 min 20 s', '?']);
  });
});
