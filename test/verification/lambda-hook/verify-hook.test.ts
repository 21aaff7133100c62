/**
 * The real verification hook handler, with real AWS SDK v3 clients, against a local endpoint
 * speaking the Lambda, CodeDeploy and CloudWatch APIs.
 */
import { useVerifyHookHarness } from './harness';
import {
  ALARM, alarmState, APPLICATION, CURRENT_VERSION, DEPLOYMENT_GROUP, DEPLOYMENT_ID, fakeContext, FUNCTION_ARN, FUNCTION_NAME,
  HOOK_EVENT, HOOK_EXECUTION_ID, invokeResult, markerOf, NO_CHECKS, serveDeployment, TARGET_VERSION, VERIFIER_ARN,
} from './scenario';
import { PHASE_ENV, verifierTagKey } from '../../../src/verification/lambda-hook/config';
import { jsonError, sequence } from '../../support/fake-aws';

const hook = useVerifyHookHarness();

function reports(): Array<Record<string, unknown>> {
  return hook.fake.calls('PutLifecycleEventHookExecutionStatus').map((r) => r.input);
}
function summary(): Record<string, any> | undefined {
  return hook.logs.lines.find((l) => l.message === 'lifecycle hook finished');
}
function checkLine(name: string): Record<string, any> | undefined {
  return hook.logs.lines.find((l) => l.check === name && l.outcome !== undefined);
}

describe('before traffic', () => {
  test('healthy checks report Succeeded after invoking the target version with the marker', async () => {
    serveDeployment(hook.fake, {
      config: {
        ...NO_CHECKS,
        checks: [
          { name: 'get-order', phase: 'BeforeAllowTraffic', payload: { path: '/orders/1' }, expectStatusCode: 200, expectJson: { 'body.ok': true } },
          { name: 'post-only', phase: 'AfterAllowTraffic', payload: {} },
        ],
      },
    });

    const result = await hook.handler(HOOK_EVENT, fakeContext());

    expect(result).toEqual({ status: 'Succeeded', reported: true });
    expect(hook.fake.calls('GetDeployment').map((r) => r.input)).toEqual([{ deploymentId: DEPLOYMENT_ID }]);
    expect(hook.fake.calls('GetApplicationRevision')[0].input).toEqual({ applicationName: APPLICATION, revision: { revisionType: 'String', string: { sha256: 'abc' } } });
    // the target's configuration and the tags only, never GetFunction (which also hands out the code)
    expect(hook.fake.calls('GetFunction')).toEqual([]);
    const getConfiguration = hook.fake.calls('GetFunctionConfiguration');
    expect(getConfiguration.map((r) => [r.params.name, r.query.get('Qualifier')])).toEqual([[FUNCTION_NAME, TARGET_VERSION]]);
    expect(hook.fake.calls('ListTags').map((r) => r.params.arn)).toEqual([FUNCTION_ARN]);
    const invokes = hook.fake.calls('Invoke');
    expect(invokes).toHaveLength(1); // the post-traffic check does not run before traffic
    expect(invokes[0].params.name).toBe(FUNCTION_NAME);
    expect(invokes[0].query.get('Qualifier')).toBe(TARGET_VERSION);
    expect(invokes[0].headers['x-amz-invocation-type']).toBe('RequestResponse');
    expect(invokes[0].headers['x-amz-log-type']).toBe('Tail');
    expect(JSON.parse(invokes[0].body)).toEqual({ path: '/orders/1' });
    expect(markerOf(invokes[0].headers)).toEqual({
      custom: { 'cdk-safe-deploy': { verification: true, deploymentId: DEPLOYMENT_ID, phase: 'BeforeAllowTraffic', check: 'get-order' } },
    });
    expect(reports()).toEqual([{ deploymentId: DEPLOYMENT_ID, lifecycleEventHookExecutionId: HOOK_EXECUTION_ID, status: 'Succeeded' }]);
    expect(checkLine('get-order')).toMatchObject({
      level: 'INFO', deploymentId: DEPLOYMENT_ID, phase: 'BeforeAllowTraffic', functionName: FUNCTION_NAME, targetVersion: TARGET_VERSION, outcome: 'passed', durationMs: expect.any(Number),
    });
    expect(summary()).toMatchObject({ status: 'Succeeded', reported: true, deploymentId: DEPLOYMENT_ID, targetVersion: TARGET_VERSION });
  });

  test('a failing expectation reports Failed with the reason logged', async () => {
    serveDeployment(hook.fake, {
      config: { ...NO_CHECKS, checks: [{ name: 'status', phase: 'BeforeAllowTraffic', payload: {}, expectStatusCode: 200 }] },
      invoke: invokeResult({ statusCode: 503, body: 'down' }),
    });

    const result = await hook.handler(HOOK_EVENT, fakeContext());

    expect(result?.status).toBe('Failed');
    expect(reports()).toEqual([{ deploymentId: DEPLOYMENT_ID, lifecycleEventHookExecutionId: HOOK_EXECUTION_ID, status: 'Failed' }]);
    expect(checkLine('status')).toMatchObject({ level: 'ERROR', outcome: 'failed', reason: 'expected statusCode 200, got 503' });
    expect(summary()).toMatchObject({ status: 'Failed', reason: expect.stringContaining('1 of 1 checks failed: status') });
  });

  test('a function error fails a check', async () => {
    serveDeployment(hook.fake, {
      config: { ...NO_CHECKS, checks: [{ name: 'plain', phase: 'BeforeAllowTraffic', payload: {} }] },
      invoke: invokeResult({ errorType: 'TypeError', errorMessage: 'x is undefined' }, { functionError: 'Unhandled' }),
    });

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Failed');
    expect(reports().map((r) => r.status)).toEqual(['Failed']);
    expect(checkLine('plain')?.reason).toBe('function error (Unhandled): TypeError: x is undefined');
  });

  test('with no checks, an init error fails the startup probe', async () => {
    serveDeployment(hook.fake, {
      invoke: invokeResult({ errorType: 'Runtime.ImportModuleError', errorMessage: "Cannot find module 'left-pad'" }, {
        functionError: 'Unhandled', logTail: 'INIT_REPORT Init Duration: 80.1 ms Phase: init Status: error Error Type: Runtime.ImportModuleError',
      }),
    });

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Failed');
    const invokes = hook.fake.calls('Invoke');
    expect(invokes).toHaveLength(1);
    expect(invokes[0].query.get('Qualifier')).toBe(TARGET_VERSION);
    expect(JSON.parse(invokes[0].body)).toEqual({});
    expect(markerOf(invokes[0].headers)).toMatchObject({ custom: { 'cdk-safe-deploy': { verification: true, check: 'startup' } } });
    expect(checkLine('startup')).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('Runtime.ImportModuleError') });
    expect(reports().map((r) => r.status)).toEqual(['Failed']);
  });

  test('with no checks, a handler rejecting the empty event passes', async () => {
    serveDeployment(hook.fake, {
      invoke: invokeResult({ errorType: 'ValidationError', errorMessage: 'orderId is required' }, {
        functionError: 'Unhandled', logTail: 'START RequestId: 1 Version: 7\nERROR Invoke Error ValidationError\nEND RequestId: 1',
      }),
    });

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Succeeded');
    expect(reports().map((r) => r.status)).toEqual(['Succeeded']);
  });

  test('Lambda API 5xx and throttling are retried, then the check runs', async () => {
    serveDeployment(hook.fake, {
      invoke: sequence(jsonError('ServiceException', 'internal', 500), jsonError('TooManyRequestsException', 'Rate exceeded', 429), invokeResult({ ok: true })),
    });

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Succeeded');
    expect(hook.fake.calls('Invoke').map((r) => r.query.get('Qualifier'))).toEqual([TARGET_VERSION, TARGET_VERSION, TARGET_VERSION]);
    expect(hook.logs.lines.filter((l) => l.message === 'lambda:Invoke failed, retrying').map((l) => l.attempt)).toEqual([1, 2]);
    expect(reports().map((r) => r.status)).toEqual(['Succeeded']);
  });

  test('an error meaning the version cannot run fails without retry', async () => {
    serveDeployment(hook.fake, { invoke: jsonError('EC2ThrottledException', 'ENI creation throttled', 502) });

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Failed');
    expect(hook.fake.calls('Invoke')).toHaveLength(1);
    expect(checkLine('startup')?.reason).toMatch(/^the version cannot run: EC2ThrottledException/);
  });

  test('a check hanging past the deadline is abandoned and Failed is reported in time', async () => {
    serveDeployment(hook.fake, {
      config: { ...NO_CHECKS, checks: [{ name: 'hangs', phase: 'BeforeAllowTraffic', payload: {} }, { name: 'quick', phase: 'BeforeAllowTraffic', payload: { q: 1 } }] },
      invoke: (req) => (JSON.parse(req.body).q === 1 ? invokeResult({ ok: true }) : { hang: true }),
    });
    const started = Date.now();

    const result = await hook.handler(HOOK_EVENT, fakeContext(2000));

    const elapsed = Date.now() - started;
    expect(result?.status).toBe('Failed');
    expect(elapsed).toBeGreaterThanOrEqual(1400); // the work deadline: 2000 ms less a quarter kept to report
    expect(elapsed).toBeLessThan(2000);
    expect(reports()).toEqual([{ deploymentId: DEPLOYMENT_ID, lifecycleEventHookExecutionId: HOOK_EXECUTION_ID, status: 'Failed' }]);
    expect(checkLine('hangs')).toMatchObject({ outcome: 'failed', reason: "did not finish before the hook's deadline; abandoned" });
    expect(checkLine('quick')).toMatchObject({ outcome: 'passed' });
  });

  test('a check slower than its maxDuration fails', async () => {
    serveDeployment(hook.fake, {
      config: { ...NO_CHECKS, checks: [{ name: 'slow', phase: 'BeforeAllowTraffic', payload: {}, maxDurationMs: 100 }] },
      invoke: invokeResult({ ok: true }, { delayMs: 1000 }),
    });

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Failed');
    expect(checkLine('slow')).toMatchObject({ reason: 'did not finish within maxDuration 100 ms; abandoned' });
  });

  test('a result from another version fails the check', async () => {
    serveDeployment(hook.fake, { invoke: invokeResult({ ok: true }, { executedVersion: CURRENT_VERSION }) });

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Failed');
    expect(checkLine('startup')?.reason).toBe(`Lambda ran version ${CURRENT_VERSION}, the deployment targets version ${TARGET_VERSION}`);
  });

  test('a throttled report is retried until it is accepted', async () => {
    serveDeployment(hook.fake);
    hook.fake.on('PutLifecycleEventHookExecutionStatus', sequence(
      jsonError('ThrottlingException', 'Rate exceeded'), jsonError('InternalFailure', 'oops', 500), { status: 200, body: { lifecycleEventHookExecutionId: HOOK_EXECUTION_ID } },
    ));

    expect(await hook.handler(HOOK_EVENT, fakeContext())).toEqual({ status: 'Succeeded', reported: true });
    expect(reports()).toEqual(Array(3).fill({ deploymentId: DEPLOYMENT_ID, lifecycleEventHookExecutionId: HOOK_EXECUTION_ID, status: 'Succeeded' }));
  });

  test('a report CodeDeploy refuses makes the invocation fail, for the on-failure destination', async () => {
    serveDeployment(hook.fake);
    hook.fake.on('PutLifecycleEventHookExecutionStatus', jsonError('AccessDeniedException', 'not allowed'));

    await expect(hook.handler(HOOK_EVENT, fakeContext())).rejects.toThrow(/lifecycle hook status Succeeded was not reported for deployment d-TEST12345/);
    expect(reports()).toHaveLength(1);
    expect(hook.logs.lines.find((l) => l.message === 'could not report the lifecycle hook status')).toMatchObject({ error: expect.stringContaining('AccessDenied') });
  });

  test.each([
    ['an empty event', {}, ['DeploymentId', 'LifecycleEventHookExecutionId']],
    ['a missing hook execution id', { DeploymentId: DEPLOYMENT_ID }, ['LifecycleEventHookExecutionId']],
    ['no event at all', null, ['DeploymentId', 'LifecycleEventHookExecutionId']],
  ])('%s is logged clearly and ends without a report or a throw', async (_what, event, missing) => {
    serveDeployment(hook.fake);

    await expect(hook.handler(event, fakeContext())).resolves.toBeUndefined();

    expect(hook.fake.requests).toEqual([]);
    expect(hook.logs.lines).toEqual([expect.objectContaining({
      level: 'ERROR', message: 'event lacks the CodeDeploy lifecycle ids: nothing can be reported, ending without retry', missing,
    })]);
  });

  test('a verification function returning passed: false fails, with its reason logged', async () => {
    serveDeployment(hook.fake, {
      config: { ...NO_CHECKS, checks: [{ name: 'e2e', phase: 'BeforeAllowTraffic', verifierIndex: 0 }] },
      extraTags: { [verifierTagKey(0)]: VERIFIER_ARN },
      invoke: invokeResult({ passed: false, reason: 'checkout flow returned 500' }, { executedVersion: '$LATEST' }),
    });

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Failed');
    const [call] = hook.fake.calls('Invoke');
    expect(call.params.name).toBe(VERIFIER_ARN);
    expect(call.query.get('Qualifier')).toBeNull();
    expect(JSON.parse(call.body)).toEqual({
      deploymentId: DEPLOYMENT_ID,
      phase: 'BeforeAllowTraffic',
      functionName: FUNCTION_NAME,
      alias: 'live',
      currentVersion: CURRENT_VERSION,
      targetVersion: TARGET_VERSION,
      targetVersionArn: `${FUNCTION_ARN}:${TARGET_VERSION}`,
    });
    expect(markerOf(call.headers)).toMatchObject({ custom: { 'cdk-safe-deploy': { check: 'e2e' } } });
    expect(checkLine('e2e')).toMatchObject({ kind: 'verifier', outcome: 'failed', reason: 'checkout flow returned 500' });
    expect(reports().map((r) => r.status)).toEqual(['Failed']);
  });

  test('break-glass skips verification, reports Succeeded and says so loudly', async () => {
    serveDeployment(hook.fake, { config: { ...NO_CHECKS, checks: [{ name: 'c', phase: 'BeforeAllowTraffic', payload: {} }], skipVerification: true, breakGlassReason: 'INC-42 hotfix' } });

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Succeeded');
    expect(hook.fake.calls('Invoke')).toEqual([]);
    expect(hook.logs.lines).toContainEqual(expect.objectContaining({ level: 'WARN', breakGlass: true, reason: 'INC-42 hotfix', deploymentId: DEPLOYMENT_ID, targetVersion: TARGET_VERSION }));
    expect(reports().map((r) => r.status)).toEqual(['Succeeded']);
  });

  test('an inline AppSpec is read without GetApplicationRevision', async () => {
    serveDeployment(hook.fake, { inlineAppSpec: true, config: { ...NO_CHECKS, skipVerification: true } });

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Succeeded');
    expect(hook.fake.calls('GetApplicationRevision')).toEqual([]);
    expect(hook.logs.lines).toContainEqual(expect.objectContaining({ breakGlass: true }));
  });

  test('an unparsable AppSpec reports Failed', async () => {
    serveDeployment(hook.fake, { appSpec: 'version: 0.0\nResources: [' });

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Failed');
    expect(hook.fake.calls('Invoke')).toEqual([]);
    expect(summary()?.reason).toMatch(/^the deployment's AppSpec is not JSON/);
    expect(reports().map((r) => r.status)).toEqual(['Failed']);
  });

  test('a misconfigured phase reports Failed', async () => {
    process.env[PHASE_ENV] = 'Install';
    serveDeployment(hook.fake);

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Failed');
    expect(summary()?.reason).toMatch(/SAFE_DEPLOY_PHASE is "Install"/);
  });
});

describe('after traffic', () => {
  beforeEach(() => {
    process.env[PHASE_ENV] = 'AfterAllowTraffic';
  });

  test('an alarm going to ALARM during the bake window reports Failed', async () => {
    serveDeployment(hook.fake, { config: { ...NO_CHECKS, bakeSeconds: 1 }, describeAlarms: sequence(alarmState('OK'), alarmState('ALARM')) });

    const result = await hook.handler(HOOK_EVENT, fakeContext());

    expect(result?.status).toBe('Failed');
    expect(result?.reason).toBe(`rollback alarm in ALARM during the bake window: ${ALARM} (Threshold crossed: state ALARM)`);
    expect(hook.fake.calls('Invoke')).toEqual([]); // no post-traffic check declared: nothing to invoke
    expect(hook.fake.calls('GetDeploymentGroup').map((r) => r.input)).toEqual([{ applicationName: APPLICATION, deploymentGroupName: DEPLOYMENT_GROUP }]);
    const polls = hook.fake.calls('DescribeAlarms');
    expect(polls.map((r) => r.input.AlarmNames)).toEqual([[ALARM], [ALARM]]);
    expect(polls[1].at - polls[0].at).toBeGreaterThanOrEqual(900);
    expect(reports().map((r) => r.status)).toEqual(['Failed']);
  });

  test('post-traffic checks then a quiet bake window report Succeeded', async () => {
    serveDeployment(hook.fake, {
      config: { ...NO_CHECKS, bakeSeconds: 1, checks: [{ name: 'pre', phase: 'BeforeAllowTraffic', payload: {} }, { name: 'post', phase: 'AfterAllowTraffic', payload: { p: 1 } }] },
    });

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Succeeded');
    const invokes = hook.fake.calls('Invoke');
    expect(invokes.map((r) => JSON.parse(r.body))).toEqual([{ p: 1 }]);
    expect(markerOf(invokes[0].headers)).toMatchObject({ custom: { 'cdk-safe-deploy': { phase: 'AfterAllowTraffic', check: 'post' } } });
    expect(invokes[0].at).toBeLessThan(hook.fake.calls('DescribeAlarms')[0].at + 1);
    expect(hook.fake.calls('DescribeAlarms').length).toBeGreaterThanOrEqual(2);
    expect(hook.logs.lines).toContainEqual(expect.objectContaining({ message: 'bake window ended with no alarm' }));
  });

  test('alarms disabled on the deployment group (break-glass) are logged as ignored during the bake window', async () => {
    serveDeployment(hook.fake, { config: { ...NO_CHECKS, bakeSeconds: 600, breakGlassReason: 'INC-7 alarm stuck' }, alarmsEnabled: false });

    expect((await hook.handler(HOOK_EVENT, fakeContext()))?.status).toBe('Succeeded');
    expect(hook.fake.calls('DescribeAlarms')).toEqual([]);
    expect(hook.logs.lines).toContainEqual(expect.objectContaining({ level: 'WARN', breakGlass: true, reason: 'INC-7 alarm stuck' }));
    expect(hook.logs.lines).toContainEqual(expect.objectContaining({ level: 'WARN', alarmsIgnored: true, bakeSeconds: 600 }));
  });
});
