import { allowsInvoke, ruleFor, unqualifiedReferences } from '../../src/blue-green-lambda/bypass-rules';

const REF = { Ref: 'ApiFunction1234' };
const ARN = { 'Fn::GetAtt': ['ApiFunction1234', 'Arn'] };
const IMPORT = { 'Fn::ImportValue': 'TestStack:ExportsOutputFnGetAttApiFunction1234ArnABCD' };
const FORMS = new Set([REF, ARN, IMPORT].map((f) => JSON.stringify(f)));

function paths(type: string, properties: unknown): string[] {
  return unqualifiedReferences(ruleFor(type)!, properties, FORMS).map((r) => r.path);
}

describe('which references to the function are unqualified', () => {
  test.each<[string, unknown, string[]]>([
    ['the name', { FunctionName: REF }, ['FunctionName']],
    ['the ARN', { FunctionName: ARN }, ['FunctionName']],
    ['the imported ARN', { FunctionName: IMPORT }, ['FunctionName']],
    ['the name with an alias after it', { FunctionName: { 'Fn::Join': [':', [REF, 'live']] } }, []],
    ['the ARN with an alias after it', { FunctionName: { 'Fn::Join': ['', [ARN, ':live']] } }, []],
    ['the ARN followed by a token after a colon', { FunctionName: { 'Fn::Join': ['', [ARN, ':', { Ref: 'AliasName' }]] } }, []],
    ['the ARN followed by a token that cannot be judged', { FunctionName: { 'Fn::Join': ['', [ARN, { Ref: 'Suffix' }]] } }, []],
    ['the ARN followed by other text', { FunctionName: { 'Fn::Join': ['', [ARN, '/x']] } }, ['FunctionName']],
    ['a bare colon is no qualifier', { FunctionName: { 'Fn::Join': ['', [ARN, ':']] } }, ['FunctionName']],
    ['$LATEST is no qualifier', { FunctionName: { 'Fn::Join': ['', [ARN, ':$LATEST']] } }, ['FunctionName']],
    ['a qualifier that starts like $LATEST', { FunctionName: { 'Fn::Join': ['', [ARN, ':$LATEST2']] } }, []],
    ['another function', { FunctionName: { Ref: 'OtherFunction' } }, []],
    ['the function as the source, not the target', { FunctionName: { Ref: 'Other' }, SourceArn: ARN }, []],
  ])('a Lambda permission naming %s', (_name, properties, expected) => {
    expect(paths('AWS::Lambda::Permission', properties)).toEqual(expected);
  });

  test('an API Gateway integration URI: the ARN before /invocations is unqualified, an alias ARN is not', () => {
    const uri = (target: unknown) => ({ Integration: { Uri: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:eu-west-1:lambda:path/2015-03-31/functions/', target, '/invocations']] } } });
    expect(paths('AWS::ApiGateway::Method', uri(ARN))).toEqual(['Integration.Uri']);
    expect(paths('AWS::ApiGateway::Method', uri({ Ref: 'ApiAlias5678' }))).toEqual([]);
    expect(paths('AWS::ApiGateway::Method', uri({ 'Fn::Join': ['', [ARN, ':live']] }))).toEqual([]);
  });

  test('a state machine definition: the ARN closed by a quote is unqualified', () => {
    const definition = (after: string) => ({ DefinitionString: { 'Fn::Join': ['', ['{"States":{"Invoke":{"Parameters":{"FunctionName":"', ARN, after]] } });
    expect(paths('AWS::StepFunctions::StateMachine', definition('","Payload.$":"$"}}}}'))).toEqual(['DefinitionString']);
    expect(paths('AWS::StepFunctions::StateMachine', definition(':live","Payload.$":"$"}}}}'))).toEqual([]);
  });

  test('a function URL is qualified by its Qualifier, except $LATEST', () => {
    expect(paths('AWS::Lambda::Url', { TargetFunctionArn: ARN })).toEqual(['TargetFunctionArn']);
    expect(paths('AWS::Lambda::Url', { TargetFunctionArn: ARN, Qualifier: 'live' })).toEqual([]);
    expect(paths('AWS::Lambda::Url', { TargetFunctionArn: ARN, Qualifier: '$LATEST' })).toEqual(['TargetFunctionArn']);
  });

  test('list paths name the item', () => {
    expect(paths('AWS::Events::Rule', { Targets: [{ Arn: { Ref: 'Queue' }, Id: 'q' }, { Arn: ARN, Id: 'fn' }] })).toEqual(['Targets[1].Arn']);
  });

  test('only the target properties count (an event pattern naming the function is no call)', () => {
    expect(paths('AWS::Events::Rule', { EventPattern: { detail: { functionArn: [ARN] } }, Targets: [{ Arn: { Ref: 'Queue' }, Id: 'q' }] })).toEqual([]);
  });

  test('IAM: only statements that allow invoking, on the unqualified ARN', () => {
    const policy = (statements: unknown[]) => ({ PolicyDocument: { Statement: statements } });
    expect(paths('AWS::IAM::Policy', policy([
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: [ARN, { 'Fn::Join': ['', [ARN, ':*']] }] },
    ]))).toEqual(['PolicyDocument.Statement[0].Resource[0]']);
    expect(paths('AWS::IAM::Policy', policy([{ Effect: 'Allow', Action: 'lambda:GetFunction', Resource: ARN }]))).toEqual([]);
    expect(paths('AWS::IAM::Policy', policy([{ Effect: 'Deny', Action: 'lambda:InvokeFunction', Resource: ARN }]))).toEqual([]);
    expect(paths('AWS::IAM::Policy', policy([{ Effect: 'Allow', Action: 'lambda:InvokeFunctionUrl', Resource: ARN }]))).toEqual([]);
    expect(paths('AWS::IAM::Policy', policy([{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::Join': ['', [ARN, ':*']] } }]))).toEqual([]);
    expect(paths('AWS::IAM::Role', { Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 'lambda:*'], Resource: ARN }] } }] }))
      .toEqual(['Policies[0].PolicyDocument.Statement[0].Resource']);
  });

  test.each([
    ['lambda:InvokeFunction', true], ['lambda:invokefunction', true], ['lambda:Invoke*', true], ['lambda:*', true], ['*', true],
    ['lambda:InvokeAsync', true], ['lambda:InvokeFunctionUrl', false], ['lambda:Get*', false], ['s3:*', false],
  ])('the action %s allows invoking: %s', (action, expected) => {
    expect(allowsInvoke({ Effect: 'Allow', Action: action, Resource: '*' })).toBe(expected);
  });

  test('custom resources of any type are callers through their service token; unknown types are not judged', () => {
    expect(paths('Custom::Seed', { ServiceToken: ARN })).toEqual(['ServiceToken']);
    expect(paths('AWS::CloudFormation::CustomResource', { ServiceToken: ARN })).toEqual(['ServiceToken']);
    expect(ruleFor('AWS::CloudWatch::Alarm')).toBeUndefined();
    expect(ruleFor('AWS::Lambda::Version')).toBeUndefined();
  });
});
