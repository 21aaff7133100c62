import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { buildEcsHookDetails, ECS_HOOK_STAGES, ecsHookStages, EcsHookDetailsInput } from '../../../src/verification/ecs-hook/config';
import { envStack } from '../../support/app';

const input: EcsHookDetailsInput = {
  checks: [{ name: 'health', path: '/health' }],
  targetGroupArns: ['arn:tg/blue', 'arn:tg/green'],
  productionRuleArn: 'arn:rule/prod',
  zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
};

describe('buildEcsHookDetails', () => {
  test('fills in the defaults', () => {
    expect(buildEcsHookDetails(input, 'checks')).toEqual({
      version: 1,
      checks: [{ name: 'health', path: '/health', method: 'GET', headers: {}, body: undefined, expectStatus: 200, bodyContains: undefined, maxLatencyMs: 2000 }],
      targetGroupArns: ['arn:tg/blue', 'arn:tg/green'],
      productionRuleArn: 'arn:rule/prod',
      testRuleArn: undefined,
      zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      healthyWithinSeconds: 600,
      pollIntervalSeconds: 15,
      apiOutageBudgetSeconds: 300,
      port: undefined,
      protocol: 'HTTP',
    });
  });

  test('registers only the stage after test traffic, which a rollback never re-runs', () => {
    expect(ECS_HOOK_STAGES).toEqual([ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT]);
    expect(ecsHookStages(false)).toEqual([ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT]);
  });

  test('with after-traffic checks, also the stage after production traffic, which a rollback never re-runs either', () => {
    const { POST_TEST_TRAFFIC_SHIFT, POST_PRODUCTION_TRAFFIC_SHIFT } = ecs.DeploymentLifecycleStage;
    expect(ecsHookStages(true)).toEqual([POST_TEST_TRAFFIC_SHIFT, POST_PRODUCTION_TRAFFIC_SHIFT]);
  });

  test('writes the after-traffic checks with their defaults, and the subnets; none when empty', () => {
    const details = buildEcsHookDetails({
      ...input,
      afterTrafficChecks: [{ name: 'orders', path: '/orders', bodyContains: '[' }],
      subnets: [{ cidr: '10.0.0.0/19', zone: 'eu-west-1a' }],
    }, 'checks');
    expect(details.afterTrafficChecks).toEqual([
      { name: 'orders', path: '/orders', method: 'GET', headers: {}, body: undefined, expectStatus: 200, bodyContains: '[', maxLatencyMs: 2000 },
    ]);
    expect(details.subnets).toEqual([{ cidr: '10.0.0.0/19', zone: 'eu-west-1a' }]);
    expect(buildEcsHookDetails({ ...input, afterTrafficChecks: [], subnets: [] }, 'checks')).toMatchObject({ afterTrafficChecks: undefined, subnets: undefined });
  });

  test('fails when an after-traffic check is invalid, naming its prop', () => {
    expect(() => buildEcsHookDetails({ ...input, afterTrafficChecks: [{ name: 'x', path: '/', method: 'HEAD', bodyContains: 'ok' }] }, 'checks', 'checksAfterTraffic'))
      .toThrow(/^checksAfterTraffic\[0\]\.bodyContains: a response to HEAD carries no body/);
  });

  test('fails when the API outage budget is out of range', () => {
    expect(() => buildEcsHookDetails({ ...input, apiOutageBudget: Duration.seconds(10) }, 'checks')).toThrow(/apiOutageBudget takes whole seconds from 30 s to 24 h, got 10 seconds/);
  });

  test('renders with tokens into a JSON string that resolves to the real references', () => {
    const stack = envStack(3);
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const blue = new elbv2.ApplicationTargetGroup(stack, 'Blue', { vpc, port: 8080, targetType: elbv2.TargetType.IP });
    const green = new elbv2.ApplicationTargetGroup(stack, 'Green', { vpc, port: 8080, targetType: elbv2.TargetType.IP });
    const details = buildEcsHookDetails({ ...input, targetGroupArns: [blue.targetGroupArn, green.targetGroupArn], healthyWithin: Duration.minutes(5) }, 'checks');
    const resolved = stack.resolve(Stack.of(stack).toJsonString(details));
    const refs = [blue, green].map((tg) => ({ Ref: stack.getLogicalId(tg.node.defaultChild as elbv2.CfnTargetGroup) }));
    expect(resolved['Fn::Join'][1]).toEqual(expect.arrayContaining(refs));
    expect(JSON.stringify(resolved)).toContain('\\"healthyWithinSeconds\\":300');
  });

  test('fails when there are not exactly two target groups', () => {
    expect(() => buildEcsHookDetails({ ...input, targetGroupArns: ['a'] }, 'checks')).toThrow(/exactly the two target groups .* got 1/);
    expect(() => buildEcsHookDetails({ ...input, targetGroupArns: ['a', 'b', 'c'] }, 'checks')).toThrow(/got 3/);
  });

  test('fails when blue and green are the same target group', () => {
    expect(() => buildEcsHookDetails({ ...input, targetGroupArns: ['a', 'a'] }, 'checks')).toThrow(/must differ, got "a" twice/);
  });

  test('fails when no zone is given', () => {
    expect(() => buildEcsHookDetails({ ...input, zones: [] }, 'checks')).toThrow(/Availability Zones .* got none/);
  });

  test('fails when the healthy budget is out of range', () => {
    expect(() => buildEcsHookDetails({ ...input, healthyWithin: Duration.seconds(10) }, 'checks')).toThrow(/healthyWithin takes whole seconds from 30 s to 24 h, got 10 seconds/);
    expect(() => buildEcsHookDetails({ ...input, healthyWithin: Duration.hours(25) }, 'checks')).toThrow(/healthyWithin/);
  });

  test('fails when the poll interval is out of range or longer than the budget', () => {
    expect(() => buildEcsHookDetails({ ...input, pollInterval: Duration.seconds(1) }, 'checks')).toThrow(/pollInterval takes whole seconds from 5 s to 300 s/);
    expect(() => buildEcsHookDetails({ ...input, healthyWithin: Duration.seconds(60), pollInterval: Duration.seconds(90) }, 'checks')).toThrow(/pollInterval/);
  });

  test('fails when the port is out of range', () => {
    expect(() => buildEcsHookDetails({ ...input, port: 70000 }, 'checks')).toThrow(/port takes a whole number from 1 to 65535, got 70000/);
  });

  test('fails when a check is invalid, naming the prop', () => {
    expect(() => buildEcsHookDetails({ ...input, checks: [{ name: 'x', path: 'nope' }] }, 'verification')).toThrow(/^verification\[0\]\.path/);
  });
});
