import { App, CustomResource, Duration, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as elbv2Targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as iot from 'aws-cdk-lib/aws-iot';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as logsDestinations from 'aws-cdk-lib/aws-logs-destinations';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { blueGreen, FUNCTION_PROPS } from './support';
import { buildOrdersApp } from '../../examples/orders-app';
import { BlueGreenLambda } from '../../src/blue-green-lambda';
import { UNQUALIFIED_CALLER_WARNING, UNUSED_CALLER_ACK_WARNING } from '../../src/blue-green-lambda/bypass-guard';
import { CheckPhase } from '../../src/verification';
import { envStack, testApp } from '../support/app';

/** Paths (without the leading slash) of the bypass errors of `stack`. */
function bypassErrors(stack: Stack): Array<{ path: string; message: string }> {
  return Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('invokes the unqualified function'))
    .map((m) => ({ path: m.id.replace(/^\//, ''), message: String(m.entry.data) }));
}

function warnings(stack: Stack, id: string): Array<{ path: string; message: string }> {
  return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(id))
    .map((m) => ({ path: m.id.replace(/^\//, ''), message: String(m.entry.data) }));
}

/** Expects exactly one bypass error, on `path`, naming the kind and a fix that mentions `fix`. */
function expectOneError(stack: Stack, path: string, kind: string, fix: RegExp): void {
  const errors = bypassErrors(stack);
  expect(errors.map((e) => e.path)).toEqual([path]);
  const message = errors[0].message;
  expect(message).toContain(`${kind} ${path} invokes the unqualified function of BlueGreenLambda TestStack/Api`);
  expect(message).toMatch(/Bind it to the live alias: /);
  expect(message).toMatch(fix);
  expect(message).toMatch(/fn\.allowUnqualifiedCaller\(caller, reason\)/);
}

describe('bypass guard: every caller of the unqualified function is an error naming the caller and the fix', () => {
  test('LambdaRestApi on the function: each method of the API', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    new apigateway.LambdaRestApi(stack, 'Rest', { handler: api.function });
    const errors = bypassErrors(stack);
    expect(errors.map((e) => e.path).sort()).toEqual(['TestStack/Rest/Default/ANY', 'TestStack/Rest/Default/{proxy+}/ANY']);
    expect(errors[0].message).toMatch(/API Gateway REST method .*AWS::ApiGateway::Method .*Integration\.Uri.*LambdaRestApi\(this, id, \{ handler: fn\.alias \}\)/);
    // The API's invoke permissions are part of the method's error, not errors of their own.
    expect(errors[0].message).toMatch(/; and .*ApiPermission/);
  });

  test('LambdaIntegration on the function\'s $LATEST', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    new apigateway.RestApi(stack, 'Rest').root.addMethod('GET', new apigateway.LambdaIntegration(api.function.latestVersion));
    expect(bypassErrors(stack).map((e) => e.path)).toEqual(['TestStack/Rest/Default/GET']);
  });

  test('LambdaIntegration on a method', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    const rest = new apigateway.RestApi(stack, 'Rest');
    rest.root.addResource('orders').addMethod('GET', new apigateway.LambdaIntegration(api.function));
    expectOneError(stack, 'TestStack/Rest/Default/orders/GET', 'API Gateway REST method', /LambdaIntegration\(fn\.alias\)/);
  });

  test('HttpLambdaIntegration of an HTTP API', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    new apigwv2.HttpApi(stack, 'Http', { defaultIntegration: new HttpLambdaIntegration('Orders', api.function) });
    expectOneError(stack, 'TestStack/Http/DefaultRoute/Orders', 'API Gateway HTTP/WebSocket integration', /HttpLambdaIntegration\(id, fn\.alias\)/);
  });

  test('a function URL on the function, with its permission', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    api.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    expectOneError(stack, 'TestStack/Api/Function/FunctionUrl', 'function URL', /fn\.addFunctionUrl\(\)/);
  });

  test('an event source mapping on the function', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    const queue = new sqs.Queue(stack, 'Queue');
    api.function.addEventSource(new sources.SqsEventSource(queue));
    const errors = bypassErrors(stack);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toMatch(/^TestStack\/Api\/Function\/SqsEventSource:TestStackQueue/);
    expect(errors[0].message).toMatch(/event source mapping .*FunctionName.*fn\.addEventSource\(source\)/);
  });

  test('a permission on the function', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    api.function.addPermission('S3Invoke', { principal: new iam.ServicePrincipal('s3.amazonaws.com') });
    expectOneError(stack, 'TestStack/Api/Function/S3Invoke', 'Lambda permission', /fn\.alias\.addPermission/);
  });

  test('an asynchronous destination of another function', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    new lambda.Function(stack, 'Other', { ...FUNCTION_PROPS, onSuccess: new destinations.LambdaDestination(api.function) });
    const errors = bypassErrors(stack);
    expect(errors.map((e) => e.path).sort()).toEqual(['TestStack/Other/EventInvokeConfig', 'TestStack/Other/ServiceRole/DefaultPolicy']);
    expect(errors.find((e) => e.path.endsWith('EventInvokeConfig'))!.message).toMatch(/asynchronous invocation destination .*DestinationConfig\.OnSuccess\.Destination.*LambdaDestination\(fn\.alias\)/);
    expect(errors.find((e) => e.path.endsWith('DefaultPolicy'))!.message).toMatch(/IAM policy .*PolicyDocument\.Statement\[\d+\]\.Resource.*fn\.grantInvoke\(grantee\)/);
  });

  test('an SNS subscription', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    new sns.Topic(stack, 'Topic').addSubscription(new subscriptions.LambdaSubscription(api.function));
    expectOneError(stack, 'TestStack/Api/Function/Topic', 'SNS subscription', /LambdaSubscription\(fn\.alias\)/);
  });

  test('an EventBridge rule target, with its permission', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    new events.Rule(stack, 'Nightly', { schedule: events.Schedule.rate(Duration.days(1)), targets: [new targets.LambdaFunction(api.function)] });
    expectOneError(stack, 'TestStack/Nightly', 'EventBridge rule target', /targets\.LambdaFunction\(fn\.alias\)/);
  });

  test('an EventBridge Scheduler target', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    new scheduler.Schedule(stack, 'Schedule', { schedule: scheduler.ScheduleExpression.rate(Duration.hours(1)), target: new schedulerTargets.LambdaInvoke(api.function) });
    const errors = bypassErrors(stack);
    expect(errors.map((e) => e.path)).toContain('TestStack/Schedule');
    expect(errors.find((e) => e.path === 'TestStack/Schedule')!.message).toMatch(/EventBridge Scheduler target .*Target\.Arn/);
  });

  test('a Step Functions task, with the state machine role\'s grant', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    new sfn.StateMachine(stack, 'Flow', { definitionBody: sfn.DefinitionBody.fromChainable(new tasks.LambdaInvoke(stack, 'Invoke', { lambdaFunction: api.function })) });
    expectOneError(stack, 'TestStack/Flow', 'Step Functions state machine', /LambdaInvoke\(this, id, \{ lambdaFunction: fn\.alias \}\)/);
  });

  test('an S3 bucket notification, with its permission', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    new s3.Bucket(stack, 'Uploads').addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(api.function));
    expectOneError(stack, 'TestStack/Uploads/Notifications', 'S3 bucket notification', /s3n\.LambdaDestination\(fn\.alias\)/);
  });

  test('a CloudWatch Logs subscription filter, with its permission', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    new logs.SubscriptionFilter(stack, 'Forward', {
      logGroup: new logs.LogGroup(stack, 'AppLogs'),
      destination: new logsDestinations.LambdaDestination(api.function),
      filterPattern: logs.FilterPattern.allEvents(),
    });
    expectOneError(stack, 'TestStack/Forward', 'CloudWatch Logs subscription filter', /logs_destinations\.LambdaDestination\(fn\.alias\)/);
  });

  test('a load balancer target group, with its permission', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    new elbv2.ApplicationTargetGroup(stack, 'Targets', { targets: [new elbv2Targets.LambdaTarget(api.function)] });
    expectOneError(stack, 'TestStack/Targets', 'load balancer target group', /LambdaTarget\(fn\.alias\)/);
  });

  test('an IoT topic rule', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    new iot.CfnTopicRule(stack, 'Telemetry', { topicRulePayload: { sql: "SELECT * FROM 'telemetry'", actions: [{ lambda: { functionArn: api.function.functionArn } }] } });
    expectOneError(stack, 'TestStack/Telemetry', 'IoT topic rule', /fn\.alias\.functionArn/);
  });

  test('an IAM grant to invoke the function', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    const role = new iam.Role(stack, 'Client', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    api.function.grantInvoke(role);
    expectOneError(stack, 'TestStack/Client/DefaultPolicy', 'IAM policy', /fn\.grantInvoke\(grantee\)/);
  });

  test('a caller in another stack of the app, through an export', () => {
    const app = testApp();
    const env = { account: '123456789012', region: 'eu-west-1' };
    const home = new Stack(app, 'TestStack', { env });
    const api = blueGreen({}, home);
    const consumer = new Stack(app, 'Consumer', { env });
    const queue = new sqs.Queue(consumer, 'Queue');
    new lambda.EventSourceMapping(consumer, 'Mapping', { target: api.function, eventSourceArn: queue.queueArn });
    const errors = bypassErrors(consumer);
    expect(errors.map((e) => e.path)).toEqual(['Consumer/Mapping']);
    expect(errors[0].message).toMatch(/event source mapping Consumer\/Mapping invokes the unqualified function of BlueGreenLambda TestStack\/Api/);
    expect(bypassErrors(home)).toEqual([]);
  });

  test('a caller in a nested stack, through the nested stack\'s parameter', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    const workers = new NestedStack(stack, 'Workers');
    new lambda.EventSourceMapping(workers, 'Mapping', { target: api.function, eventSourceArn: 'arn:aws:sqs:eu-west-1:123456789012:jobs' });
    new lambda.EventSourceMapping(workers, 'Clean', { target: api.alias, eventSourceArn: 'arn:aws:sqs:eu-west-1:123456789012:jobs2' });
    const errors = bypassErrors(stack);
    expect(errors.map((e) => e.path)).toEqual(['TestStack/Workers/Mapping']);
    expect(errors[0].message).toMatch(/event source mapping TestStack\/Workers\/Mapping invokes the unqualified function of BlueGreenLambda TestStack\/Api \(AWS::Lambda::EventSourceMapping \w+, FunctionName\)/);
  });

  test('a custom resource served by the function', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    new CustomResource(stack, 'Seed', { serviceToken: api.function.functionArn });
    expectOneError(stack, 'TestStack/Seed', 'custom resource', /fn\.alias\.functionArn/);
  });
});

describe('bypass guard: callers written as L1 resources', () => {
  /** A stack without CloudFormation's default rules: the L1 fixtures below carry placeholder IDs. */
  function l1Stack(): Stack {
    return new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'eu-west-1' } });
  }
  const uri = (arn: string) => `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${arn}/invocations`;
  test.each<[string, string, (s: Stack, arn: string) => void]>([
    ['API Gateway REST authorizer', 'Authorizer', (s, arn) => new apigateway.CfnAuthorizer(s, 'Authorizer', { restApiId: 'a1b2c3', type: 'TOKEN', name: 'auth', authorizerUri: uri(arn) })],
    ['API Gateway HTTP/WebSocket authorizer', 'Authorizer', (s, arn) => new apigwv2.CfnAuthorizer(s, 'Authorizer', { apiId: 'a1b2c3', authorizerType: 'REQUEST', name: 'auth', authorizerUri: uri(arn) })],
    ['EventBridge pipe', 'Pipe', (s, arn) => new pipes.CfnPipe(s, 'Pipe', {
      roleArn: 'arn:aws:iam::123456789012:role/pipe', source: 'arn:aws:sqs:eu-west-1:123456789012:orders', target: arn,
    })],
    ['AppSync data source', 'Source', (s, arn) => new appsync.CfnDataSource(s, 'Source', { apiId: 'a1b2c3', name: 'orders', type: 'AWS_LAMBDA', lambdaConfig: { lambdaFunctionArn: arn } })],
    ['Cognito user pool trigger', 'Users', (s, arn) => new cognito.CfnUserPool(s, 'Users', { lambdaConfig: { preSignUp: arn } })],
    ['SES receipt rule', 'Rule', (s, arn) => new ses.CfnReceiptRule(s, 'Rule', { ruleSetName: 'inbound', rule: { actions: [{ lambdaAction: { functionArn: arn } }] } })],
    ['SNS topic subscription', 'Topic', (s, arn) => new sns.CfnTopic(s, 'Topic', { subscription: [{ protocol: 'lambda', endpoint: arn }] })],
    ['S3 bucket notification', 'Bucket', (s, arn) => new s3.CfnBucket(s, 'Bucket', {
      notificationConfiguration: { lambdaConfigurations: [{ event: 's3:ObjectCreated:*', function: arn }] },
    })],
  ])('%s', (kind, path, define) => {
    const stack = l1Stack();
    const api = blueGreen({}, stack);
    define(stack, api.function.functionArn);
    const errors = bypassErrors(stack);
    expect(errors.map((e) => e.path)).toEqual([`TestStack/${path}`]);
    expect(errors[0].message).toContain(`${kind} TestStack/${path} invokes the unqualified function of BlueGreenLambda TestStack/Api`);
    // The same resource bound to the live alias is clean.
    const clean = l1Stack();
    const api2 = blueGreen({}, clean);
    define(clean, api2.alias.functionArn);
    expect(bypassErrors(clean)).toEqual([]);
  });
});

describe('bypass guard: acknowledged callers', () => {
  test('allowUnqualifiedCaller turns the caller\'s error (and its permission\'s) into a warning with the reason', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    const rule = new events.Rule(stack, 'Nightly', { schedule: events.Schedule.rate(Duration.days(1)), targets: [new targets.LambdaFunction(api.function)] });
    api.allowUnqualifiedCaller(rule, 'the nightly job must run the newest code even before its deployment finishes');
    expect(bypassErrors(stack)).toEqual([]);
    const acknowledged = warnings(stack, UNQUALIFIED_CALLER_WARNING);
    expect(acknowledged.map((w) => w.path)).toEqual(['TestStack/Nightly']);
    expect(acknowledged[0].message).toMatch(/acknowledged with allowUnqualifiedCaller: the nightly job must run the newest code/);
  });

  test('an acknowledgement covers only its own caller', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    const rule = new events.Rule(stack, 'Nightly', { schedule: events.Schedule.rate(Duration.days(1)), targets: [new targets.LambdaFunction(api.function)] });
    new apigateway.LambdaRestApi(stack, 'Rest', { handler: api.function, proxy: false }).root.addMethod('GET');
    api.allowUnqualifiedCaller(rule, 'deliberate');
    expect(bypassErrors(stack).map((e) => e.path)).toEqual(['TestStack/Rest/Default/GET']);
  });

  test('an acknowledgement of one BlueGreenLambda does not cover another\'s caller', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    const other = blueGreen({}, stack, 'Other');
    const rule = new events.Rule(stack, 'Nightly', {
      schedule: events.Schedule.rate(Duration.days(1)),
      targets: [new targets.LambdaFunction(api.function), new targets.LambdaFunction(other.function)],
    });
    api.allowUnqualifiedCaller(rule, 'deliberate');
    const errors = bypassErrors(stack);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/EventBridge rule target TestStack\/Nightly invokes the unqualified function of BlueGreenLambda TestStack\/Other/);
  });

  test('an acknowledgement that matches no caller is a warning', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    const rule = new events.Rule(stack, 'Nightly', { schedule: events.Schedule.rate(Duration.days(1)), targets: [new targets.LambdaFunction(api.alias)] });
    api.allowUnqualifiedCaller(rule, 'was needed once');
    expect(warnings(stack, UNUSED_CALLER_ACK_WARNING).map((w) => w.path)).toEqual(['TestStack/Api']);
  });

  test('fails when the reason is empty', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    expect(() => api.allowUnqualifiedCaller(stack, ' ')).toThrow(/allowUnqualifiedCaller\(TestStack\): reason must say why this caller bypasses the deployment/);
  });
});

describe('bypass guard: correct wiring is clean', () => {
  test('every caller kind bound to the live alias, and the BlueGreenLambda methods', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    new apigateway.LambdaRestApi(stack, 'Rest', { handler: api.alias });
    new apigwv2.HttpApi(stack, 'Http', { defaultIntegration: new HttpLambdaIntegration('Orders', api.alias) });
    api.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    api.addPreviewFunctionUrl();
    api.addEventSource(new sources.SqsEventSource(new sqs.Queue(stack, 'Queue')));
    api.grantInvoke(new iam.Role(stack, 'Client', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') }));
    api.alias.addPermission('S3Invoke', { principal: new iam.ServicePrincipal('s3.amazonaws.com') });
    new lambda.Function(stack, 'Other', { ...FUNCTION_PROPS, onSuccess: new destinations.LambdaDestination(api.alias) });
    new sns.Topic(stack, 'Topic').addSubscription(new subscriptions.LambdaSubscription(api.alias));
    new events.Rule(stack, 'Nightly', { schedule: events.Schedule.rate(Duration.days(1)), targets: [new targets.LambdaFunction(api.alias)] });
    new scheduler.Schedule(stack, 'Schedule', { schedule: scheduler.ScheduleExpression.rate(Duration.hours(1)), target: new schedulerTargets.LambdaInvoke(api.alias) });
    new sfn.StateMachine(stack, 'Flow', { definitionBody: sfn.DefinitionBody.fromChainable(new tasks.LambdaInvoke(stack, 'Invoke', { lambdaFunction: api.alias })) });
    new s3.Bucket(stack, 'Uploads').addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(api.alias));
    new logs.SubscriptionFilter(stack, 'Forward', {
      logGroup: new logs.LogGroup(stack, 'AppLogs'),
      destination: new logsDestinations.LambdaDestination(api.alias),
      filterPattern: logs.FilterPattern.allEvents(),
    });
    new elbv2.ApplicationTargetGroup(stack, 'Targets', { targets: [new elbv2Targets.LambdaTarget(api.alias)] });
    new iot.CfnTopicRule(stack, 'Telemetry', { topicRulePayload: { sql: "SELECT * FROM 'telemetry'", actions: [{ lambda: { functionArn: api.alias.functionArn } }] } });
    // Metrics, alarms and a log subscription on the function's own log group name it without calling it.
    api.function.metricErrors().createAlarm(stack, 'AllVersionsErrors', { threshold: 1, evaluationPeriods: 1 });
    expect(bypassErrors(stack)).toEqual([]);
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
  });

  test('a stack with the same construct paths but no BlueGreenLambda is not judged by another stack\'s function', () => {
    const app = testApp();
    const env = { account: '123456789012', region: 'eu-west-1' };
    blueGreen({}, new Stack(app, 'TestStack', { env }));
    const plain = new Stack(app, 'Plain', { env });
    const fn = new lambda.Function(plain, 'Api', FUNCTION_PROPS);
    new apigateway.LambdaRestApi(plain, 'Rest', { handler: fn });
    expect(bypassErrors(plain)).toEqual([]);
  });

  test('the README examples', () => {
    const stack = envStack();
    const api = new BlueGreenLambda(stack, 'Api', FUNCTION_PROPS);
    new apigateway.LambdaRestApi(stack, 'Rest', { handler: api.alias });
    const orders = new BlueGreenLambda(stack, 'Orders', {
      ...FUNCTION_PROPS,
      checks: [{ name: 'health', payload: { path: '/health' }, expectStatusCode: 200 }],
    });
    const e2eSuite = new lambda.Function(stack, 'E2e', FUNCTION_PROPS);
    orders.addVerificationFunction({ name: 'e2e', function: e2eSuite, phase: CheckPhase.AFTER_TRAFFIC });
    orders.addEventSource(new sources.SqsEventSource(new sqs.Queue(stack, 'Queue')));
    orders.addPreviewFunctionUrl();
    expect(bypassErrors(stack)).toEqual([]);
  });

  test('the demo app', () => {
    const { stacks } = buildOrdersApp();
    for (const stack of stacks) expect(bypassErrors(stack)).toEqual([]);
  });

  test('a BlueGreenLambda in a nested stage is guarded within its stage', () => {
    const app = new App();
    const stage = new Stage(app, 'Prod');
    const stack = new Stack(stage, 'TestStack', { env: { account: '123456789012', region: 'eu-west-1' } });
    const api = new BlueGreenLambda(stack, 'Api', FUNCTION_PROPS);
    new apigateway.LambdaRestApi(stack, 'Rest', { handler: api.function, proxy: false }).root.addMethod('GET');
    expect(bypassErrors(stack).map((e) => e.path)).toEqual(['Prod/TestStack/Rest/Default/GET']);
  });
});
