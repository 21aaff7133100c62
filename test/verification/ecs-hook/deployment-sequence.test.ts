/**
 * The verification hook through a service's life: creation, second deployment (new revision in
 * green), third deployment (the target groups swapped: new revision in blue) and rollbacks. The real
 * handler runs with the real SDK v3 clients against local ECS and ELBv2 endpoints, and probes local
 * HTTP servers standing in for the tasks. In every deployment the old revision is unhealthy (the new
 * one is the fix), so a hook that looked at the old revision would fail good deployments and pass
 * broken ones.
 */
import type { Context } from 'aws-lambda';
import { useEcsHookHarness } from './harness';
import { BLUE_TG, CLUSTER_ARN, GREEN_TG, PROD_RULE, serviceConfig, ServiceScenario, ZONES } from './scenario';
import type { HookResponse } from '../../../src/verification/ecs-hook/handler/verify';

const hook = useEcsHookHarness();

function context(remainingMs = 30_000): Context {
  return { getRemainingTimeInMillis: () => remainingMs } as Context;
}

function finalLog() {
  return hook.logs.lines.filter((l) => l.hookStatus !== undefined).pop()!;
}

/** Creates the service and completes its first deployment, then starts the second. */
async function secondDeployment(options: Parameters<ServiceScenario['deploy']>[0] = {}) {
  const first = hook.scenario.deploy({ oldTasks: undefined });
  expect(await hook.handler(hook.scenario.event(first), context())).toEqual({ hookStatus: 'SUCCEEDED' });
  hook.scenario.complete(first);
  hook.scenario.clearRequests();
  hook.logs.lines.length = 0;
  return hook.scenario.deploy(options);
}

describe('second deployment: POST_TEST_TRAFFIC_SHIFT with the documented empty weights', () => {
  test('verifies the new revision in green, not the old one production still uses', async () => {
    const second = await secondDeployment();
    expect(second.newTargetGroupArn).toBe(GREEN_TG);

    const result = await hook.handler(hook.scenario.event(second), context());

    expect(result).toEqual({ hookStatus: 'SUCCEEDED' });
    expect(hook.scenario.probed(second)).toEqual({ newTasks: 3, oldTasks: 0 });
    expect(hook.scenario.elbv2.requests.filter((r) => r.action === 'DescribeTargetHealth').map((r) => r.params.TargetGroupArn)).toEqual([GREEN_TG]);
  });

  test('a new revision answering 500 fails, though the old revision in production would pass', async () => {
    const second = await secondDeployment({ newTasks: { status: 500, body: 'broken' }, oldTasks: { status: 200, body: '{"status":"ok"}' } });

    const result = await hook.handler(hook.scenario.event(second), context());

    expect(result).toEqual({ hookStatus: 'FAILED' });
    expect(hook.scenario.probed(second)).toEqual({ newTasks: 3, oldTasks: 0 });
    expect(finalLog().reason).toMatch(/status 500, expected 200/);
  });
});

describe('the revision is found from ECS', () => {
  test('DescribeServiceRevisions on the target revision and DescribeServiceDeployments on the service deployment', async () => {
    const second = await secondDeployment();

    await hook.handler(hook.scenario.event(second), context());

    const ops = hook.scenario.ecs.requests;
    expect(ops.find((r) => r.operation === 'DescribeServiceRevisions')?.input).toEqual({ serviceRevisionArns: [second.revisionArn] });
    expect(ops.find((r) => r.operation === 'DescribeServiceDeployments')?.input).toEqual({ serviceDeploymentArns: [second.deploymentArn] });
    expect(hook.logs.lines.find((l) => l.message === 'new revision target group')).toMatchObject({
      targetGroupArn: GREEN_TG, targetGroupSource: 'resolvedConfiguration', firstDeployment: false, productionWeights: { [BLUE_TG]: 100, [GREEN_TG]: 0 },
    });
    expect(hook.scenario.elbv2.requests.find((r) => r.action === 'DescribeRules')?.params['RuleArns.member.1']).toBe(PROD_RULE);
  });

  test('service creation: no source revisions, the first revision behind blue, which production forwards to', async () => {
    const first = hook.scenario.deploy();
    expect(hook.scenario.ecs.deployments.get(first.deploymentArn)!.sourceServiceRevisionArns).toEqual([]);

    const result = await hook.handler(hook.scenario.event(first), context());

    expect(result).toEqual({ hookStatus: 'SUCCEEDED' });
    expect(hook.scenario.probed(first).newTasks).toBe(3);
    expect(hook.logs.lines.find((l) => l.message === 'new revision target group')).toMatchObject({ targetGroupArn: BLUE_TG, firstDeployment: true });
    expect(ZONES).toHaveLength(3);
  });
});

type Phase = 'service creation' | 'second deployment' | 'third deployment';

/** Brings the service to `phase` (earlier deployments succeed and complete) and starts that deployment. */
async function reach(phase: Phase, options: Parameters<ServiceScenario['deploy']>[0] = {}) {
  const earlier = { 'service creation': 0, 'second deployment': 1, 'third deployment': 2 }[phase];
  for (let i = 0; i < earlier; i++) {
    const d = hook.scenario.deploy({ oldTasks: { status: 200, body: '{"status":"ok"}' } });
    expect(await hook.handler(hook.scenario.event(d), context())).toEqual({ hookStatus: 'SUCCEEDED' });
    hook.scenario.complete(d);
  }
  hook.scenario.clearRequests();
  hook.logs.lines.length = 0;
  return hook.scenario.deploy(options);
}

/** The hook's answer after the zone budget: the first answer's hookDetails with the first look moved back past it. */
async function afterBudget(deployment: ReturnType<ServiceScenario['deploy']>, first: HookResponse): Promise<HookResponse> {
  const details = first.hookDetails as { verifyState: { firstSeenAt: number } };
  const spent = { ...details, verifyState: { ...details.verifyState, firstSeenAt: Date.now() - 601_000 } };
  return hook.handler(hook.scenario.event(deployment, 'POST_TEST_TRAFFIC_SHIFT', {}, spent), context());
}

describe.each<Phase>(['service creation', 'second deployment', 'third deployment'])('%s', (phase) => {
  const expectedTargetGroup = { 'service creation': BLUE_TG, 'second deployment': GREEN_TG, 'third deployment': BLUE_TG }[phase];

  test('a good new revision passes while the old revision is unhealthy; only the new target group is read and probed', async () => {
    const d = await reach(phase);
    expect(d.newTargetGroupArn).toBe(expectedTargetGroup);

    expect(await hook.handler(hook.scenario.event(d), context())).toEqual({ hookStatus: 'SUCCEEDED' });

    expect(hook.scenario.probed(d)).toEqual({ newTasks: 3, oldTasks: 0 });
    expect(hook.scenario.elbv2.requests.filter((r) => r.action === 'DescribeTargetHealth').map((r) => r.params.TargetGroupArn)).toEqual([expectedTargetGroup]);
    expect(hook.logs.lines.find((l) => l.message === 'new revision target group')).toMatchObject({
      targetGroupArn: expectedTargetGroup, firstDeployment: phase === 'service creation',
    });
  });

  test('a new revision answering 500 fails', async () => {
    const d = await reach(phase, { newTasks: { status: 500, body: 'internal error' }, oldTasks: { status: 200, body: '{"status":"ok"}' } });
    expect(await hook.handler(hook.scenario.event(d), context())).toEqual({ hookStatus: 'FAILED' });
    expect(finalLog().reason).toMatch(/^check "health" failed on 127\.0\.0\.\d+:\d+ in eu-west-1[abc]: status 500, expected 200 \(and 2 more failures\)$/);
    expect(hook.scenario.probed(d).oldTasks).toBe(0);
  });

  test('a new revision that hangs fails within the check latency', async () => {
    const d = await reach(phase, { newTasks: { hang: true }, oldTasks: { status: 200, body: '{"status":"ok"}' } });
    const started = Date.now();
    expect(await hook.handler(hook.scenario.event(d), context())).toEqual({ hookStatus: 'FAILED' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(finalLog().reason).toMatch(/no complete response within 1000 ms/);
  });

  test('a new revision refusing connections fails', async () => {
    const d = await reach(phase, { refuseConnections: true, oldTasks: { status: 200, body: '{"status":"ok"}' } });
    expect(await hook.handler(hook.scenario.event(d), context())).toEqual({ hookStatus: 'FAILED' });
    expect(finalLog().reason).toMatch(/request failed: ECONNREFUSED/);
  });

  test('a new revision missing a zone waits, then fails once the budget is spent', async () => {
    const d = await reach(phase, { newZones: ZONES.slice(0, 2), oldTasks: { status: 200, body: '{"status":"ok"}' } });
    const first = await hook.handler(hook.scenario.event(d), context());
    expect(first).toMatchObject({ hookStatus: 'IN_PROGRESS', callBackDelay: 15 });
    expect(hook.scenario.probed(d)).toEqual({ newTasks: 0, oldTasks: 0 });

    const last = await afterBudget(d, first);

    expect(last).toEqual({ hookStatus: 'FAILED' });
    expect(finalLog().reason).toMatch(/^zone gate: no healthy target of the new revision in eu-west-1c after 600 s \(eu-west-1c: no target\)$/);
  });

  test('ELB without Target.AvailabilityZone: zones from ECS DescribeTasks; a good revision passes, a missing zone waits', async () => {
    const d = await reach(phase, { elbReportsZone: false });
    expect(await hook.handler(hook.scenario.event(d), context())).toEqual({ hookStatus: 'SUCCEEDED' });
    const gate = hook.logs.lines.find((l) => l.message === 'zone gate');
    expect(gate).toMatchObject({ gate: 'open', healthyByZone: { 'eu-west-1a': 1, 'eu-west-1b': 1, 'eu-west-1c': 1 } });
    expect(gate!.targets.map((t: any) => t.zoneSource)).toEqual(['ecs', 'ecs', 'ecs']);
    expect(hook.scenario.ecs.requests.find((r) => r.operation === 'ListTasks')?.input).toEqual({ cluster: CLUSTER_ARN, serviceName: 'orders', maxResults: 100 });

    hook.scenario.reset();
    const missing = await reach(phase, { elbReportsZone: false, newZones: ZONES.slice(1) });
    const first = await hook.handler(hook.scenario.event(missing), context());
    expect(first.hookStatus).toBe('IN_PROGRESS');
    expect(hook.logs.lines.filter((l) => l.message === 'zone gate').pop()).toMatchObject({ gate: 'wait', missingZones: ['eu-west-1a'] });
  });

  test('ELB without Target.AvailabilityZone: zones from the task subnets, with no ECS task look-up', async () => {
    const subnets = hook.scenario.tasks.map((t, i) => ({ cidr: `${t.ip}/32`, zone: ZONES[i % 3] }));
    const d = await reach(phase, { elbReportsZone: false, config: serviceConfig({ subnets }) });
    expect(await hook.handler(hook.scenario.event(d), context())).toEqual({ hookStatus: 'SUCCEEDED' });
    const gate = hook.logs.lines.find((l) => l.message === 'zone gate');
    expect(gate!.targets.map((t: any) => t.zoneSource)).toEqual(['subnet', 'subnet', 'subnet']);
    expect(hook.scenario.ecs.requests.map((r) => r.operation)).not.toContain('ListTasks');
  });

  test('rollback invocations after a failed deployment succeed without any check or AWS call', async () => {
    const d = await reach(phase, { newTasks: { status: 500, body: 'broken' } });
    expect(await hook.handler(hook.scenario.event(d), context())).toEqual({ hookStatus: 'FAILED' });
    hook.scenario.clearRequests();
    for (const t of hook.scenario.tasks) t.requests.length = 0;

    for (const stage of ['PRODUCTION_TRAFFIC_SHIFT', 'TEST_TRAFFIC_SHIFT']) {
      hook.logs.lines.length = 0;
      expect(await hook.handler(hook.scenario.rollbackEvent(d, stage), context())).toEqual({ hookStatus: 'SUCCEEDED' });
      expect(finalLog()).toMatchObject({ message: 'rollback: not verifying', stage });
    }
    expect(hook.scenario.ecs.requests).toEqual([]);
    expect(hook.scenario.elbv2.requests).toEqual([]);
    expect(hook.scenario.probed(d)).toEqual({ newTasks: 0, oldTasks: 0 });
  });
});

describe('after-traffic checks at POST_PRODUCTION_TRAFFIC_SHIFT', () => {
  const afterTrafficChecks = [{ name: 'orders', path: '/orders', method: 'GET', headers: {}, expectStatus: 200, bodyContains: 'ok', maxLatencyMs: 1000 }];

  /** A second deployment that passed its before-traffic checks and whose production traffic has shifted. */
  async function shifted(options: Parameters<ServiceScenario['deploy']>[0] = {}) {
    const d = await secondDeployment({ config: serviceConfig({ afterTrafficChecks }), ...options });
    hook.scenario.shiftProduction(d);
    hook.scenario.clearRequests();
    for (const t of hook.scenario.tasks) t.requests.length = 0;
    hook.logs.lines.length = 0;
    return d;
  }

  // The handler decides nothing from the weights; the event carries them empty as at the other post-shift stage.
  test('a good new revision passes the after-traffic checks, sent to its tasks only', async () => {
    const d = await shifted();
    expect(await hook.handler(hook.scenario.event(d, 'POST_PRODUCTION_TRAFFIC_SHIFT'), context())).toEqual({ hookStatus: 'SUCCEEDED' });
    expect(d.newTasks.flatMap((t) => t.requests.map((r) => r.path))).toEqual(['/orders', '/orders', '/orders']);
    expect(hook.scenario.probed(d).oldTasks).toBe(0);
    expect(finalLog()).toMatchObject({ message: 'verification passed', stage: 'POST_PRODUCTION_TRAFFIC_SHIFT', checks: 1, targets: 3 });
  });

  test('a new revision failing an after-traffic check fails the deployment (ECS rolls back)', async () => {
    const d = await shifted();
    d.newTasks[2].behaviour = { status: 503, body: 'overloaded' };
    expect(await hook.handler(hook.scenario.event(d, 'POST_PRODUCTION_TRAFFIC_SHIFT'), context())).toEqual({ hookStatus: 'FAILED' });
    expect(finalLog().reason).toMatch(/^check "orders" failed on 127\.0\.0\.\d+:\d+ in eu-west-1c: status 503, expected 200$/);
  });

  test('fails closed when production has not reached the new revision', async () => {
    const d = await secondDeployment({ config: serviceConfig({ afterTrafficChecks }) });
    expect(await hook.handler(hook.scenario.event(d, 'POST_PRODUCTION_TRAFFIC_SHIFT'), context())).toEqual({ hookStatus: 'FAILED' });
    expect(finalLog().reason).toMatch(/production traffic has not reached the new revision's target group/);
  });

  test('state from the before-traffic stage is not carried into this one', async () => {
    const d = await shifted();
    const stale = { ...d.config, verifyState: { firstSeenAt: Date.now() - 3_600_000, stage: 'POST_TEST_TRAFFIC_SHIFT', executionId: 'exec-2-POST_TEST_TRAFFIC_SHIFT' } };
    hook.scenario.elbv2.targets.set(d.newTargetGroupArn, hook.scenario.elbv2.targets.get(d.newTargetGroupArn)!.slice(0, 2));
    const answer = await hook.handler(hook.scenario.event(d, 'POST_PRODUCTION_TRAFFIC_SHIFT', {}, stale), context());
    // A fresh zone budget: waiting, not failed by the earlier stage's clock.
    expect(answer).toMatchObject({ hookStatus: 'IN_PROGRESS', hookDetails: { verifyState: { stage: 'POST_PRODUCTION_TRAFFIC_SHIFT' } } });
  });

  test('without after-traffic checks the stage succeeds at once, with no AWS call', async () => {
    const d = await secondDeployment();
    hook.scenario.shiftProduction(d);
    hook.scenario.clearRequests();
    expect(await hook.handler(hook.scenario.event(d, 'POST_PRODUCTION_TRAFFIC_SHIFT'), context())).toEqual({ hookStatus: 'SUCCEEDED' });
    expect(finalLog()).toMatchObject({ message: 'stage skipped', reason: 'no after-traffic checks are declared for POST_PRODUCTION_TRAFFIC_SHIFT' });
    expect(hook.scenario.ecs.requests).toEqual([]);
    expect(hook.scenario.elbv2.requests).toEqual([]);
  });
});
