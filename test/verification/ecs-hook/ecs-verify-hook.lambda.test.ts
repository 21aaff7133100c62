import type { Context } from 'aws-lambda';
import type { EcsHookConfig } from '../../../src/verification/ecs-hook/contract';
import type { HookResponse } from '../../../src/verification/ecs-hook/handler/verify';
import { FakeEcs } from '../../support/fake-ecs';
import { FakeElbv2 } from '../../support/fake-elbv2';
import { FakeTask } from '../../support/fake-task';
import { captureLogs, useFakeAwsEnv } from '../../support/handler-env';

const SERVICE = 'arn:aws:ecs:eu-west-1:123456789012:service/main/orders';
const CLUSTER = 'arn:aws:ecs:eu-west-1:123456789012:cluster/main';
const DEPLOYMENT = 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/main/orders/abc';
const GREEN_REV = 'arn:aws:ecs:eu-west-1:123456789012:service-revision/main/orders/222';
const BLUE_REV = 'arn:aws:ecs:eu-west-1:123456789012:service-revision/main/orders/111';
const PROD_RULE = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/alb/1/2/prod';
const TEST_RULE = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/alb/1/3/test';
const BLUE_TG = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/blue/1';
const GREEN_TG = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/green/2';
const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

type Handler = (event: unknown, context: Context) => Promise<HookResponse>;

let elbv2: FakeElbv2;
let ecs: FakeEcs;
let tasks: FakeTask[];
let handler: Handler;
let logs: ReturnType<typeof captureLogs>;
const savedEnv = { ...process.env };

beforeAll(async () => {
  elbv2 = await FakeElbv2.start();
  ecs = await FakeEcs.start();
  tasks = await Promise.all(ZONES.map(() => FakeTask.start()));
  useFakeAwsEnv({ AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: elbv2.url, AWS_ENDPOINT_URL_ECS: ecs.url });
  // Loaded after the environment is set: the handler creates its SDK client when the module loads.
  handler = jest.requireActual<typeof import('../../../src/verification/ecs-hook/ecs-verify-hook.lambda')>('../../../src/verification/ecs-hook/ecs-verify-hook.lambda').handler;
});

afterAll(async () => {
  process.env = savedEnv;
  await Promise.all([elbv2.close(), ecs.close(), ...tasks.map((t) => t.close())]);
});

beforeEach(() => {
  elbv2.reset();
  ecs.reset();
  logs = captureLogs();
  for (const t of tasks) {
    t.requests.length = 0;
    t.behaviour = { status: 200, body: '{"status":"ok"}' };
  }
  // Production on blue; green (the new revision) has no production weight.
  elbv2.rules.set(PROD_RULE, [{ arn: BLUE_TG, weight: 100 }, { arn: GREEN_TG, weight: 0 }]);
  elbv2.targets.set(GREEN_TG, tasks.map((t, i) => ({ ip: '127.0.0.1', port: t.port, zone: ZONES[i], state: 'healthy' })));
  // ECS: the new revision resolved to green, the deployment replacing the blue revision.
  deployment(GREEN_TG, [BLUE_REV]);
});

/** The target revision resolved to `targetGroupArn`, in a deployment replacing `sources` (none: service creation). */
function deployment(targetGroupArn: string, sources: string[], status?: string): void {
  ecs.revisions.set(GREEN_REV, {
    arn: GREEN_REV,
    serviceArn: SERVICE,
    clusterArn: CLUSTER,
    requestedTargetGroupArn: BLUE_TG,
    alternateTargetGroupArn: GREEN_TG,
    productionListenerRule: PROD_RULE,
    resolvedTargetGroupArn: targetGroupArn,
  });
  ecs.deployments.set(DEPLOYMENT, {
    arn: DEPLOYMENT, serviceArn: SERVICE, clusterArn: CLUSTER, targetServiceRevisionArn: GREEN_REV, sourceServiceRevisionArns: sources, status,
  });
}

afterEach(() => logs.restore());

function config(overrides: Partial<EcsHookConfig> = {}): EcsHookConfig {
  return {
    version: 1,
    checks: [{ name: 'health', path: '/health', method: 'GET', headers: { 'x-check': 'deploy' }, expectStatus: 200, bodyContains: 'ok', maxLatencyMs: 2000 }],
    targetGroupArns: [BLUE_TG, GREEN_TG],
    productionRuleArn: PROD_RULE,
    zones: ZONES,
    healthyWithinSeconds: 300,
    pollIntervalSeconds: 15,
    protocol: 'HTTP',
    ...overrides,
  };
}

function event(stage: string, hookDetails: unknown, weights: { production?: Record<string, number>; test?: Record<string, number> } = {}) {
  return {
    executionId: 'exec-1',
    lifecycleStage: stage,
    resourceArn: DEPLOYMENT,
    executionDetails: {
      serviceArn: SERVICE,
      targetServiceRevisionArn: GREEN_REV,
      // At POST_TEST_TRAFFIC_SHIFT both maps are empty in the documented payloads ("Lambda hooks for
      // Amazon ECS service deployments") and in the AWS News Blog's log of a redeployment (2025-07-17).
      testTrafficWeights: weights.test ?? {},
      productionTrafficWeights: weights.production ?? {},
    },
    hookDetails,
  };
}

function context(remainingMs = 30_000): Context {
  return { getRemainingTimeInMillis: () => remainingMs } as Context;
}

function finalLog() {
  return logs.lines.filter((l) => l.hookStatus !== undefined).pop()!;
}

describe('ECS verification hook handler', () => {
  test('a healthy service in 3 zones passes: exact AWS requests, every target probed', async () => {
    const result = await handler(event('POST_TEST_TRAFFIC_SHIFT', config()), context());

    expect(result).toEqual({ hookStatus: 'SUCCEEDED' });
    expect(elbv2.requests).toEqual([
      { action: 'DescribeRules', params: { 'Action': 'DescribeRules', 'Version': '2015-12-01', 'RuleArns.member.1': PROD_RULE } },
      { action: 'DescribeTargetHealth', params: { Action: 'DescribeTargetHealth', Version: '2015-12-01', TargetGroupArn: GREEN_TG } },
    ]);
    // Sent in parallel: compared in name order.
    expect([...ecs.requests].sort((a, b) => a.operation.localeCompare(b.operation))).toEqual([
      { operation: 'DescribeServiceDeployments', input: { serviceDeploymentArns: [DEPLOYMENT] } },
      { operation: 'DescribeServiceRevisions', input: { serviceRevisionArns: [GREEN_REV] } },
    ]);
    for (const t of tasks) {
      expect(t.requests).toHaveLength(1);
      expect(t.requests[0]).toMatchObject({ method: 'GET', path: '/health', headers: expect.objectContaining({ 'x-check': 'deploy' }) });
    }
    const checks = logs.lines.filter((l) => l.message === 'check');
    expect(checks.map((l) => l.zone).sort()).toEqual(ZONES);
    expect(checks[0]).toMatchObject({
      serviceArn: SERVICE,
      targetServiceRevisionArn: GREEN_REV,
      stage: 'POST_TEST_TRAFFIC_SHIFT',
      check: 'health',
      outcome: 'passed',
      status: 200,
      latencyMs: expect.any(Number),
    });
    expect(logs.lines.find((l) => l.message === 'zone gate')).toMatchObject({ gate: 'open', healthyByZone: { 'eu-west-1a': 1, 'eu-west-1b': 1, 'eu-west-1c': 1 } });
    expect(finalLog()).toMatchObject({ hookStatus: 'SUCCEEDED', checks: 1, targets: 3 });
  });

  test('sends method, headers and body, to the configured port', async () => {
    const check = { name: 'create', path: '/orders?dryRun=1', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sku":"A"}', expectStatus: 201, maxLatencyMs: 2000 };
    tasks[0].behaviour = { status: 201, body: 'created' };
    elbv2.targets.set(GREEN_TG, [{ ip: '127.0.0.1', port: 1, zone: 'eu-west-1a', state: 'healthy' }]);

    const result = await handler(event('POST_TEST_TRAFFIC_SHIFT', config({ checks: [check], zones: ['eu-west-1a'], port: tasks[0].port })), context());

    expect(result).toEqual({ hookStatus: 'SUCCEEDED' });
    expect(tasks[0].requests).toEqual([expect.objectContaining({
      method: 'POST',
      path: '/orders?dryRun=1',
      body: '{"sku":"A"}',
      headers: expect.objectContaining({ 'content-type': 'application/json', 'content-length': '11' }),
    })]);
  });

  test('one failing check fails the deployment, naming the check, target and zone', async () => {
    tasks[1].behaviour = { status: 503, body: 'down' };
    const checks = [config().checks[0], { name: 'catalog', path: '/catalog', method: 'GET', headers: {}, expectStatus: 200, maxLatencyMs: 2000 }];

    const result = await handler(event('POST_TEST_TRAFFIC_SHIFT', config({ checks })), context());

    expect(result).toEqual({ hookStatus: 'FAILED' });
    expect(tasks.map((t) => t.requests.length)).toEqual([2, 2, 2]);
    expect(finalLog().reason).toMatch(new RegExp(`^check "(health|catalog)" failed on 127\\.0\\.0\\.1:${tasks[1].port} in eu-west-1b: status 503, expected 200 \\(and 1 more failure\\)$`));
    expect(logs.lines.filter((l) => l.outcome === 'failed').map((l) => l.zone)).toEqual(['eu-west-1b', 'eu-west-1b']);
  });

  test('a body without the expected text fails', async () => {
    tasks[2].behaviour = { status: 200, body: 'degraded' };
    const result = await handler(event('POST_TEST_TRAFFIC_SHIFT', config()), context());
    expect(result).toEqual({ hookStatus: 'FAILED' });
    expect(finalLog().reason).toBe(`check "health" failed on 127.0.0.1:${tasks[2].port} in eu-west-1c: body does not contain "ok"`);
  });

  test('targets still initial: IN_PROGRESS with callBackDelay and the first-seen time in hookDetails', async () => {
    elbv2.targets.set(GREEN_TG, tasks.map((t, i) => ({ ip: '127.0.0.1', port: t.port, zone: ZONES[i], state: 'initial', reason: 'Elb.RegistrationInProgress' })));
    const before = Date.now();

    const result = await handler(event('POST_TEST_TRAFFIC_SHIFT', config()), context());

    expect(result).toEqual({
      hookStatus: 'IN_PROGRESS',
      callBackDelay: 15,
      hookDetails: {
        ...config(),
        verifyState: {
          firstSeenAt: expect.any(Number),
          executionId: 'exec-1',
          stage: 'POST_TEST_TRAFFIC_SHIFT',
          // Found once from ECS, then carried: later invocations only read the targets.
          location: { targetGroupArn: GREEN_TG, firstDeployment: false, clusterArn: CLUSTER, source: 'resolvedConfiguration' },
        },
      },
    });
    const firstSeenAt = (result.hookDetails!.verifyState as { firstSeenAt: number }).firstSeenAt;
    expect(firstSeenAt).toBeGreaterThanOrEqual(before);
    expect(firstSeenAt).toBeLessThanOrEqual(Date.now());
    expect(tasks.every((t) => t.requests.length === 0)).toBe(true);
    expect(finalLog()).toMatchObject({ hookStatus: 'IN_PROGRESS', reason: expect.stringContaining('eu-west-1a: 127.0.0.1') });
  });

  test('one zone without a healthy target: IN_PROGRESS, then FAILED once the budget is spent', async () => {
    elbv2.targets.set(GREEN_TG, [
      { ip: '127.0.0.1', port: tasks[0].port, zone: 'eu-west-1a', state: 'healthy' },
      { ip: '127.0.0.1', port: tasks[1].port, zone: 'eu-west-1b', state: 'healthy' },
      { ip: '127.0.0.1', port: tasks[2].port, zone: 'eu-west-1c', state: 'unhealthy', reason: 'Target.FailedHealthChecks' },
    ]);

    const first = await handler(event('POST_TEST_TRAFFIC_SHIFT', config()), context());
    expect(first.hookStatus).toBe('IN_PROGRESS');
    expect(first.callBackDelay).toBe(15);
    expect(logs.lines.find((l) => l.message === 'zone gate')).toMatchObject({ gate: 'wait', missingZones: ['eu-west-1c'] });

    // ECS passes the returned hookDetails back; here the budget has been spent since the first look.
    const spent = { ...first.hookDetails, verifyState: { firstSeenAt: Date.now() - 301_000 } };
    logs.lines.length = 0;
    const second = await handler(event('POST_TEST_TRAFFIC_SHIFT', spent), context());

    expect(second).toEqual({ hookStatus: 'FAILED' });
    expect(finalLog().reason).toBe(`zone gate: no healthy target of the new revision in eu-west-1c after 300 s (eu-west-1c: 127.0.0.1:${tasks[2].port} unhealthy (Target.FailedHealthChecks))`);
    expect(tasks.every((t) => t.requests.length === 0)).toBe(true);
  });

  test('the callBackDelay never outlasts what is left of the budget', async () => {
    elbv2.targets.set(GREEN_TG, []);
    const details = { ...config(), verifyState: { firstSeenAt: Date.now() - 295_000 } };
    const result = await handler(event('POST_TEST_TRAFFIC_SHIFT', details), context());
    expect(result.hookStatus).toBe('IN_PROGRESS');
    expect(result.callBackDelay).toBeLessThanOrEqual(5);
    expect(result.hookDetails!.verifyState).toMatchObject(details.verifyState);
  });

  test('a target hanging past the deadline fails in time', async () => {
    tasks[0].behaviour = { hang: true };
    const checks = [{ ...config().checks[0], maxLatencyMs: 20_000 }];
    const started = Date.now();

    // 3.5 s left in the Lambda, 2 s kept as margin: the hook must answer within about 1.5 s.
    const result = await handler(event('POST_TEST_TRAFFIC_SHIFT', config({ checks })), context(3500));

    expect(result).toEqual({ hookStatus: 'FAILED' });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(finalLog().reason).toMatch(new RegExp(`failed on 127\\.0\\.0\\.1:${tasks[0].port} in eu-west-1a: no complete response within \\d+ ms \\(the hook's time limit\\)$`));
  });

  test('a response slower than maxLatency fails', async () => {
    tasks[0].behaviour = { status: 200, body: 'ok', delayMs: 400 };
    const checks = [{ ...config().checks[0], maxLatencyMs: 150 }];
    const result = await handler(event('POST_TEST_TRAFFIC_SHIFT', config({ checks })), context());
    expect(result).toEqual({ hookStatus: 'FAILED' });
    expect(finalLog().reason).toMatch(/in eu-west-1a: no complete response within 150 ms$/);
  });

  test('ELBv2 throttling and 5xx are retried', async () => {
    elbv2.failNext('Throttling', 'Rate exceeded');
    elbv2.failNext('ServiceUnavailable', 'try again', 503);

    const result = await handler(event('POST_TEST_TRAFFIC_SHIFT', config()), context());

    expect(result).toEqual({ hookStatus: 'SUCCEEDED' });
    expect(elbv2.requests.map((r) => r.action)).toEqual(['DescribeRules', 'DescribeRules', 'DescribeRules', 'DescribeTargetHealth']);
    expect(logs.lines.filter((l) => l.message === 'retrying AWS call').map((l) => l.operation)).toEqual(['DescribeRules', 'DescribeRules']);
  });

  test('an ELBv2 error that is not retryable fails the deployment', async () => {
    elbv2.rules.delete(PROD_RULE);
    const result = await handler(event('POST_TEST_TRAFFIC_SHIFT', config()), context());
    expect(result).toEqual({ hookStatus: 'FAILED' });
    expect(elbv2.requests).toHaveLength(1);
    expect(finalLog().reason).toMatch(/RuleNotFound/);
  });

  test('uses the test rule to confirm the new target group', async () => {
    elbv2.rules.set(TEST_RULE, [{ arn: GREEN_TG, weight: 100 }, { arn: BLUE_TG, weight: 0 }]);
    const result = await handler(event('POST_TEST_TRAFFIC_SHIFT', config({ testRuleArn: TEST_RULE })), context());
    expect(result).toEqual({ hookStatus: 'SUCCEEDED' });
    expect(elbv2.requests.filter((r) => r.action === 'DescribeRules').map((r) => r.params['RuleArns.member.1']).sort()).toEqual([PROD_RULE, TEST_RULE].sort());
  });

  test('fails when the test rule contradicts the production rule', async () => {
    elbv2.rules.set(TEST_RULE, [{ arn: BLUE_TG, weight: 100 }]);
    const result = await handler(event('POST_TEST_TRAFFIC_SHIFT', config({ testRuleArn: TEST_RULE })), context());
    expect(result).toEqual({ hookStatus: 'FAILED' });
    expect(finalLog().reason).toMatch(/test rule does not forward to .*green/);
  });

  test('finds the new revision on blue after a previous deployment swung production to green', async () => {
    deployment(BLUE_TG, [BLUE_REV]);
    elbv2.rules.set(PROD_RULE, [{ arn: BLUE_TG, weight: 0 }, { arn: GREEN_TG, weight: 100 }]);
    elbv2.targets.set(BLUE_TG, elbv2.targets.get(GREEN_TG)!);
    elbv2.targets.delete(GREEN_TG);
    const result = await handler(event('POST_TEST_TRAFFIC_SHIFT', config()), context());
    expect(result).toEqual({ hookStatus: 'SUCCEEDED' });
    expect(elbv2.requests[1].params.TargetGroupArn).toBe(BLUE_TG);
  });

  test('on the first deployment, verifies the tasks behind the target group that production forwards to', async () => {
    // No earlier revision (no source revisions): ECS starts the first one behind the production target group (blue).
    deployment(BLUE_TG, []);
    elbv2.targets.set(BLUE_TG, elbv2.targets.get(GREEN_TG)!);
    elbv2.targets.set(GREEN_TG, []);
    const result = await handler(event('POST_TEST_TRAFFIC_SHIFT', config()), context());
    expect(result).toEqual({ hookStatus: 'SUCCEEDED' });
    expect(elbv2.requests[1].params.TargetGroupArn).toBe(BLUE_TG);
    expect(logs.lines.find((l) => l.message === 'new revision target group')).toMatchObject({ firstDeployment: true, targetGroupArn: BLUE_TG });
    for (const t of tasks) expect(t.requests).toHaveLength(1);
  });

  test('empty weights do not make a later deployment look like the first: the old revision is never verified', async () => {
    // The documented POST_TEST_TRAFFIC_SHIFT payload: both maps empty. The old revision (blue) is broken.
    elbv2.targets.set(BLUE_TG, [{ ip: '127.0.0.1', port: 1, zone: 'eu-west-1a', state: 'healthy' }]);
    const result = await handler(event('POST_TEST_TRAFFIC_SHIFT', config(), { production: {}, test: {} }), context());
    expect(result).toEqual({ hookStatus: 'SUCCEEDED' });
    expect(elbv2.requests.filter((r) => r.action === 'DescribeTargetHealth').map((r) => r.params.TargetGroupArn)).toEqual([GREEN_TG]);
  });

  test('fails closed when the resolved target group already carries production traffic on a later deployment', async () => {
    deployment(BLUE_TG, [BLUE_REV]);
    const result = await handler(event('POST_TEST_TRAFFIC_SHIFT', config()), context());
    expect(result).toEqual({ hookStatus: 'FAILED' });
    expect(finalLog().reason).toMatch(/already carries production traffic .* verifying it would verify the revision in production$/);
    expect(tasks.every((t) => t.requests.length === 0)).toBe(true);
  });

  test('falls back to the production rule when the resolved configuration names neither target group', async () => {
    ecs.revisions.set(GREEN_REV, { ...ecs.revisions.get(GREEN_REV)!, resolvedTargetGroupArn: undefined });
    const result = await handler(event('POST_TEST_TRAFFIC_SHIFT', config()), context());
    expect(result).toEqual({ hookStatus: 'SUCCEEDED' });
    expect(logs.lines.find((l) => l.message === 'new revision target group')).toMatchObject({ targetGroupArn: GREEN_TG, targetGroupSource: 'listenerRule' });
  });

  test('a service deployment that is rolling back is never verified', async () => {
    deployment(GREEN_TG, [BLUE_REV], 'ROLLBACK_IN_PROGRESS');
    for (const t of tasks) t.behaviour = { status: 500, body: 'broken' };
    const result = await handler(event('POST_TEST_TRAFFIC_SHIFT', config()), context());
    expect(result).toEqual({ hookStatus: 'SUCCEEDED' });
    expect(finalLog()).toMatchObject({ message: 'rollback: not verifying', reason: "the service deployment's status is ROLLBACK_IN_PROGRESS" });
    expect(tasks.every((t) => t.requests.length === 0)).toBe(true);
  });

  test('a revision ECS does not know fails with the reason ECS gives', async () => {
    ecs.revisions.clear();
    const result = await handler(event('POST_TEST_TRAFFIC_SHIFT', config()), context());
    expect(result).toEqual({ hookStatus: 'FAILED' });
    expect(finalLog().reason).toBe(`DescribeServiceRevisions did not return ${GREEN_REV}: MISSING`);
  });

  test('an event without the service deployment ARN fails', async () => {
    const { resourceArn: _, ...withoutArn } = event('POST_TEST_TRAFFIC_SHIFT', config());
    const result = await handler(withoutArn, context());
    expect(result).toEqual({ hookStatus: 'FAILED' });
    expect(finalLog().reason).toMatch(/^malformed event: event\.resourceArn/);
  });

  test('a rollback invocation with failing checks succeeds without probing', async () => {
    for (const t of tasks) t.behaviour = { status: 500, body: 'broken' };
    const rollback = event('PRODUCTION_TRAFFIC_SHIFT', config(), { production: { [GREEN_REV]: 0, [BLUE_REV]: 100 } });

    const result = await handler(rollback, context());

    expect(result).toEqual({ hookStatus: 'SUCCEEDED' });
    expect(elbv2.requests).toEqual([]);
    expect(tasks.every((t) => t.requests.length === 0)).toBe(true);
    expect(finalLog()).toMatchObject({ message: 'rollback: not verifying', stage: 'PRODUCTION_TRAFFIC_SHIFT', hookStatus: 'SUCCEEDED' });
  });

  test('a rollback at TEST_TRAFFIC_SHIFT succeeds even with a broken configuration', async () => {
    const result = await handler(event('TEST_TRAFFIC_SHIFT', { version: 99 }, { test: { [GREEN_REV]: 0, [BLUE_REV]: 100 } }), context());
    expect(result).toEqual({ hookStatus: 'SUCCEEDED' });
    expect(finalLog().message).toBe('rollback: not verifying');
  });

  test('a stage the hook does not verify at succeeds without probing', async () => {
    for (const t of tasks) t.behaviour = { status: 500, body: 'broken' };
    const result = await handler(event('PRODUCTION_TRAFFIC_SHIFT', config(), { production: { [GREEN_REV]: 100, [BLUE_REV]: 0 } }), context());
    expect(result).toEqual({ hookStatus: 'SUCCEEDED' });
    expect(elbv2.requests).toEqual([]);
    expect(finalLog()).toMatchObject({ message: 'stage skipped', reason: 'the hook verifies at POST_TEST_TRAFFIC_SHIFT and POST_PRODUCTION_TRAFFIC_SHIFT only, invoked at PRODUCTION_TRAFFIC_SHIFT' });
  });

  test('a malformed event fails with a log that says why', async () => {
    const result = await handler({ lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT' }, context());
    expect(result).toEqual({ hookStatus: 'FAILED' });
    expect(finalLog()).toMatchObject({
      level: 'ERROR',
      hookStatus: 'FAILED',
      reason: 'malformed event: executionDetails must be an object, got nothing',
      event: { lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT' },
    });
    expect(elbv2.requests).toEqual([]);
  });

  test('a configuration from another schema version fails', async () => {
    const result = await handler(event('POST_TEST_TRAFFIC_SHIFT', { ...config(), version: 2 }), context());
    expect(result).toEqual({ hookStatus: 'FAILED' });
    expect(finalLog().reason).toMatch(/^malformed event: hookDetails\.version must be 1, got 2/);
  });

  test('accepts hookDetails given as a JSON string', async () => {
    const result = await handler(event('POST_TEST_TRAFFIC_SHIFT', JSON.stringify(config())), context());
    expect(result).toEqual({ hookStatus: 'SUCCEEDED' });
  });
});
