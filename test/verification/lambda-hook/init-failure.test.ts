import { initFailureOf, InvokeOutcome } from '../../../src/verification/lambda-hook/handler/init-failure';

function outcome(payload: unknown, extra: Partial<InvokeOutcome> = {}): InvokeOutcome {
  return { payload: JSON.stringify(payload), durationMs: 1, ...extra };
}

describe('initFailureOf', () => {
  test.each([
    ['an import error', { errorType: 'Runtime.ImportModuleError', errorMessage: "Cannot find module 'x'" }, /failed to start or crashed \(Runtime.ImportModuleError/],
    ['a missing handler', { errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is undefined' }, /Runtime.HandlerNotFound/],
    ['a syntax error', { errorType: 'Runtime.UserCodeSyntaxError', errorMessage: 'SyntaxError: Unexpected token' }, /Runtime.UserCodeSyntaxError/],
    ['a crash', { errorType: 'Runtime.ExitError', errorMessage: 'exit status 1' }, /Runtime.ExitError/],
    ['a sandbox timeout', { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 3.00 seconds' }, /^the version timed out/],
    ['a timeout message', { errorMessage: '2026-11-21 Task timed out after 3.00 seconds' }, /^the version timed out/],
  ])('classifies %s', (_what, payload, reason) => {
    expect(initFailureOf(outcome(payload, { functionError: 'Unhandled' }))).toMatch(reason);
  });

  test('reads a failed init phase from the log tail', () => {
    const tail = 'INIT_REPORT Init Duration: 9.1 ms Phase: init Status: error Error Type: Runtime.Unknown\nSTART RequestId: 1';
    expect(initFailureOf(outcome({ ok: true }, { logTail: tail }))).toBe("the version's initialisation failed (INIT_REPORT Init Duration: 9.1 ms Phase: init Status: error Error Type: Runtime.Unknown)");
    expect(initFailureOf(outcome({}, { logTail: 'INIT_REPORT Init Duration: 10000 ms Phase: invoke Status: timeout' }))).toMatch(/initialisation failed/);
  });

  // "Understanding the Lambda execution environment lifecycle", Failures during the Restore phase
  test.each([
    'RESTORE_REPORT Restore Duration: 1236.04 ms Status: timeout',
    'RESTORE_REPORT Restore Duration: 1236.04 ms Status: error Error Type: Runtime.ExitError',
  ])('reads a failed SnapStart restore from the log tail: %s', (line) => {
    expect(initFailureOf(outcome({}, { functionError: 'Unhandled', logTail: `${line}\n` }))).toBe(`the version's SnapStart restore failed (${line})`);
  });

  test('a result that cannot be serialised (Runtime.MarshalError) means the handler ran', () => {
    // "AWS Lambda function errors in Python", Error examples
    expect(initFailureOf(outcome({ errorMessage: 'Unable to marshal response: Object of type AttributeError is not JSON serializable', errorType: 'Runtime.MarshalError' }, { functionError: 'Unhandled' }))).toBeUndefined();
  });

  test('LambdaException is a start-up failure for .NET runtimes only', () => {
    // "AWS Lambda function errors in C#", Syntax
    const invalidHandler = outcome({ errorType: 'LambdaException', errorMessage: "Invalid lambda function handler: 'x'. The valid format is 'ASSEMBLY::TYPE::METHOD'." }, { functionError: 'Unhandled' });
    expect(initFailureOf(invalidHandler, 'dotnet8')).toMatch(/^the version failed to start \(LambdaException: Invalid lambda function handler/);
    expect(initFailureOf(invalidHandler, 'nodejs22.x')).toBeUndefined();
    expect(initFailureOf(invalidHandler)).toBeUndefined();
  });

  test('reads a timeout from the log tail', () => {
    expect(initFailureOf(outcome({}, { functionError: 'Unhandled', logTail: 'REPORT RequestId: 1 Duration: 3000 ms Status: timeout' }))).toMatch(/^the version timed out/);
  });

  test('a handler that runs and throws, or succeeds, is not an init failure', () => {
    expect(initFailureOf(outcome({ errorType: 'ValidationError', errorMessage: 'missing id' }, {
      functionError: 'Unhandled', logTail: 'INIT_REPORT Init Duration: 9 ms\nSTART RequestId: 1\nERROR Invoke Error',
    }))).toBeUndefined();
    expect(initFailureOf(outcome({ errorType: 'Runtime.ImportModuleError' }))).toBeUndefined(); // a result that merely looks like one
    expect(initFailureOf({ payload: 'plain text', durationMs: 1 })).toBeUndefined();
  });
});
