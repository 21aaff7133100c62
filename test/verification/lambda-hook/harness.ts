/**
 * The real verification hook handler of a test file, with real AWS SDK v3 clients against a local
 * endpoint speaking the Lambda, CodeDeploy and CloudWatch APIs (see ./scenario), set up and torn
 * down around the file's tests: the endpoint starts once, the handler module is loaded once the
 * endpoint is known (it creates its SDK clients at module scope), every test starts in the
 * BeforeAllowTraffic phase with its own log capture.
 */
import { addLambdaRoutes } from './scenario';
import { PHASE_ENV } from '../../../src/verification/lambda-hook/config';
import { FakeAws } from '../../support/fake-aws';
import { captureLogs, useFakeAwsEnv } from '../../support/handler-env';

type HookModule = typeof import('../../../src/verification/lambda-hook/verify-hook.lambda');

/** What a test uses: the endpoint, the handler and the current test's captured log lines. */
export interface VerifyHookHarness {
  readonly fake: FakeAws;
  readonly handler: HookModule['handler'];
  readonly logs: ReturnType<typeof captureLogs>;
}

/** Registers the hooks (beforeAll/afterAll/beforeEach/afterEach) and returns the harness. */
export function useVerifyHookHarness(): VerifyHookHarness {
  let fake: FakeAws | undefined;
  let handler: HookModule['handler'] | undefined;
  let logs: ReturnType<typeof captureLogs> | undefined;
  beforeAll(async () => {
    fake = addLambdaRoutes(await FakeAws.start());
    useFakeAwsEnv({ AWS_ENDPOINT_URL: fake.url });
    ({ handler } = jest.requireActual<HookModule>('../../../src/verification/lambda-hook/verify-hook.lambda'));
  });
  afterAll(() => fake?.close());
  beforeEach(() => {
    process.env[PHASE_ENV] = 'BeforeAllowTraffic';
    logs = captureLogs();
  });
  afterEach(() => logs?.restore());
  return {
    get fake() { return fake!; },
    get handler() { return handler!; },
    get logs() { return logs!; },
  };
}
