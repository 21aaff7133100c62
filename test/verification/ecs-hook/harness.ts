/**
 * The real ECS verification hook handler of a test file, with real AWS SDK v3 clients against the
 * local ECS and ELBv2 endpoints of a {@link ServiceScenario}, set up and torn down around the
 * file's tests: the scenario starts once, the handler module is loaded once the endpoints are
 * known (it creates its SDK clients at module scope), every test starts from a reset scenario
 * with its own log capture, and the environment is restored at the end.
 */
import type { Context } from 'aws-lambda';
import { ServiceScenario } from './scenario';
import type { HookResponse } from '../../../src/verification/ecs-hook/handler/verify';
import { captureLogs, useFakeAwsEnv } from '../../support/handler-env';

/** The hook handler's signature. */
export type EcsHookHandler = (event: unknown, context: Context) => Promise<HookResponse>;

/** What a test uses: the scenario, the handler and the current test's captured log lines. */
export interface EcsHookHarness {
  readonly scenario: ServiceScenario;
  readonly handler: EcsHookHandler;
  readonly logs: ReturnType<typeof captureLogs>;
}

/** Registers the hooks (beforeAll/afterAll/beforeEach/afterEach) and returns the harness. */
export function useEcsHookHarness(): EcsHookHarness {
  let scenario: ServiceScenario | undefined;
  let handler: EcsHookHandler | undefined;
  let logs: ReturnType<typeof captureLogs> | undefined;
  const savedEnv = { ...process.env };
  beforeAll(async () => {
    scenario = await ServiceScenario.start();
    useFakeAwsEnv({ AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: scenario.elbv2.url, AWS_ENDPOINT_URL_ECS: scenario.ecs.url });
    handler = jest.requireActual<typeof import('../../../src/verification/ecs-hook/ecs-verify-hook.lambda')>('../../../src/verification/ecs-hook/ecs-verify-hook.lambda').handler;
  });
  afterAll(async () => {
    process.env = savedEnv;
    await scenario?.close();
  });
  beforeEach(() => {
    scenario!.reset();
    logs = captureLogs();
  });
  afterEach(() => logs?.restore());
  return {
    get scenario() { return scenario!; },
    get handler() { return handler!; },
    get logs() { return logs!; },
  };
}
