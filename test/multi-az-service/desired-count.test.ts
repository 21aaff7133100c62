import { decideDesiredCount, DesiredCountProperties, parseProperties, scalableResourceId, serviceNameOf } from '../../src/multi-az-service/desired-count/decide';
import { failure, MAX_REASON_LENGTH, parseRequest, physicalResourceId, success } from '../../src/multi-az-service/desired-count/handler/custom-resource';
import { canonicalJson, serviceInputs } from '../../src/multi-az-service/desired-count/service-inputs';

const PROPS: DesiredCountProperties = { serviceLogicalId: 'OrdersService', cluster: 'main', floor: 6, maximum: 18 };

describe('decideDesiredCount', () => {
  test.each([
    ['a new service starts with the floor', undefined, undefined, 6],
    ['a scaled-out service keeps its count', { status: 'ACTIVE', desiredCount: 12 }, { minCapacity: 6, maxCapacity: 18 }, 12],
    ['a service at the floor stays there', { status: 'ACTIVE', desiredCount: 6 }, { minCapacity: 6, maxCapacity: 18 }, 6],
    ['a service below the floor (a lower plan before) rises to it', { status: 'ACTIVE', desiredCount: 3 }, { minCapacity: 3, maxCapacity: 9 }, 6],
    ['a scalable minimum above the count wins', { status: 'ACTIVE', desiredCount: 7 }, { minCapacity: 10, maxCapacity: 18 }, 10],
    ['a count above the plan maximum is kept while the scalable maximum allows it', { status: 'ACTIVE', desiredCount: 24 }, { minCapacity: 6, maxCapacity: 30 }, 24],
    ['a count above every maximum is capped at the larger maximum', { status: 'ACTIVE', desiredCount: 40 }, { minCapacity: 6, maxCapacity: 30 }, 30],
    ['without a scalable target, the plan maximum caps', { status: 'ACTIVE', desiredCount: 40 }, undefined, 18],
    ['without a scalable target, a scaled-out count is kept', { status: 'ACTIVE', desiredCount: 12 }, undefined, 12],
    ['a DRAINING service has nothing to keep', { status: 'DRAINING', desiredCount: 12 }, undefined, 6],
    ['an INACTIVE service has nothing to keep', { status: 'INACTIVE', desiredCount: 12 }, undefined, 6],
  ])('%s', (_name, service, scalable, expected) => {
    const decision = decideDesiredCount(PROPS, service, scalable);
    expect(decision.desiredCount).toBe(expected);
    expect(decision.reason.length).toBeGreaterThan(10);
  });

  test('the reason names every input and a cap', () => {
    expect(decideDesiredCount(PROPS, { status: 'ACTIVE', desiredCount: 40 }, { minCapacity: 6, maxCapacity: 30 }).reason)
      .toBe("max of floor 6, running service's desired count 40, scalable target 6-30, capped at 30");
  });
});

describe('parseProperties', () => {
  const valid = { ServiceLogicalId: 'OrdersService', Cluster: 'main', Floor: '6', Maximum: '18' };

  test('reads the numbers CloudFormation sends as strings, and numbers', () => {
    expect(parseProperties(valid)).toEqual(PROPS);
    expect(parseProperties({ ...valid, Floor: 6, Maximum: 18 })).toEqual(PROPS);
  });

  test.each([
    ['Floor is missing', { ...valid, Floor: undefined }, /Floor must be a whole number of at least 1, got undefined/],
    ['Floor is not whole', { ...valid, Floor: '2.5' }, /Floor must be a whole number/],
    ['Floor is 0', { ...valid, Floor: '0' }, /Floor must be a whole number of at least 1, got "0"/],
    ['Maximum is below Floor', { ...valid, Maximum: '3' }, /Maximum \(3\) is below Floor \(6\)/],
    ['ServiceLogicalId is empty', { ...valid, ServiceLogicalId: '' }, /ServiceLogicalId must be a non-empty string/],
    ['Cluster is not a string', { ...valid, Cluster: 7 }, /Cluster must be a non-empty string, got 7/],
    ['there are no properties', undefined, /ResourceProperties is missing/],
  ])('fails when %s', (_name, props, message) => {
    expect(() => parseProperties(props)).toThrow(message);
  });
});

describe('service ARNs', () => {
  test('the service name and scalable resource ID, from long and old ARN formats', () => {
    expect(serviceNameOf('arn:aws:ecs:eu-west-1:123456789012:service/main/orders')).toBe('orders');
    expect(serviceNameOf('arn:aws:ecs:eu-west-1:123456789012:service/orders')).toBe('orders');
    expect(scalableResourceId('main', 'arn:aws:ecs:eu-west-1:123456789012:service/main/orders')).toBe('service/main/orders');
  });

  test('fails when the physical ID is not a service ARN', () => {
    expect(() => serviceNameOf('arn:aws:ecs:eu-west-1:123456789012:cluster/main')).toThrow(/not an ECS service ARN/);
  });
});

describe('serviceInputs', () => {
  test('collects every distinct reference, leaves pseudo parameters out, keeps Fn::If whole', () => {
    const inputs = serviceInputs({
      Cluster: { Ref: 'Cluster' },
      TaskDefinition: { Ref: 'TaskDef' },
      Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
      Region: { Ref: 'AWS::Region' },
      Joined: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':x/', { Ref: 'Cluster' }]] },
      Sub: { 'Fn::Sub': 'arn:${AWS::Partition}:ecs:${Bucket}/${Fn.Arn}/${!Literal}' },
      SubWithVariables: { 'Fn::Sub': ['${Name}-${Other}', { Name: { Ref: 'Named' } }] },
      Imported: { 'Fn::ImportValue': 'shared-vpc' },
      Conditional: { 'Fn::If': ['IsProd', { Ref: 'Prod' }, { Ref: 'AWS::NoValue' }] },
      Subnets: [{ Ref: 'Subnet1' }, { Ref: 'Subnet2' }, { Ref: 'Subnet1' }],
    });
    expect(inputs.references).toEqual([
      { Ref: 'Cluster' },
      { Ref: 'TaskDef' },
      { 'Fn::GetAtt': ['Role', 'Arn'] },
      { Ref: 'Bucket' },
      { 'Fn::GetAtt': ['Fn', 'Arn'] },
      { Ref: 'Other' },
      { Ref: 'Named' },
      { 'Fn::ImportValue': 'shared-vpc' },
      { 'Fn::If': ['IsProd', { Ref: 'Prod' }, { Ref: 'AWS::NoValue' }] },
      { Ref: 'Subnet1' },
      { Ref: 'Subnet2' },
    ]);
  });

  test('the digest ignores key order and changes with any value', () => {
    const a = serviceInputs({ A: 1, B: { C: [1, 2], D: 'x' } }).digest;
    expect(serviceInputs({ B: { D: 'x', C: [1, 2] }, A: 1 }).digest).toBe(a);
    expect(serviceInputs({ A: 1, B: { C: [2, 1], D: 'x' } }).digest).not.toBe(a);
    expect(serviceInputs({ A: 2, B: { C: [1, 2], D: 'x' } }).digest).not.toBe(a);
    expect(canonicalJson({ b: [true, null], a: 'x' })).toBe('{"a":"x","b":[true,null]}');
  });
});

describe('custom resource protocol', () => {
  // Fields of the CloudFormation User Guide's "Custom resource request objects" (Update page example).
  const update = {
    RequestType: 'Update',
    RequestId: 'unique id for this update request',
    ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/x?X-Amz-Signature=y',
    ResourceType: 'Custom::ServiceDesiredCount',
    LogicalResourceId: 'OrdersDesiredCount',
    StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/TestStack/5b918d10-cd98-11ea-90d5-0a9cd3354c10',
    PhysicalResourceId: 'custom resource provider-defined physical id',
    ResourceProperties: { key1: 'new-string' },
    OldResourceProperties: { key1: 'string' },
  };

  test('the response copies the request identifiers and keeps the physical ID on update', () => {
    const request = parseRequest(update);
    expect(success(request, { DesiredCount: 12 })).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: 'custom resource provider-defined physical id',
      StackId: update.StackId,
      RequestId: update.RequestId,
      LogicalResourceId: 'OrdersDesiredCount',
      Data: { DesiredCount: 12 },
    });
  });

  test('a create gets a physical ID from the stack and the logical ID', () => {
    const { PhysicalResourceId: _none, OldResourceProperties: _old, ...create } = { ...update, RequestType: 'Create' };
    expect(physicalResourceId(parseRequest(create))).toBe(`${update.StackId}/OrdersDesiredCount`);
  });

  test('a failure reason is cut so the response stays under 4096 bytes', () => {
    const response = failure(parseRequest(update), 'x'.repeat(5000));
    expect(response.Reason).toHaveLength(MAX_REASON_LENGTH);
    expect(Buffer.byteLength(JSON.stringify(response))).toBeLessThan(4096);
  });

  test.each([
    ['the event is not an object', 'x', /the event is not an object/],
    ['ResponseURL is missing', { ...update, ResponseURL: undefined }, /ResponseURL must be a non-empty string/],
    ['RequestType is unknown', { ...update, RequestType: 'Replace' }, /RequestType must be one of Create, Update, Delete, got "Replace"/],
    ['an Update has no PhysicalResourceId', { ...update, PhysicalResourceId: undefined }, /PhysicalResourceId must be a non-empty string on Update/],
  ])('fails when %s', (_name, event, message) => {
    expect(() => parseRequest(event)).toThrow(message);
  });
});
