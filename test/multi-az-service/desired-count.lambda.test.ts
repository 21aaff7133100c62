import type { Context } from 'aws-lambda';
import { jsonError, queryError } from '../support/fake-aws';
import { FakeCapacityApis } from '../support/fake-capacity-apis';
import { captureLogs, useFakeAwsEnv } from '../support/handler-env';

/*
 * The real handler, with the real SDK v3 clients, against local endpoints speaking the
 * CloudFormation (query/XML), ECS (JSON 1.1) and Application Auto Scaling (JSON 1.1) protocols,
 * and a local server standing in for the pre-signed ResponseURL.
 */

// Stack ID shaped like the ones in the CloudFormation User Guide's custom resource request examples.
const STACK_ID = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/TestStack/5b918d10-cd98-11ea-90d5-0a9cd3354c10';
const SERVICE_LOGICAL_ID = 'OrdersServiceD066556E';
const CLUSTER = 'TestStack-MultiAzServiceNetworkClusterC2CE170E-AbCdEf123456';
// ECS service ARN in the long format: arn:aws:ecs:<region>:<account>:service/<cluster>/<service> (ECS Developer Guide, ARNs and IDs).
const SERVICE_ARN = `arn:aws:ecs:eu-west-1:123456789012:service/${CLUSTER}/TestStack-OrdersServiceD066556E-XyZ789`;
const RESOURCE_ID = `service/${CLUSTER}/TestStack-OrdersServiceD066556E-XyZ789`;
const PHYSICAL_ID = `${STACK_ID}/OrdersDesiredCount3865C5FF`;

type Handler = (event: unknown, context: Context) => Promise<void>;

let fake: FakeCapacityApis;
let handler: Handler;
let logs: ReturnType<typeof captureLogs>;
const savedEnv = { ...process.env };

beforeAll(async () => {
  fake = await FakeCapacityApis.start();
  useFakeAwsEnv({ AWS_ENDPOINT_URL: fake.url });
  // Loaded after the environment is set: the handler creates its SDK clients when the module loads.
  handler = jest.requireActual<typeof import('../../src/multi-az-service/desired-count/desired-count.lambda')>('../../src/multi-az-service/desired-count/desired-count.lambda').handler;
});

afterAll(async () => {
  process.env = savedEnv;
  await fake.close();
});

beforeEach(() => {
  fake.reset();
  logs = captureLogs();
});

afterEach(() => logs.restore());

/**
 * Resource properties as the template writes them. The CloudFormation User Guide's request examples
 * show property values as strings: CloudFormation passes every custom resource property value to
 * the provider as a string, numbers included.
 */
function properties(floor: number, maximum: number, digest = 'a1'): Record<string, unknown> {
  return {
    ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:TestStack-MultiAzServiceDesiredCountFunction-AbC',
    ServiceTimeout: '300',
    ServiceLogicalId: SERVICE_LOGICAL_ID,
    Cluster: CLUSTER,
    Floor: String(floor),
    Maximum: String(maximum),
    ServiceDigest: digest,
    ServiceReferences: [CLUSTER, 'arn:aws:ecs:eu-west-1:123456789012:task-definition/TestStackOrdersTaskDefinition49887840:7'],
  };
}

/** A request with the fields of the User Guide's "Custom resource request objects" (Create, Update, Delete pages). */
function request(type: 'Create' | 'Update' | 'Delete', props: Record<string, unknown>, old?: Record<string, unknown>) {
  return {
    RequestType: type,
    RequestId: `${type.toLowerCase()}-request-1`,
    ResponseURL: fake.responseUrl(),
    ResourceType: 'Custom::ServiceDesiredCount',
    LogicalResourceId: 'OrdersDesiredCount3865C5FF',
    StackId: STACK_ID,
    ...(type === 'Create' ? {} : { PhysicalResourceId: PHYSICAL_ID }),
    ResourceProperties: props,
    ...(old ? { OldResourceProperties: old } : {}),
  };
}

function context(remainingMs = 60_000): Context {
  return { getRemainingTimeInMillis: () => remainingMs } as Context;
}

/** A service that exists in the stack and in ECS, with its scalable target. */
function runningService(desiredCount: number, scalable: { minCapacity: number; maxCapacity: number } | undefined = { minCapacity: 6, maxCapacity: 18 }, status = 'ACTIVE') {
  fake.stacks.set('TestStack', new Map([[SERVICE_LOGICAL_ID, { physicalResourceId: SERVICE_ARN, resourceType: 'AWS::ECS::Service', status: 'UPDATE_COMPLETE' }]]));
  fake.services.set(SERVICE_ARN, { status, desiredCount });
  if (scalable) fake.scalableTargets.set(RESOURCE_ID, scalable);
}

function onlyResponse(): Record<string, any> {
  const responses = fake.responses();
  expect(responses).toHaveLength(1);
  return responses[0];
}

describe('desired-count provider', () => {
  test('create of a new service: the statically stable count, in the documented response shape', async () => {
    fake.stacks.set('TestStack', new Map());

    await handler(request('Create', properties(6, 18)), context());

    expect(onlyResponse()).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: PHYSICAL_ID,
      StackId: STACK_ID,
      RequestId: 'create-request-1',
      LogicalResourceId: 'OrdersDesiredCount3865C5FF',
      Data: { DesiredCount: 6 },
    });
    const put = fake.aws.calls('CustomResourceResponse')[0];
    expect(put.method).toBe('PUT');
    expect(put.headers['content-type']).toBe('');
    expect(Number(put.headers['content-length'])).toBe(Buffer.byteLength(put.body));
    expect(fake.apiCalls().map((c) => [c.operation, c.input])).toEqual([
      ['DescribeStackResource', { Action: 'DescribeStackResource', Version: '2010-05-15', StackName: STACK_ID, LogicalResourceId: SERVICE_LOGICAL_ID }],
    ]);
    expect(logs.lines.find((l) => l.message === 'desired count')).toMatchObject({ desiredCount: 6, reason: expect.stringMatching(/does not exist yet/) });
  });

  test('update of a service scaled out to 12: 12, read from ECS and Application Auto Scaling', async () => {
    runningService(12);

    await handler(request('Update', properties(6, 18, 'new-image'), properties(6, 18, 'old-image')), context());

    expect(onlyResponse()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: PHYSICAL_ID, Data: { DesiredCount: 12 } });
    expect(fake.apiCalls().map((c) => [c.operation, c.input])).toEqual([
      ['DescribeStackResource', expect.objectContaining({ StackName: STACK_ID, LogicalResourceId: SERVICE_LOGICAL_ID })],
      ['DescribeServices', { cluster: CLUSTER, services: [SERVICE_ARN] }],
      ['DescribeScalableTargets', { ServiceNamespace: 'ecs', ResourceIds: [RESOURCE_ID], ScalableDimension: 'ecs:service:DesiredCount' }],
    ]);
  });

  test('update of a service at the floor: the floor', async () => {
    runningService(6);
    await handler(request('Update', properties(6, 18, 'b'), properties(6, 18, 'a')), context());
    expect(onlyResponse()).toMatchObject({ Status: 'SUCCESS', Data: { DesiredCount: 6 } });
  });

  test('a raised capacity plan: the new floor, above the running count', async () => {
    runningService(6);
    await handler(request('Update', properties(9, 27), properties(6, 18)), context());
    expect(onlyResponse()).toMatchObject({ Status: 'SUCCESS', Data: { DesiredCount: 9 } });
  });

  test('stack rollback (an Update back to the old properties): the running count, not the old floor', async () => {
    // The failed update had raised the floor to 9; the service has meanwhile scaled to 12.
    runningService(12, { minCapacity: 9, maxCapacity: 27 });
    await handler(request('Update', properties(6, 18, 'old'), properties(9, 27, 'new')), context());
    expect(onlyResponse()).toMatchObject({ Status: 'SUCCESS', Data: { DesiredCount: 12 } });
  });

  test('a scalable target minimum above the running count (a scheduled action just raised it): that minimum', async () => {
    runningService(6, { minCapacity: 10, maxCapacity: 18 });
    await handler(request('Update', properties(6, 18, 'b'), properties(6, 18, 'a')), context());
    expect(onlyResponse()).toMatchObject({ Data: { DesiredCount: 10 } });
  });

  test('a ceiling raised outside the template is respected: 24 stays 24 with a plan maximum of 18', async () => {
    runningService(24, { minCapacity: 20, maxCapacity: 30 });
    await handler(request('Update', properties(6, 18, 'b'), properties(6, 18, 'a')), context());
    expect(onlyResponse()).toMatchObject({ Data: { DesiredCount: 24 } });
  });

  test('a Create for a service that already runs (the resource added to an existing stack) keeps its count', async () => {
    runningService(12);
    await handler(request('Create', properties(6, 18)), context());
    expect(onlyResponse()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: PHYSICAL_ID, Data: { DesiredCount: 12 } });
  });

  test('a service ECS reports MISSING or INACTIVE has no tasks to keep: the floor', async () => {
    fake.stacks.set('TestStack', new Map([[SERVICE_LOGICAL_ID, { physicalResourceId: SERVICE_ARN, resourceType: 'AWS::ECS::Service' }]]));
    await handler(request('Update', properties(6, 18, 'b'), properties(6, 18, 'a')), context());
    expect(onlyResponse()).toMatchObject({ Data: { DesiredCount: 6 } });

    fake.reset();
    runningService(12, undefined, 'INACTIVE');
    await handler(request('Update', properties(6, 18, 'b'), properties(6, 18, 'a')), context());
    expect(onlyResponse()).toMatchObject({ Data: { DesiredCount: 6 } });
    expect(fake.apiCalls().map((c) => c.operation)).not.toContain('DescribeScalableTargets');
  });

  test('delete: nothing to do, no AWS call, the physical ID sent back', async () => {
    await handler(request('Delete', properties(6, 18)), context());
    expect(onlyResponse()).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: PHYSICAL_ID,
      StackId: STACK_ID,
      RequestId: 'delete-request-1',
      LogicalResourceId: 'OrdersDesiredCount3865C5FF',
    });
    expect(fake.apiCalls()).toEqual([]);
  });

  test('delete succeeds even with properties the provider cannot read', async () => {
    await handler(request('Delete', {}), context());
    expect(onlyResponse()).toMatchObject({ Status: 'SUCCESS' });
  });

  test('an API error that will not go away fails the resource with the error, never a guessed count', async () => {
    runningService(12);
    fake.fail('DescribeServices', jsonError('AccessDeniedException', 'User is not authorized to perform: ecs:DescribeServices'));

    await handler(request('Update', properties(6, 18, 'b'), properties(6, 18, 'a')), context());

    const response = onlyResponse();
    expect(response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: PHYSICAL_ID, RequestId: 'update-request-1' });
    expect(response.Data).toBeUndefined();
    expect(response.Reason).toMatch(/could not read the running service: AccessDeniedException: User is not authorized to perform: ecs:DescribeServices.*not guessed/);
    expect(fake.aws.calls('DescribeServices')).toHaveLength(1);
  });

  test.each([
    ['access denied', queryError('AccessDenied', 'User is not authorized to perform: cloudformation:DescribeStackResource', 403), /AccessDenied: User is not authorized/],
    ['another ValidationError', queryError('ValidationError', `Stack with id ${STACK_ID} does not exist`), /ValidationError: Stack with id .* does not exist/],
  ])('a stack look-up that fails with %s is a failure, not a new service (never the floor for a running one)', async (_name, error, reason) => {
    runningService(12);
    fake.fail('DescribeStackResource', error);
    await handler(request('Update', properties(6, 18, 'b'), properties(6, 18, 'a')), context());
    expect(onlyResponse()).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(reason) });
    expect(fake.aws.calls('DescribeServices')).toHaveLength(0);
  });

  test('a running service without a scalable target keeps its count', async () => {
    runningService(12, undefined);
    await handler(request('Update', properties(6, 18, 'b'), properties(6, 18, 'a')), context());
    expect(onlyResponse()).toMatchObject({ Status: 'SUCCESS', Data: { DesiredCount: 12 } });
    expect(fake.aws.calls('DescribeScalableTargets')).toHaveLength(1);
  });

  test('throttling and server errors are retried, then the running count is answered', async () => {
    runningService(12);
    fake.fail('DescribeStackResource', queryError('Throttling', 'Rate exceeded'));
    fake.fail('DescribeScalableTargets', jsonError('InternalServiceException', 'internal error', 500), 2);

    await handler(request('Update', properties(6, 18, 'b'), properties(6, 18, 'a')), context());

    expect(onlyResponse()).toMatchObject({ Status: 'SUCCESS', Data: { DesiredCount: 12 } });
    expect(fake.aws.calls('DescribeStackResource')).toHaveLength(2);
    expect(fake.aws.calls('DescribeScalableTargets')).toHaveLength(3);
    expect(logs.lines.filter((l) => l.message === 'retrying AWS call').map((l) => l.operation)).toEqual(['DescribeStackResource', 'DescribeScalableTargets', 'DescribeScalableTargets']);
  });

  test('an outage that outlasts the Lambda time fails the resource before the timeout, with time left to answer', async () => {
    runningService(12);
    fake.fail('DescribeServices', jsonError('ServerException', 'Service unavailable', 503), 1000);

    const started = Date.now();
    // 12 s left: 10 s are kept for the response, so the provider gives up after about 2 s.
    await handler(request('Update', properties(6, 18, 'b'), properties(6, 18, 'a')), context(12_000));

    expect(Date.now() - started).toBeLessThan(6000);
    expect(onlyResponse()).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/ServerException: Service unavailable/) });
  });

  test('invalid properties fail the resource and say which', async () => {
    await handler(request('Create', { ...properties(6, 18), Floor: 'six' }), context());
    expect(onlyResponse()).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/invalid properties: Floor must be a whole number of at least 1, got "six"/) });
    expect(fake.apiCalls()).toEqual([]);
  });

  test('a malformed request that still names its response URL is answered FAILED', async () => {
    const { RequestType: _dropped, ...rest } = request('Update', properties(6, 18));
    await handler({ ...rest, RequestType: 'Replace' }, context());
    expect(onlyResponse()).toMatchObject({ Status: 'FAILED', PhysicalResourceId: PHYSICAL_ID, Reason: expect.stringMatching(/malformed request: RequestType must be one of Create, Update, Delete/) });
  });

  test('a malformed Delete is still answered SUCCESS: a delete never blocks', async () => {
    const { PhysicalResourceId: _dropped, ...rest } = request('Delete', properties(6, 18));
    await handler(rest, context());
    expect(onlyResponse()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: PHYSICAL_ID });
  });

  test('the response PUT is retried when the response URL fails once', async () => {
    fake.stacks.set('TestStack', new Map());
    let failed = false;
    fake.aws.on('CustomResourceResponse', () => {
      if (failed) return { status: 200, body: '' };
      failed = true;
      return { status: 503, body: 'Slow Down' };
    });
    await handler(request('Create', properties(6, 18)), context());
    expect(fake.responses()).toHaveLength(2);
    expect(fake.responses()[1]).toMatchObject({ Status: 'SUCCESS', Data: { DesiredCount: 6 } });
  });
});
