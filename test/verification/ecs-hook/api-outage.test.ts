/**
 * The hook when the AWS APIs it reads fail: it never spends its whole Lambda timeout retrying, answers
 * IN_PROGRESS with callBackDelay and the outage carried in hookDetails, and fails only once the
 * outage budget (counted across invocations) is spent. Real handler, real SDK v3 clients, local
 * ECS and ELBv2 endpoints; a simulated clock skips each callBackDelay.
 */
import type { Context } from 'aws-lambda';
import { useEcsHookHarness } from './harness';
import { runHook, serviceConfig, SimulatedClock } from './scenario';
import { queryError } from '../../support/fake-aws';

const hook = useEcsHookHarness();
let clock: SimulatedClock;

/** Lambda time left at each invocation: 4 s, so 2 s of API time per invocation (the safety margin is 2 s). */
const REMAINING_MS = 4000;

beforeEach(() => {
  clock = new SimulatedClock().install();
});

afterEach(() => clock.uninstall());

/** ELB answers 503 ServiceUnavailable (query protocol) until `ms` of simulated time have passed. */
function elbOutage(ms: number): void {
  const until = clock.now() + ms;
  hook.scenario.elbv2.unavailable = () => (clock.now() < until ? queryError('ServiceUnavailable', 'Service is unavailable', 503) : undefined);
}

async function secondDeployment(config = serviceConfig()) {
  const first = hook.scenario.deploy({ oldTasks: undefined, config });
  expect(await hook.handler(hook.scenario.event(first), { getRemainingTimeInMillis: () => 30_000 } as Context)).toEqual({ hookStatus: 'SUCCEEDED' });
  hook.scenario.complete(first);
  hook.scenario.clearRequests();
  hook.logs.lines.length = 0;
  return hook.scenario.deploy({ config });
}

describe('AWS API outage', () => {
  test('a 60 s ELB outage: IN_PROGRESS with callBackDelay and the outage in hookDetails, then SUCCEEDED once ELB answers', async () => {
    const d = await secondDeployment();
    elbOutage(60_000);

    const run = await runHook(hook.handler, (hd) => hook.scenario.event(d, 'POST_TEST_TRAFFIC_SHIFT', {}, hd ?? d.config), clock, { remainingMs: REMAINING_MS });

    expect(run.result).toEqual({ hookStatus: 'SUCCEEDED' });
    const waits = run.answers.slice(0, -1);
    expect(waits.length).toBeGreaterThanOrEqual(3);
    expect(waits.every((a) => a.hookStatus === 'IN_PROGRESS' && a.callBackDelay === 15)).toBe(true);
    const outages = waits.map((a) => (a.hookDetails!.verifyState as any).apiOutage);
    expect(outages.map((o) => o.failures)).toEqual(waits.map((_, i) => i + 1));
    expect(new Set(outages.map((o) => o.firstFailureAt)).size).toBe(1);
    expect(outages[0].lastError).toMatch(/^DescribeRules: ServiceUnavailable: Service is unavailable$/);
    // Each invocation gives the API at most its API time, never the whole Lambda timeout.
    expect(run.wallMs).toBeGreaterThanOrEqual(60_000);
    expect(run.wallMs).toBeLessThan(60_000 + 15_000 + waits.length * REMAINING_MS);
    expect(hook.scenario.probed(d)).toEqual({ newTasks: 3, oldTasks: 0 });
    expect(hook.logs.lines.filter((l) => l.message === 'AWS API unavailable: trying again later')).toHaveLength(waits.length);
    expect(hook.logs.lines.find((l) => l.message === 'AWS API available again')).toMatchObject({ failures: waits.length });
  });

  test('an outage longer than the budget fails, naming the outage, and never succeeds without evidence', async () => {
    const d = await secondDeployment(serviceConfig({ apiOutageBudgetSeconds: 45 }));
    elbOutage(3_600_000);

    const run = await runHook(hook.handler, (hd) => hook.scenario.event(d, 'POST_TEST_TRAFFIC_SHIFT', {}, hd ?? d.config), clock, { remainingMs: REMAINING_MS });

    expect(run.result).toEqual({ hookStatus: 'FAILED' });
    expect(run.answers.slice(0, -1).every((a) => a.hookStatus === 'IN_PROGRESS')).toBe(true);
    expect(run.wallMs).toBeGreaterThanOrEqual(45_000);
    expect(hook.logs.lines.filter((l) => l.hookStatus !== undefined).pop()!.reason)
      .toMatch(new RegExp(`^AWS API unavailable for \\d+ s over ${run.invocations} invocations, the budget is 45 s; last error: DescribeRules: ServiceUnavailable`));
    expect(hook.scenario.probed(d)).toEqual({ newTasks: 0, oldTasks: 0 });
  });

  test('ECS throttling once: IN_PROGRESS, then the next invocation succeeds', async () => {
    const d = await secondDeployment();
    let throttled = 0;
    hook.scenario.ecs.unavailable = () => {
      if (clock.now() > throttleUntil) return undefined;
      throttled++;
      return { status: 400, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } };
    };
    const throttleUntil = clock.now() + 10_000;

    const run = await runHook(hook.handler, (hd) => hook.scenario.event(d, 'POST_TEST_TRAFFIC_SHIFT', {}, hd ?? d.config), clock, { remainingMs: REMAINING_MS });

    expect(run.result).toEqual({ hookStatus: 'SUCCEEDED' });
    expect(run.invocations).toBe(2);
    expect(throttled).toBeGreaterThan(1);
    expect((run.answers[0].hookDetails!.verifyState as any).apiOutage).toMatchObject({ failures: 1, lastError: expect.stringMatching(/ThrottlingException/) });
  });

  test('an ELB that never answers: IN_PROGRESS within the API time, not a hang', async () => {
    const d = await secondDeployment();
    hook.scenario.elbv2.unavailable = () => ({ hang: true });
    const started = Date.now();

    const answer = await hook.handler(hook.scenario.event(d), { getRemainingTimeInMillis: () => REMAINING_MS } as Context);

    expect(answer).toMatchObject({ hookStatus: 'IN_PROGRESS', callBackDelay: 15 });
    expect(Date.now() - started).toBeLessThan(REMAINING_MS);
    expect((answer.hookDetails!.verifyState as any).apiOutage.lastError).toMatch(/^DescribeRules: no answer within the invocation's \d+ ms of API time$/);
  });

  test('an error that will not pass (access denied) fails at once', async () => {
    const d = await secondDeployment();
    hook.scenario.ecs.failNext('AccessDeniedException', 'User is not authorized to perform: ecs:DescribeServiceRevisions');

    const answer = await hook.handler(hook.scenario.event(d), { getRemainingTimeInMillis: () => REMAINING_MS } as Context);

    expect(answer).toEqual({ hookStatus: 'FAILED' });
    expect(hook.logs.lines.filter((l) => l.hookStatus !== undefined).pop()!.reason).toMatch(/AccessDeniedException/);
  });
});
