/**
 * The real verification hook handler at deploy time, with real AWS SDK v3 clients against a
 * local endpoint: rollback deployments, the version lock of the check configuration, and the
 * start-up check per runtime family. Every fixture names the document it comes from.
 */
import { useVerifyHookHarness } from './harness';
import { CURRENT_VERSION, DEPLOYMENT_ID, fakeContext, FUNCTION_NAME, HOOK_EVENT, HOOK_EXECUTION_ID, invokeResult, NO_CHECKS, ScenarioOptions, serveDeployment, TARGET_VERSION } from './scenario';
import { CONFIG_DIGEST_ENV, HookConfig, PHASE_ENV } from '../../../src/verification/lambda-hook/config';
import { rollbackOf } from '../../../src/verification/lambda-hook/handler/version-lock';
import { jsonError, sequence } from '../../support/fake-aws';

const hook = useVerifyHookHarness();

function reports(): string[] {
  return hook.fake.calls('PutLifecycleEventHookExecutionStatus').map((r) => r.input.status);
}
function summary(): Record<string, any> | undefined {
  return hook.logs.lines.find((l) => l.message === 'lifecycle hook finished');
}
function startupLine(): Record<string, any> | undefined {
  return hook.logs.lines.find((l) => l.check === 'startup' && l.outcome !== undefined);
}
function startupWarning(): Record<string, any> | undefined {
  return hook.logs.lines.find((l) => l.startupSignal !== undefined);
}

/** A configuration whose checks, bake window and invocation would all fail if they ran. */
const FAILING_EVERYWHERE: HookConfig = {
  checks: [
    { name: 'pre', phase: 'BeforeAllowTraffic', payload: {}, expectStatusCode: 200 },
    { name: 'post', phase: 'AfterAllowTraffic', payload: {}, expectStatusCode: 200 },
  ],
  bakeSeconds: 600,
  skipVerification: false,
};

describe('rollback deployments', () => {
  // CodeDeploy API reference, DeploymentInfo: creator "codeDeployRollback: A rollback process created the
  // deployment", valid values include CloudFormationRollback; RollbackInfo.rollbackTriggeringDeploymentId:
  // "The deployment ID of the deployment that was underway and triggered a rollback deployment because it
  // failed or was stopped".
  const kinds = [
    ['CodeDeploy\'s automatic rollback', { creator: 'codeDeployRollback', rollbackInfo: { rollbackTriggeringDeploymentId: 'd-FORWARD1234' } }],
    ['a CloudFormation stack rollback', { creator: 'CloudFormationRollback' }],
  ] as const;
  const phases = ['BeforeAllowTraffic', 'AfterAllowTraffic'];

  describe.each(phases)('%s', (phase) => {
    test.each(kinds)('%s passes at once: nothing read or invoked, one log line, Succeeded', async (_kind, deployment) => {
      process.env[PHASE_ENV] = phase;
      serveDeployment(hook.fake, {
        ...deployment,
        config: FAILING_EVERYWHERE,
        versionConfigDigest: 'aaaaaaaaaaaaaaaa', // the tags describe another version: would fail a forward deployment
        invoke: invokeResult({ statusCode: 500 }),
      });

      const result = await hook.handler(HOOK_EVENT, fakeContext());

      expect(result).toEqual({ status: 'Succeeded', reported: true, reason: expect.stringMatching(/^rollback deployment \(.*\): passed at once without checks, bake window or invocation$/) });
      expect(hook.fake.calls('Invoke')).toEqual([]);
      expect(hook.fake.requests.map((r) => r.operation)).toEqual(['GetDeployment', 'PutLifecycleEventHookExecutionStatus']);
      expect(hook.fake.calls('PutLifecycleEventHookExecutionStatus').map((r) => r.input)).toEqual([{ deploymentId: DEPLOYMENT_ID, lifecycleEventHookExecutionId: HOOK_EXECUTION_ID, status: 'Succeeded' }]);
      expect(hook.logs.lines).toEqual([expect.objectContaining({
        level: 'INFO',
        message: 'lifecycle hook finished',
        status: 'Succeeded',
        rollback: true,
        creator: deployment.creator,
        deploymentId: DEPLOYMENT_ID,
        phase,
        durationMs: expect.any(Number),
      })]);
      if ('rollbackInfo' in deployment) expect(hook.logs.lines[0].rollbackTriggeringDeploymentId).toBe('d-FORWARD1234');
    });
  });

  test('a rollback passes even with a misconfigured phase', async () => {
    process.env[PHASE_ENV] = 'Install';
    serveDeployment(hook.fake, { creator: 'CloudFormationRollback' });

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Succeeded');
    expect(hook.fake.calls('Invoke')).toEqual([]);
  });

  test('a deployment CloudFormation created forward runs its checks', async () => {
    serveDeployment(hook.fake, { creator: 'CloudFormation', config: FAILING_EVERYWHERE, invoke: invokeResult({ statusCode: 500 }) });

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Failed');
    expect(hook.fake.calls('Invoke')).toHaveLength(1);
    expect(summary()?.rollback).toBeUndefined();
  });

  test.each([
    ['creator codeDeployRollback', { creator: 'codeDeployRollback' }, { creator: 'codeDeployRollback' }],
    ['creator CloudFormationRollback', { creator: 'CloudFormationRollback' }, { creator: 'CloudFormationRollback' }],
    ['a triggering deployment, whoever created it', { creator: 'user', rollbackInfo: { rollbackTriggeringDeploymentId: 'd-1' } }, { creator: 'user', rollbackTriggeringDeploymentId: 'd-1' }],
  ])('rollbackOf: %s marks a rollback', (_what, info, mark) => {
    expect(rollbackOf(info)).toEqual(mark);
  });

  test.each([
    ['a forward deployment by CloudFormation', { creator: 'CloudFormation' }],
    ['a deployment by a user', { creator: 'user' }],
    // a forward deployment that was itself rolled back names its rollback, not a triggering deployment
    ['a forward deployment that was rolled back', { creator: 'CloudFormation', rollbackInfo: { rollbackDeploymentId: 'd-2', rollbackMessage: 'Deployment failed' } }],
    ['a record without a creator', {}],
  ])('rollbackOf: %s is not a rollback', (_what, info) => {
    expect(rollbackOf(info)).toBeUndefined();
  });
});

describe('version lock of the check configuration', () => {
  const oneCheck: HookConfig = { ...NO_CHECKS, checks: [{ name: 'get-order', phase: 'BeforeAllowTraffic', payload: { id: 1 }, expectStatusCode: 200 }] };

  test('a version whose digest matches the tags runs the checks', async () => {
    serveDeployment(hook.fake, { config: oneCheck });

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Succeeded');
    expect(hook.fake.calls('GetFunctionConfiguration').map((r) => r.query.get('Qualifier'))).toEqual([TARGET_VERSION]);
    expect(hook.fake.calls('Invoke').map((r) => JSON.parse(r.body))).toEqual([{ id: 1 }]);
    expect(reports()).toEqual(['Succeeded']);
  });

  test('a function with no checks at all (digest none on both sides) runs the start-up check', async () => {
    serveDeployment(hook.fake, { config: NO_CHECKS, versionConfigDigest: 'none' });

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Succeeded');
    expect(startupLine()).toMatchObject({ outcome: 'passed' });
  });

  test('tags describing another version fail closed on a forward deployment, invoking nothing', async () => {
    serveDeployment(hook.fake, { config: oneCheck, versionConfigDigest: '0123456789abcdef' });

    const result = await hook.handler(HOOK_EVENT, fakeContext());

    expect(result?.status).toBe('Failed');
    expect(result?.reason).toMatch(new RegExp(`^the function's tags describe another version's checks: version ${TARGET_VERSION} of ${FUNCTION_NAME} was published with check configuration 0123456789abcdef \\(${CONFIG_DIGEST_ENV}\\), the function's tags now carry configuration [0-9a-f]{16}\\..*Deploy the stack again`));
    expect(hook.fake.calls('Invoke')).toEqual([]);
    expect(reports()).toEqual(['Failed']);
    expect(summary()).toMatchObject({ level: 'ERROR', status: 'Failed', targetVersion: TARGET_VERSION, currentVersion: CURRENT_VERSION });
  });

  test('a version published without checks while the tags now carry some fails closed', async () => {
    serveDeployment(hook.fake, { config: oneCheck, versionConfigDigest: 'none' });

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.reason).toMatch(/was published with check configuration none .* the function's tags now carry configuration [0-9a-f]{16}/);
    expect(hook.fake.calls('Invoke')).toEqual([]);
  });

  test('a version without the digest variable (published before version locking) fails closed on a forward deployment', async () => {
    serveDeployment(hook.fake, { config: NO_CHECKS, versionConfigDigest: null });

    const result = await hook.handler(HOOK_EVENT, fakeContext());

    expect(result?.status).toBe('Failed');
    expect(result?.reason).toMatch(new RegExp(`^version ${TARGET_VERSION} of ${FUNCTION_NAME} has no ${CONFIG_DIGEST_ENV} environment variable, so nothing ties the checks in the function's tags \\(configuration none\\) to it: .*deploy the stack \\(cdk deploy\\)`));
    expect(hook.fake.calls('Invoke')).toEqual([]);
  });

  test('unreadable configuration tags fail with their own reason', async () => {
    serveDeployment(hook.fake, { config: oneCheck, extraTags: { 'cdk-safe-deploy:hook:7': 'stray' } });

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.reason).toMatch(/^hook configuration tags are incomplete or unknown: cdk-safe-deploy:hook:7/);
    expect(hook.fake.calls('Invoke')).toEqual([]);
  });

  test('break-glass in tags that belong to another version is not honoured', async () => {
    serveDeployment(hook.fake, { config: { ...oneCheck, skipVerification: true, breakGlassReason: 'INC-9' }, versionConfigDigest: 'fedcba9876543210' });

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Failed');
    expect(hook.logs.lines.filter((l) => l.breakGlass)).toEqual([]);
  });
});

describe('start-up check per runtime family', () => {
  /** Serves a version of `runtime` (no checks declared) whose start-up invocation answers `invoke`. */
  function serveRuntime(runtime: string, invoke: ScenarioOptions['invoke'], extra: ScenarioOptions = {}): void {
    serveDeployment(hook.fake, { runtime, invoke, ...extra });
  }

  describe('Node.js', () => {
    test('a missing module (Runtime.ImportModuleError) fails', async () => {
      // AWS Knowledge Center "lambda-import-module-error-nodejs": "Runtime.ImportModuleError: Error: Cannot find module"
      serveRuntime('nodejs22.x', invokeResult({ errorType: 'Runtime.ImportModuleError', errorMessage: "Error: Cannot find module 'sharp'" }, { functionError: 'Unhandled' }));

      expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Failed');
      expect(startupLine()?.reason).toBe("the version failed to start or crashed (Runtime.ImportModuleError: Error: Cannot find module 'sharp')");
      expect(startupWarning()).toBeUndefined(); // a reliable signal: no warning
    });

    test('a handler error on the empty event passes', async () => {
      // Lambda Developer Guide, "AWS Lambda function errors in Node.js" (Syntax): the reference error document
      serveRuntime('nodejs22.x', invokeResult({
        errorType: 'ReferenceError',
        errorMessage: 'x is not defined',
        trace: ['ReferenceError: x is not defined', '    at Runtime.exports.handler (/var/task/index.js:2:3)', '    at Runtime.handleOnce (/var/runtime/Runtime.js:63:25)', '    at process._tickCallback (internal/process/next_tick.js:68:7)'],
      }, { functionError: 'Unhandled' }));

      expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Succeeded');
    });

    test('a failed init phase in the log tail fails, whatever the payload says', async () => {
      // "Understanding the Lambda execution environment lifecycle", Failures during the Init phase: the
      // INIT_REPORT line for an extension failure; the payload is the documented Node.js error document
      serveRuntime('nodejs22.x', invokeResult({ errorType: 'ReferenceError', errorMessage: 'x is not defined', trace: [] }, {
        functionError: 'Unhandled', logTail: 'INIT_REPORT Init Duration: 1236.04 ms Phase: init Status: error Error Type: Extension.Crash\n',
      }));

      expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Failed');
      expect(startupLine()?.reason).toBe("the version's initialisation failed (INIT_REPORT Init Duration: 1236.04 ms Phase: init Status: error Error Type: Extension.Crash)");
    });
  });

  describe('Python', () => {
    test('an import error (Runtime.ImportModuleError) fails', async () => {
      // "AWS Lambda function errors in Python", Error examples: Runtime exception – ImportError
      serveRuntime('python3.13', invokeResult({
        errorMessage: "Unable to import module 'lambda_function': Cannot import name '_imaging' from 'PIL' (/var/task/PIL/__init__.py)",
        errorType: 'Runtime.ImportModuleError',
      }, { functionError: 'Unhandled' }));

      expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Failed');
      expect(startupLine()?.reason).toMatch(/^the version failed to start or crashed \(Runtime.ImportModuleError: Unable to import module 'lambda_function'/);
    });

    test.each([
      // "AWS Lambda function errors in Python": the KeyError of the CLI example
      ['a handler error', { errorMessage: "'action'", errorType: 'KeyError', stackTrace: ['  File "/var/task/lambda_function.py", line 36, in lambda_handler\n    result = ACTIONS[event[\'action\']](event[\'number\'])\n'] }],
      // "AWS Lambda function errors in Python", Error examples: JSON serialization error – Runtime.MarshalError (the handler ran and returned)
      ['a result that cannot be serialised (Runtime.MarshalError)', { errorMessage: 'Unable to marshal response: Object of type AttributeError is not JSON serializable', errorType: 'Runtime.MarshalError' }],
    ])('%s on the empty event passes', async (_what, payload) => {
      serveRuntime('python3.13', invokeResult(payload, { functionError: 'Unhandled' }));

      expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Succeeded');
    });
  });

  describe('.NET', () => {
    test.each([
      // "AWS Lambda function errors in C#", Syntax: initialization exceptions are of type LambdaException
      ['an invalid handler string', { errorType: 'LambdaException', errorMessage: "Invalid lambda function handler: 'http://this.is.not.a.valid.handler/'. The valid format is 'ASSEMBLY::TYPE::METHOD'." }],
      ['a constructor that throws', {
        errorType: 'LambdaException',
        errorMessage: "An exception was thrown when the constructor for type 'LambdaExceptionTestFunction.ThrowExceptionInConstructor' was invoked. Check inner exception for more details.",
        cause: {
          errorType: 'TargetInvocationException',
          errorMessage: 'Exception has been thrown by the target of an invocation.',
          stackTrace: ['at System.Activator.CreateInstance(Type type)'],
          cause: { errorType: 'ArithmeticException', errorMessage: 'Sorry, 2 + 2 = 5', stackTrace: ['at LambdaExceptionTestFunction.ThrowExceptionInConstructor..ctor()'] },
        },
      }],
    ])('%s (LambdaException) fails', async (_what, payload) => {
      serveRuntime('dotnet8', invokeResult(payload, { functionError: 'Unhandled' }));

      expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Failed');
      expect(startupLine()?.reason).toMatch(/^the version failed to start \(LambdaException: /);
    });

    test('an exception during invocation passes', async () => {
      // "AWS Lambda function errors in C#": an invocation exception keeps its own type
      serveRuntime('dotnet8', invokeResult({
        errorType: 'AggregateException',
        errorMessage: 'One or more errors occurred. (An unknown web exception occurred!)',
        stackTrace: ['at System.Threading.Tasks.Task.ThrowIfExceptional(Boolean includeTaskCanceledExceptions)'],
      }, { functionError: 'Unhandled' }));

      expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Succeeded');
    });

    test('LambdaException from another runtime is a handler error', async () => {
      serveRuntime('java21', invokeResult({ errorType: 'LambdaException', errorMessage: 'thrown by the handler' }, { functionError: 'Unhandled' }));

      expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Succeeded');
    });
  });

  describe('Java: no reliable signal without the log tail', () => {
    // "AWS Lambda function errors in Java": the ArithmeticException document of the HandlerDivide example
    const javaError = { errorMessage: '/ by zero', errorType: 'java.lang.ArithmeticException', stackTrace: ['example.HandlerDivide.handleRequest(HandlerDivide.java:28)', 'example.HandlerDivide.handleRequest(HandlerDivide.java:13)'] };

    test('a Java exception alone passes, with a warning that the start-up check cannot tell', async () => {
      serveRuntime('java21', invokeResult(javaError, { functionError: 'Unhandled' }));

      expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Succeeded');
      expect(startupWarning()).toMatchObject({
        level: 'WARN', runtime: 'java21', packageType: 'Zip', startupSignal: expect.stringMatching(/^Java reports start-up failures with the Java exception type/),
      });
    });

    test('the same exception with a timed-out init phase in the log tail fails', async () => {
      // "Understanding the Lambda execution environment lifecycle": INIT_REPORT log for timeout
      serveRuntime('java21', invokeResult(javaError, { functionError: 'Unhandled', logTail: 'INIT_REPORT Init Duration: 1236.04 ms Phase: init Status: timeout\n' }));

      expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Failed');
      expect(startupLine()?.reason).toBe("the version's initialisation failed (INIT_REPORT Init Duration: 1236.04 ms Phase: init Status: timeout)");
    });
  });

  test('Ruby: a Function<...> error passes, with a warning', async () => {
    // "AWS Lambda function errors in Ruby": the TypeError document
    serveRuntime('ruby3.3', invokeResult({
      errorMessage: 'no implicit conversion of String into Integer', errorType: 'Function<TypeError>', stackTrace: ["/var/task/function.rb:3:in `first'", "/var/task/function.rb:3:in `handler'"],
    }, { functionError: 'Unhandled' }));

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Succeeded');
    expect(startupWarning()).toMatchObject({ runtime: 'ruby3.3', startupSignal: expect.stringMatching(/^Ruby documents no error type for start-up failures/) });
  });

  describe('custom runtime (provided.al2023)', () => {
    test('an initialization error of the runtime API\'s own example passes, with a warning: any error type is allowed', async () => {
      // "Using the Lambda runtime API for custom runtimes", Initialization error: the example request body
      serveRuntime('provided.al2023', invokeResult({ errorMessage: 'Failed to load function.', errorType: 'InvalidFunctionException' }, { functionError: 'Unhandled' }));

      expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Succeeded');
      expect(startupWarning()).toMatchObject({ runtime: 'provided.al2023', startupSignal: expect.stringMatching(/^a custom runtime reports start-up failures with any error type/) });
    });

    test('a runtime that exits (Runtime.ExitError) fails', async () => {
      // "Understanding the Lambda execution environment lifecycle", Failures during the invoke phase: the
      // old-style log of a runtime crash ("RequestId: ... Error: Runtime exited without providing a reason",
      // "Runtime.ExitError"), as the error document and the log tail
      const requestId = 'c3252230-c73d-49f6-8844-968c01d1e2e1';
      serveRuntime('provided.al2023', invokeResult({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited without providing a reason` }, {
        functionError: 'Unhandled',
        logTail: [
          `START RequestId: ${requestId} Version: $LATEST`,
          `RequestId: ${requestId} Error: Runtime exited without providing a reason`,
          'Runtime.ExitError',
          `END RequestId: ${requestId}`,
          `REPORT RequestId: ${requestId} Duration: 933.59 ms Billed Duration: 934 ms Memory Size: 128 MB Max Memory Used: 9 MB`,
        ].join('\n'),
      }));

      expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Failed');
      expect(startupLine()?.reason).toMatch(/^the version failed to start or crashed \(Runtime.ExitError: /);
    });

    test('a function timeout in the new-style REPORT line fails', async () => {
      // "Understanding the Lambda execution environment lifecycle": function timeout, new style
      serveRuntime('provided.al2023', invokeResult('', {
        functionError: 'Unhandled',
        logTail: 'START RequestId: 527cb862-4f5e-49a9-9ae4-a7edc90f0fda Version: $LATEST\nEND RequestId: 527cb862-4f5e-49a9-9ae4-a7edc90f0fda\n'
          + 'REPORT RequestId: 527cb862-4f5e-49a9-9ae4-a7edc90f0fda Duration: 3016.78 ms Billed Duration: 3101 ms Memory Size: 128 MB Max Memory Used: 31 MB Init Duration: 84.00 ms Status: timeout',
      }));

      expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Failed');
      expect(startupLine()?.reason).toMatch(/^the version timed out \(REPORT RequestId: 527cb862/);
    });
  });

  test('container image: a bad entrypoint (Runtime.InvalidEntrypoint) fails; other errors come with a warning', async () => {
    // "Troubleshoot container image issues", Container: Error occurs on runtime InvalidEntrypoint: "errorType": "Runtime.InvalidEntrypoint"
    serveDeployment(hook.fake, { packageType: 'Image', invoke: invokeResult({ errorType: 'Runtime.InvalidEntrypoint' }, { functionError: 'Unhandled' }) });

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Failed');
    expect(startupLine()?.reason).toBe('the version failed to start or crashed (Runtime.InvalidEntrypoint)');
    expect(startupWarning()).toMatchObject({ packageType: 'Image', startupSignal: expect.stringMatching(/^a container image's error types come from the runtime client inside the image/) });
  });

  describe('SnapStart restore errors (Invoke API)', () => {
    // Lambda API reference, Invoke errors (status codes from the Lambda service model)
    test.each([
      ['SnapStartException', 400, 'The afterRestore() runtime hook encountered an error. For more information, check the Amazon CloudWatch logs.'],
      ['SnapStartTimeoutException', 408, "Lambda couldn't restore the snapshot within the timeout limit."],
    ])('%s fails at once as "cannot run"', async (type, status, message) => {
      serveRuntime('java21', jsonError(type, message, status), { snapStart: 'PublishedVersions' });

      expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Failed');
      expect(hook.fake.calls('Invoke')).toHaveLength(1);
      expect(startupLine()?.reason).toBe(`the version cannot run: ${type}: ${message}`);
    });

    test('SnapStartNotReadyException is retried until the version is ready', async () => {
      serveRuntime('python3.13', sequence(
        jsonError('SnapStartNotReadyException', 'Lambda is initializing your function. You can invoke the function when the function state becomes Active.', 409),
        invokeResult(null),
      ), { snapStart: 'PublishedVersions' });

      expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Succeeded');
      expect(hook.fake.calls('Invoke')).toHaveLength(2);
    });
  });
});
