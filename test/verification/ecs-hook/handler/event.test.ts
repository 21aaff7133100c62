import { Duration } from 'aws-cdk-lib';
import { buildEcsHookDetails, ECS_HOOK_CONFIG_VERSION } from '../../../../src/verification/ecs-hook/config';
import { MalformedEvent, parseConfig, parseInvocation } from '../../../../src/verification/ecs-hook/handler/event';

const execution = { serviceArn: 'svc', targetServiceRevisionArn: 'rev/green', testTrafficWeights: {}, productionTrafficWeights: { 'rev/green': 0, 'rev/blue': 100 } };
const config = {
  version: 1,
  checks: [{ name: 'health', path: '/health', method: 'GET', headers: {}, expectStatus: 200, maxLatencyMs: 2000 }],
  targetGroupArns: ['blue', 'green'],
  productionRuleArn: 'rule',
  zones: ['a', 'b'],
  healthyWithinSeconds: 600,
  pollIntervalSeconds: 15,
  protocol: 'HTTP',
};

describe('parseInvocation', () => {
  test('reads the documented event', () => {
    expect(parseInvocation({ executionId: 'e', lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT', resourceArn: 'r', executionDetails: execution, hookDetails: { a: 1 } })).toEqual({
      executionId: 'e',
      lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
      // resourceArn: the service deployment ARN.
      serviceDeploymentArn: 'r',
      serviceArn: 'svc',
      targetServiceRevisionArn: 'rev/green',
      testTrafficWeights: {},
      productionTrafficWeights: { 'rev/green': 0, 'rev/blue': 100 },
      hookDetails: { a: 1 },
    });
  });

  test('missing weights and hookDetails read as empty; hookDetails may be a JSON string', () => {
    const parsed = parseInvocation({ lifecycleStage: 'X', executionDetails: { serviceArn: 's', targetServiceRevisionArn: 't' }, hookDetails: '{"k":"v"}' });
    expect(parsed).toMatchObject({ testTrafficWeights: {}, productionTrafficWeights: {}, hookDetails: { k: 'v' }, executionId: undefined });
  });

  test.each([
    [null, /the event must be a JSON object, got null/],
    ['text', /the event must be a JSON object/],
    [{ lifecycleStage: 'X' }, /executionDetails must be an object, got nothing/],
    [{ executionDetails: execution }, /event\.lifecycleStage must be a non-empty string, got nothing/],
    [{ lifecycleStage: 'X', executionDetails: { ...execution, serviceArn: '' } }, /executionDetails\.serviceArn must be a non-empty string, got ""/],
    [{ lifecycleStage: 'X', executionDetails: { ...execution, productionTrafficWeights: { a: '100' } } }, /productionTrafficWeights must map revision ARNs to numbers/],
    [{ lifecycleStage: 'X', executionDetails: execution, hookDetails: '{broken' }, /hookDetails is a string that is not JSON/],
    [{ lifecycleStage: 'X', executionDetails: execution, hookDetails: [1] }, /hookDetails must be a JSON object/],
  ])('fails when the event is malformed (%#)', (event, message) => {
    expect(() => parseInvocation(event)).toThrow(MalformedEvent);
    expect(() => parseInvocation(event)).toThrow(message);
  });
});

describe('parseConfig', () => {
  test('reads what buildEcsHookDetails writes, ignoring the carried state', () => {
    expect(parseConfig({ ...config, verifyState: { firstSeenAt: 1 } }, 1)).toEqual({
      ...config,
      testRuleArn: undefined,
      port: undefined,
      checks: [{ ...config.checks[0], body: undefined, bodyContains: undefined }],
    });
  });

  test('reads back exactly what the construct side renders', () => {
    const built = buildEcsHookDetails({
      checks: [{ name: 'quote', path: '/quote', method: 'POST', headers: { a: 'b' }, body: '{}', expectStatus: 201, bodyContains: 'id', maxLatency: Duration.millis(300) }],
      targetGroupArns: ['blue', 'green'],
      productionRuleArn: 'prod',
      testRuleArn: 'test',
      zones: ['a', 'b', 'c'],
      port: 8443,
      protocol: 'HTTPS',
      afterTrafficChecks: [{ name: 'after', path: '/after', expectStatus: 204 }],
      subnets: [{ cidr: '10.0.0.0/19', zone: 'a' }],
      apiOutageBudget: Duration.minutes(2),
    }, 'checks');
    expect(parseConfig(JSON.parse(JSON.stringify(built)), ECS_HOOK_CONFIG_VERSION)).toEqual(built);
  });

  test.each([
    [{ ...config, version: undefined }, /hookDetails\.version must be 1, got nothing/],
    [{ ...config, checks: 'x' }, /hookDetails\.checks must be a list/],
    [{ ...config, checks: [{ ...config.checks[0], maxLatencyMs: 0 }] }, /hookDetails\.checks\[0\]\.maxLatencyMs must be a positive whole number, got 0/],
    [{ ...config, checks: [{ ...config.checks[0], headers: { a: 1 } }] }, /checks\[0\]\.headers must map names to strings/],
    [{ ...config, checks: [{ ...config.checks[0], body: 5 }] }, /checks\[0\]\.body must be a string, got 5/],
    [{ ...config, targetGroupArns: ['one'] }, /targetGroupArns must be a list of at least 2 non-empty strings/],
    [{ ...config, targetGroupArns: ['a', 'b', 'c'] }, /exactly two target groups, got 3/],
    [{ ...config, zones: [] }, /hookDetails\.zones must be a list of at least 1/],
    [{ ...config, protocol: 'TCP' }, /protocol must be HTTP or HTTPS, got "TCP"/],
    [{ ...config, port: -1 }, /hookDetails\.port must be a positive whole number, got -1/],
    [{ ...config, testRuleArn: 7 }, /testRuleArn must be a non-empty string when present, got 7/],
    [{ ...config, productionRuleArn: undefined }, /hookDetails\.productionRuleArn must be a non-empty string/],
    [{ ...config, afterTrafficChecks: 'x' }, /hookDetails\.afterTrafficChecks must be a list when present/],
    [{ ...config, afterTrafficChecks: [{ name: 'n' }] }, /hookDetails\.afterTrafficChecks\[0\]\.path must be a non-empty string/],
    [{ ...config, subnets: [{ cidr: '10.0.0.0', zone: 'a' }] }, /hookDetails\.subnets must be a list of \{ cidr: "a\.b\.c\.d\/n", zone \} objects/],
    [{ ...config, subnets: 'x' }, /hookDetails\.subnets must be a list/],
    [{ ...config, apiOutageBudgetSeconds: 0 }, /hookDetails\.apiOutageBudgetSeconds must be a positive whole number, got 0/],
  ])('fails when the configuration is malformed (%#)', (details, message) => {
    expect(() => parseConfig(details as Record<string, unknown>, 1)).toThrow(message);
  });
});
