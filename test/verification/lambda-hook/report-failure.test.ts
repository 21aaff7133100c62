/**
 * The real on-failure destination handler, with a real CodeDeploy SDK client, against a local endpoint.
 */
import { DEPLOYMENT_ID, fakeContext, HOOK_EVENT, HOOK_EXECUTION_ID, serveDeployment } from './scenario';
import { FakeAws, jsonError, sequence } from '../../support/fake-aws';
import { captureLogs, useFakeAwsEnv } from '../../support/handler-env';

type ReportFailureModule = typeof import('../../../src/verification/lambda-hook/report-failure.lambda');

let fake: FakeAws;
let handler: ReportFailureModule['handler'];
let logs: ReturnType<typeof captureLogs>;

beforeAll(async () => {
  fake = await FakeAws.start();
  useFakeAwsEnv({ AWS_ENDPOINT_URL: fake.url });
  ({ handler } = jest.requireActual<ReportFailureModule>('../../../src/verification/lambda-hook/report-failure.lambda'));
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  logs = captureLogs();
});
afterEach(() => logs.restore());

/** The record Lambda sends to an on-failure destination after the hook timed out. */
function timeoutRecord(requestPayload: unknown = HOOK_EVENT) {
  return {
    version: '1.0',
    timestamp: '2026-11-21T10:00:00.000Z',
    requestContext: { requestId: 'r-1', functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:pre-hook:$LATEST', condition: 'RetriesExhausted', approximateInvokeCount: 1 },
    requestPayload,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: 'Sandbox.Timedout', errorMessage: 'RequestId: r-1 Error: Task timed out after 900.00 seconds' },
  };
}

test('a hook that timed out gets Failed reported for its lifecycle event, with the cause logged', async () => {
  serveDeployment(fake, { creator: 'CloudFormation' });
  fake.on('PutLifecycleEventHookExecutionStatus', sequence(jsonError('ThrottlingException', 'Rate exceeded'), { body: {} }));

  const result = await handler(timeoutRecord(), fakeContext());

  expect(result?.status).toBe('Failed');
  expect(fake.calls('PutLifecycleEventHookExecutionStatus').map((r) => r.input)).toEqual(Array(2).fill({
    deploymentId: DEPLOYMENT_ID, lifecycleEventHookExecutionId: HOOK_EXECUTION_ID, status: 'Failed',
  }));
  expect(logs.lines).toContainEqual(expect.objectContaining({
    level: 'ERROR', deploymentId: DEPLOYMENT_ID, cause: 'the hook timed out (Sandbox.Timedout: RequestId: r-1 Error: Task timed out after 900.00 seconds; RetriesExhausted)',
  }));
  expect(logs.lines).toContainEqual(expect.objectContaining({ message: 'lifecycle hook finished', status: 'Failed', reported: true }));
});

test('a record without the lifecycle ids is logged and ignored', async () => {
  await expect(handler(timeoutRecord({ foo: 1 }), fakeContext())).resolves.toBeUndefined();

  expect(fake.requests).toEqual([]);
  expect(logs.lines).toEqual([expect.objectContaining({
    level: 'ERROR', message: 'on-failure record lacks the CodeDeploy lifecycle ids: nothing can be reported', missing: ['DeploymentId', 'LifecycleEventHookExecutionId'],
  })]);
});

describe('on a rollback deployment', () => {
  // CodeDeploy API reference, DeploymentInfo: creator "codeDeployRollback: A rollback process created the
  // deployment", valid values include CloudFormationRollback; RollbackInfo.rollbackTriggeringDeploymentId
  // marks the deployment whose failure or stop started the rollback.
  test.each([
    ['CodeDeploy\'s automatic rollback', { creator: 'codeDeployRollback', rollbackInfo: { rollbackTriggeringDeploymentId: 'd-FORWARD1234' } }],
    ['a CloudFormation stack rollback', { creator: 'CloudFormationRollback' }],
  ] as const)('%s: a crashed hook reports Succeeded, so the rollback is never held', async (_kind, deployment) => {
    serveDeployment(fake, deployment);

    const result = await handler(timeoutRecord(), fakeContext());

    expect(result?.status).toBe('Succeeded');
    expect(fake.calls('PutLifecycleEventHookExecutionStatus').map((r) => r.input)).toEqual([{
      deploymentId: DEPLOYMENT_ID, lifecycleEventHookExecutionId: HOOK_EXECUTION_ID, status: 'Succeeded',
    }]);
    expect(fake.requests.map((r) => r.operation)).toEqual(['GetDeployment', 'PutLifecycleEventHookExecutionStatus']);
  });

  test('a forward deployment still gets Failed', async () => {
    serveDeployment(fake, { creator: 'CloudFormation' });

    const result = await handler(timeoutRecord(), fakeContext());

    expect(result?.status).toBe('Failed');
    expect(fake.requests.map((r) => r.operation)).toEqual(['GetDeployment', 'PutLifecycleEventHookExecutionStatus']);
  });

  test('a deployment that cannot be read gets Failed: no Succeeded without evidence', async () => {
    serveDeployment(fake);
    fake.on('GetDeployment', jsonError('AccessDeniedException', 'not authorized to perform codedeploy:GetDeployment'));

    const result = await handler(timeoutRecord(), fakeContext());

    expect(result?.status).toBe('Failed');
    expect(fake.calls('PutLifecycleEventHookExecutionStatus').map((r) => (r.input as { status: string }).status)).toEqual(['Failed']);
  });
});
