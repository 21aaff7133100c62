import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { TrafficShift, TrafficShiftType } from '../../src';
import { lambdaDeploymentConfigFor } from '../../src/traffic/codedeploy';
import { ecsTrafficOptions } from '../../src/traffic/ecs';
import { ecsDeploymentMinutes, validateCodeDeployPlan, validateEcsPlan } from '../../src/traffic/limits';
import { agnosticStack } from '../support/app';

describe('TrafficShift', () => {
  test('all at once has no steps', () => {
    const plan = TrafficShift.allAtOnce();
    expect(plan.type).toBe(TrafficShiftType.ALL_AT_ONCE);
    expect(plan.waitSteps).toBe(0);
    expect(plan.totalMinutes).toBe(0);
    expect(plan.describe()).toMatch(/all at once/);
  });

  test('canary waits once for its interval', () => {
    const plan = TrafficShift.canary(10, Duration.minutes(5));
    expect(plan.waitSteps).toBe(1);
    expect(plan.totalMinutes).toBe(5);
    expect(plan.describe()).toBe('canary: 10% for 5 min, then 100%');
  });

  test.each([
    [10, 9],
    [20, 4],
    [30, 3],
    [33, 3],
    [50, 1],
    [99, 1],
    [1, 99],
  ])('linear %d%% waits %d times', (percent, waits) => {
    const plan = TrafficShift.linear(percent, Duration.minutes(2));
    expect(plan.waitSteps).toBe(waits);
    expect(plan.totalMinutes).toBe(2 * waits);
  });

  test.each([0, 100, -5, 150, NaN])('fails when the percentage is %p', (percent) => {
    expect(() => TrafficShift.canary(percent, Duration.minutes(5))).toThrow(/percent must be/);
    expect(() => TrafficShift.linear(percent, Duration.minutes(5))).toThrow(/percent must be/);
  });
});

describe('CodeDeploy limits', () => {
  test('accepts whole percentages and minutes', () => {
    expect(() => validateCodeDeployPlan(TrafficShift.canary(1, Duration.minutes(1)), 'trafficShift')).not.toThrow();
    expect(() => validateCodeDeployPlan(TrafficShift.linear(1, Duration.minutes(29)), 'trafficShift')).not.toThrow();
  });

  test('fails when the percentage is not whole', () => {
    expect(() => validateCodeDeployPlan(TrafficShift.canary(2.5, Duration.minutes(5)), 'trafficShift'))
      .toThrow(/trafficShift .*whole percentage from 1 to 99, got 2.5/);
  });

  test('fails when the interval is not whole minutes', () => {
    expect(() => validateCodeDeployPlan(TrafficShift.canary(10, Duration.seconds(90)), 'trafficShift'))
      .toThrow(/whole minutes .* got 1.5 min/);
  });

  test('fails when the interval is under a minute', () => {
    expect(() => validateCodeDeployPlan(TrafficShift.linear(10, Duration.seconds(30)), 'trafficShift'))
      .toThrow(/whole minutes of at least 1/);
  });

  test('fails when the shift takes longer than 2880 minutes', () => {
    // 1% steps: 99 waits of 30 min = 2970 min.
    expect(() => validateCodeDeployPlan(TrafficShift.linear(1, Duration.minutes(30)), 'trafficShift'))
      .toThrow(/2970 min .* at most 2880 min/);
    expect(() => validateCodeDeployPlan(TrafficShift.canary(10, Duration.minutes(2881)), 'trafficShift'))
      .toThrow(/at most 2880 min/);
  });
});

describe('ECS limits', () => {
  test('accepts tenths of a percent for canaries', () => {
    expect(() => validateEcsPlan(TrafficShift.canary(0.5, Duration.minutes(10)), 'trafficShift', 15, 'bakeTime')).not.toThrow();
  });

  test('fails when a percentage has more than one decimal', () => {
    expect(() => validateEcsPlan(TrafficShift.canary(0.25, Duration.minutes(10)), 'trafficShift', 0, 'bakeTime'))
      .toThrow(/steps of 0.1, got 0.25/);
  });

  test('fails when a linear step is below 3%', () => {
    expect(() => validateEcsPlan(TrafficShift.linear(2, Duration.minutes(10)), 'trafficShift', 0, 'bakeTime'))
      .toThrow(/linear percentage of at least 3, got 2/);
  });

  test('fails when a step interval exceeds 1440 minutes', () => {
    expect(() => validateEcsPlan(TrafficShift.linear(10, Duration.minutes(1441)), 'trafficShift', 0, 'bakeTime'))
      .toThrow(/from 0 to 1440, got 1441 min/);
  });

  test('fails when the bake time exceeds 1440 minutes', () => {
    expect(() => validateEcsPlan(TrafficShift.allAtOnce(), 'trafficShift', 1500, 'bakeTime'))
      .toThrow(/bakeTime: ECS takes a bake time of whole minutes from 0 to 1440, got 1500 min/);
  });

  test('fails when canary plus bake time exceed 33 hours', () => {
    expect(() => validateEcsPlan(TrafficShift.canary(5, Duration.minutes(1200)), 'trafficShift', 900, 'bakeTime'))
      .toThrow(/2100 min; ECS allows at most 1980 min/);
  });

  test('linear: CloudFormation counts (100 / step) - 1 steps when the step divides 100, else floor(100 / step)', () => {
    expect(TrafficShift.linear(10, Duration.minutes(1)).waitSteps).toBe(9);
    expect(TrafficShift.linear(11, Duration.minutes(1)).waitSteps).toBe(9);
    expect(TrafficShift.linear(3, Duration.minutes(1)).waitSteps).toBe(33);
    expect(TrafficShift.linear(33.3, Duration.minutes(1)).waitSteps).toBe(3);
  });

  test('accepts a linear plan of exactly 33 hours', () => {
    // 9 steps of 120 min + 900 min of bake = 1980 min
    expect(() => validateEcsPlan(TrafficShift.linear(10, Duration.minutes(120)), 'trafficShift', 900, 'bakeTime')).not.toThrow();
  });

  test('fails when linear step bake times plus bake time exceed 33 hours', () => {
    // 9 steps of 120 min + 901 min of bake = 1981 min
    expect(() => validateEcsPlan(TrafficShift.linear(10, Duration.minutes(120)), 'trafficShift', 901, 'bakeTime'))
      .toThrow(/trafficShift \(linear: \+10% every 120 min.*\): 9 step bake times of 120 min plus bakeTime \(901 min\) is 1981 min; CloudFormation rejects linear deployments above 1980 min \(33 h\)\. Use a larger percentage/);
  });

  test('fails when a linear plan with 3% steps and a long interval exceeds 33 hours', () => {
    expect(() => validateEcsPlan(TrafficShift.linear(3, Duration.minutes(61)), 'trafficShift', 0, 'bakeTime'))
      .toThrow(/33 step bake times of 61 min plus bakeTime \(0 min\) is 2013 min/);
  });

  test('the whole deployment is the verification budget, every step bake time and the bake time', () => {
    expect(ecsDeploymentMinutes(TrafficShift.allAtOnce(), 10, 10)).toBe(20);
    expect(ecsDeploymentMinutes(TrafficShift.canary(10, Duration.minutes(5)), 10, 10)).toBe(25);
    expect(ecsDeploymentMinutes(TrafficShift.linear(20, Duration.minutes(6)), 15, 10)).toBe(10 + 4 * 6 + 15);
  });

  test('fails when the whole deployment, verification budget included, exceeds CloudFormation\'s 36 hours', () => {
    // canary 1000 + bake 980 = 1980 min passes the 33 h rule; 181 min of verification budget makes 2161 min
    expect(() => validateEcsPlan(TrafficShift.canary(10, Duration.minutes(1000)), 'trafficShift', 980, 'bakeTime', 181, 'the hook budget'))
      .toThrow(/trafficShift \(canary: 10% for 1000 min, then 100%\): the hook budget \(181 min\) plus 1000 min of step bake time plus bakeTime \(980 min\) is 2161 min; CloudFormation times the deployment out after 2160 min \(36 h\)/);
    expect(() => validateEcsPlan(TrafficShift.canary(10, Duration.minutes(1000)), 'trafficShift', 980, 'bakeTime', 180, 'the hook budget')).not.toThrow();
  });

  test('fails when blue/green bake time plus the verification budget exceed 36 hours', () => {
    expect(() => validateEcsPlan(TrafficShift.allAtOnce(), 'trafficShift', 1440, 'bakeTime', 721, 'the hook budget'))
      .toThrow(/the hook budget \(721 min\) plus 0 min of step bake time plus bakeTime \(1440 min\) is 2161 min/);
  });
});

describe('mapping to CodeDeploy', () => {
  test('uses the predefined configurations where they match', () => {
    const s = agnosticStack();
    expect(lambdaDeploymentConfigFor(s, TrafficShift.allAtOnce(), 'p')).toBe(codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE);
    expect(lambdaDeploymentConfigFor(s, TrafficShift.canary(10, Duration.minutes(5)), 'p'))
      .toBe(codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES);
    expect(lambdaDeploymentConfigFor(s, TrafficShift.linear(10, Duration.minutes(1)), 'p'))
      .toBe(codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_1MINUTE);
    expect(s.node.children.filter((c) => c instanceof codedeploy.LambdaDeploymentConfig)).toHaveLength(0);
  });

  test('creates one custom configuration per stack and plan', () => {
    const s = agnosticStack();
    const a = lambdaDeploymentConfigFor(s, TrafficShift.canary(5, Duration.minutes(7)), 'p');
    const b = lambdaDeploymentConfigFor(s, TrafficShift.canary(5, Duration.minutes(7)), 'p');
    lambdaDeploymentConfigFor(s, TrafficShift.linear(25, Duration.minutes(4)), 'p');
    expect(a).toBe(b);
    const template = Template.fromStack(s);
    template.resourceCountIs('AWS::CodeDeploy::DeploymentConfig', 2);
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentConfig', {
      ComputePlatform: 'Lambda',
      TrafficRoutingConfig: { Type: 'TimeBasedCanary', TimeBasedCanary: { CanaryPercentage: 5, CanaryInterval: 7 } },
    });
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentConfig', {
      TrafficRoutingConfig: { Type: 'TimeBasedLinear', TimeBasedLinear: { LinearPercentage: 25, LinearInterval: 4 } },
    });
  });

  test('fails when the plan breaks CodeDeploy limits', () => {
    expect(() => lambdaDeploymentConfigFor(agnosticStack(), TrafficShift.canary(0.5, Duration.minutes(5)), 'trafficShift'))
      .toThrow(/trafficShift .*whole percentage/);
  });
});

describe('mapping to ECS', () => {
  test('all at once is ECS blue/green', () => {
    const o = ecsTrafficOptions(TrafficShift.allAtOnce(), Duration.minutes(10), 'trafficShift', 'bakeTime');
    expect(o.deploymentStrategy).toBe(ecs.DeploymentStrategy.BLUE_GREEN);
    expect(o.canaryConfiguration).toBeUndefined();
    expect(o.linearConfiguration).toBeUndefined();
    expect(o.bakeTime.toMinutes()).toBe(10);
  });

  test('the verification budget counts toward the 36 hour limit', () => {
    const budget = { budget: Duration.hours(4), source: 'the verification hook (healthy within 240 min)' };
    expect(() => ecsTrafficOptions(TrafficShift.linear(10, Duration.minutes(120)), Duration.minutes(900), 'trafficShift', 'bakeTime', budget))
      .toThrow(/the verification hook \(healthy within 240 min\) \(240 min\) plus 1080 min of step bake time plus bakeTime \(900 min\) is 2220 min/);
    expect(() => ecsTrafficOptions(TrafficShift.linear(10, Duration.minutes(120)), Duration.minutes(900), 'trafficShift', 'bakeTime')).not.toThrow();
  });

  test('canary and linear carry their step', () => {
    const c = ecsTrafficOptions(TrafficShift.canary(5, Duration.minutes(10)), Duration.minutes(5), 'trafficShift', 'bakeTime');
    expect(c.deploymentStrategy).toBe(ecs.DeploymentStrategy.CANARY);
    expect(c.canaryConfiguration?.stepPercent).toBe(5);
    expect(c.canaryConfiguration?.stepBakeTime?.toMinutes()).toBe(10);
    const l = ecsTrafficOptions(TrafficShift.linear(20, Duration.minutes(3)), Duration.minutes(5), 'trafficShift', 'bakeTime');
    expect(l.deploymentStrategy).toBe(ecs.DeploymentStrategy.LINEAR);
    expect(l.linearConfiguration?.stepPercent).toBe(20);
  });
});
