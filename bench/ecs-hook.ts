/**
 * Scenario benchmark of the ECS verification hook: hook invocations and wall time, as ECS drives
 * the hook (IN_PROGRESS, then again `callBackDelay` seconds later), for
 *
 * 1. a healthy 3-zone deployment whose new tasks are healthy when the hook first looks;
 * 2. a healthy 3-zone deployment whose third zone's task turns healthy 25 s after the first look;
 * 3. the same healthy deployment during a 60 s Elastic Load Balancing outage (every ELB call answers
 *    503 for 60 s from the first invocation).
 *
 * Runs the bundled hook (`assets/verification/ecs-hook/ecs-verify-hook.lambda/index.js`, built by
 * `npx projen bundle`) with the real AWS SDK v3 clients against local ECS and ELBv2 endpoints, with
 * local HTTP servers standing in for the tasks and the default configuration (poll interval 15 s,
 * API outage budget 300 s, a 60 s Lambda timeout: 5 s of API time per invocation). Wall time is
 * simulated: the waits between invocations are skipped, the invocations themselves take real time.
 *
 * Run: npx ts-node --transpile-only -P tsconfig.dev.json bench/ecs-hook.ts
 */
import { existsSync } from 'fs';
import * as path from 'path';
import type { Context } from 'aws-lambda';
import type { HookResponse } from '../src/verification/ecs-hook/handler/verify';
import { queryError } from '../test/support/fake-aws';
import { useFakeAwsEnv } from '../test/support/handler-env';
import { HookRun, runHook, ServiceScenario, SimulatedClock, ZONES } from '../test/verification/ecs-hook/scenario';

const BUNDLE = path.join(__dirname, '..', 'assets', 'verification', 'ecs-hook', 'ecs-verify-hook.lambda', 'index.js');
/** The hook's Lambda timeout (VERIFY_HOOK_TIMEOUT). */
const LAMBDA_TIMEOUT_MS = 60_000;

type Handler = (event: unknown, context: Context) => Promise<HookResponse>;

interface Scenario {
  readonly name: string;
  /** Sets the scene once the deployment has started; may return a hook called before each invocation. */
  readonly setUp: (scenario: ServiceScenario, clock: SimulatedClock, newTargetGroupArn: string) => (() => void) | void;
}

const SCENARIOS: Scenario[] = [
  { name: 'healthy 3-zone deployment, tasks healthy at the first look', setUp: () => undefined },
  {
    name: 'healthy 3-zone deployment, one zone healthy 25 s after the first look',
    setUp: (scenario, clock, tg) => {
      const healthyAt = clock.now() + 25_000;
      const targets = scenario.elbv2.targets.get(tg)!;
      return () => scenario.elbv2.targets.set(tg, targets.map((t) => (t.zone === ZONES[2] && clock.now() < healthyAt ? { ...t, state: 'initial' } : t)));
    },
  },
  {
    name: 'healthy 3-zone deployment during a 60 s ELB outage',
    setUp: (scenario, clock) => {
      const until = clock.now() + 60_000;
      scenario.elbv2.unavailable = () => (clock.now() < until ? queryError('ServiceUnavailable', 'Service is unavailable', 503) : undefined);
    },
  },
];

async function runScenario(scenario: ServiceScenario, handler: Handler, s: Scenario): Promise<HookRun> {
  scenario.reset();
  const first = scenario.deploy({ oldTasks: undefined });
  const clock = new SimulatedClock().install();
  try {
    const created = await handler(scenario.event(first), { getRemainingTimeInMillis: () => LAMBDA_TIMEOUT_MS } as Context);
    if (created.hookStatus !== 'SUCCEEDED') throw new Error(`service creation: ${created.hookStatus}`);
    scenario.complete(first);
    const second = scenario.deploy();
    const before = s.setUp(scenario, clock, second.newTargetGroupArn) ?? undefined;
    return await runHook(handler, (hd) => scenario.event(second, 'POST_TEST_TRAFFIC_SHIFT', {}, hd ?? second.config), clock, {
      remainingMs: LAMBDA_TIMEOUT_MS,
      beforeInvocation: before,
    });
  } finally {
    clock.uninstall();
  }
}

async function main(): Promise<void> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npx projen bundle\` first`);
  const scenario = await ServiceScenario.start();
  useFakeAwsEnv({ AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: scenario.elbv2.url, AWS_ENDPOINT_URL_ECS: scenario.ecs.url });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(BUNDLE) as { handler: Handler };
  const print = console.log;
  const rows: string[] = [];
  try {
    for (const s of SCENARIOS) {
      console.log = () => undefined; // the hook's JSON log lines are not part of this report
      const run = await runScenario(scenario, handler, s);
      console.log = print;
      const delays = run.answers.filter((a) => a.hookStatus === 'IN_PROGRESS').map((a) => a.callBackDelay);
      rows.push(`${s.name}: ${run.result.hookStatus} after ${run.invocations} invocation(s), `
        + `${(run.wallMs / 1000).toFixed(1)} s wall time (${delays.length > 0 ? `callBackDelays ${delays.join(', ')} s` : 'no IN_PROGRESS'})`);
    }
  } finally {
    console.log = print;
    await scenario.close();
  }
  for (const row of rows) console.log(row);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
