/**
 * The verification hook through a service's life: creation, second deployment (new revision in
 * green), third deployment (the target groups swapped: new revision in blue) and rollbacks. The real
 * handler runs with the real SDK v3 clients against local ECS and ELBv2 endpoints, and probes local
 * HTTP servers standing in for the tasks. In every deployment the old revision is unhealthy (the new
 * one is the fix), so a hook that looked at the old revision would fail good deployments and pass
 * broken ones.
 */
import type { Context } from 'aws-lambda';
import { BLUE_TG, GREEN_TG, PROD_RULE, ServiceScenario, ZONES } from './scenario';
import type { HookResponse } from '../../../src/verification/ecs-hook/handler/verify';
import { captureLogs, useFakeAwsEnv } from '../../support/handler-env';

type Handler = (event: unknown, context: Context) => Promise<HookResponse>;

let scenario: ServiceScenario;
let handler: Handler;
let logs: ReturnType<typeof captureLogs>;
const savedEnv = { ...process.env };

beforeAll(async () => {
  scenario = await ServiceScenario.start();
  useFakeAwsEnv({ AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: scenario.elbv2.url, AWS_ENDPOINT_URL_ECS: scenario.ecs.url });
  // Loaded after the environment is set: the handler creates its SDK clients when the module loads.
  handler = jest.requireActual<typeof import('../../../src/verification/ecs-hook/ecs-verify-hook.lambda')>('../../../src/verification/ecs-hook/ecs-verify-hook.lambda').handler;
});

afterAll(async () => {
  process.env = savedEnv;
  await scenario.close();
});

beforeEach(() => {
  scenario.reset();
  logs = captureLogs();
});

afterEach(() => logs.restore());

function context(remainingMs = 30_000): Context {
  return { getRemainingTimeInMillis: () => remainingMs } as Context;
}

function finalLog() {
  return logs.lines.filter((l) => l.hookStatus !== undefined).pop()!;
}

/** Creates the service and completes its first deployment, then starts the second. */
async function secondDeployment(options: Parameters<ServiceScenario['deploy']>[0] = {}) {
  const first = scenario.deploy({ oldTasks: undefined });
  expect(await handler(scenario.event(first), context())).toEqual({ hookStatus: 'SUCCEEDED' });
  scenario.complete(first);
  scenario.clearRequests();
  logs.lines.length = 0;
  return scenario.deploy(options);
}

describe('second deployment: POST_TEST_TRAFFIC_SHIFT with the documented empty weights', () => {
  test('verifies the new revision in green, not the old one production still uses', async () => {
    const second = await secondDeployment();
    expect(second.newTargetGroupArn).toBe(GREEN_TG);

    const result = await handler(scenario.event(second), context());

    expect(result).toEqual({ hookStatus: 'SUCCEEDED' });
    expect(scenario.probed(second)).toEqual({ newTasks: 3, oldTasks: 0 });
    expect(scenario.elbv2.requests.filter((r) => r.action === 'DescribeTargetHealth').map((r) => r.params.TargetGroupArn)).toEqual([GREEN_TG]);
  });

  test('a new revision answering 500 fails, though the old revision in production would pass', async () => {
    const second = await secondDeployment({ newTasks: { status: 500, body: 'broken' }, oldTasks: { status: 200, body: '{"status":"ok"}' } });

    const result = await handler(scenario.event(second), context());

    expect(result).toEqual({ hookStatus: 'FAILED' });
    expect(scenario.probed(second)).toEqual({ newTasks: 3, oldTasks: 0 });
    expect(finalLog().reason).toMatch(/status 500, expected 200/);
  });
});

describe('the revision is found from ECS', () => {
  test('DescribeServiceRevisions on the target revision and DescribeServiceDeployments on the service deployment', async () => {
    const second = await secondDeployment();

    await handler(scenario.event(second), context());

    const ops = scenario.ecs.requests;
    expect(ops.find((r) => r.operation === 'DescribeServiceRevisions')?.input).toEqual({ serviceRevisionArns: [second.revisionArn] });
    expect(ops.find((r) => r.operation === 'DescribeServiceDeployments')?.input).toEqual({ serviceDeploymentArns: [second.deploymentArn] });
    expect(logs.lines.find((l) => l.message === 'new revision target group')).toMatchObject({
      targetGroupArn: GREEN_TG, targetGroupSource: 'resolvedConfiguration', firstDeployment: false, productionWeights: { [BLUE_TG]: 100, [GREEN_TG]: 0 },
    });
    expect(scenario.elbv2.requests.find((r) => r.action === 'DescribeRules')?.params['RuleArns.member.1']).toBe(PROD_RULE);
  });

  test('service creation: no source revisions, the first revision behind blue, which production forwards to', async () => {
    const first = scenario.deploy();
    expect(scenario.ecs.deployments.get(first.deploymentArn)!.sourceServiceRevisionArns).toEqual([]);

    const result = await handler(scenario.event(first), context());

    expect(result).toEqual({ hookStatus: 'SUCCEEDED' });
    expect(scenario.probed(first).newTasks).toBe(3);
    expect(logs.lines.find((l) => l.message === 'new revision target group')).toMatchObject({ targetGroupArn: BLUE_TG, firstDeployment: true });
    expect(ZONES).toHaveLength(3);
  });
});
