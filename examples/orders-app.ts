/**
 * The example "orders" app: an HTTP API on a BlueGreenLambda and a container service on a
 * MultiAzService, in one environment-bound stack so the service spreads over three
 * Availability Zones. Synthesizes offline: the zones come from context, not from an account.
 */
import * as path from 'path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { BlueGreenLambda, CheckPhase, MultiAzService, TrafficShift } from '../src';

export const DEMO_ACCOUNT = '111111111111';
export const DEMO_REGION = 'eu-west-1';
const DEMO_ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

export interface OrdersAppOptions {
  /** Where the cloud assembly is written. */
  readonly outdir?: string;
}

export interface OrdersApp {
  readonly app: App;
  readonly stacks: Stack[];
}

/** Builds the orders app (not yet synthesized). */
export function buildOrdersApp(options: OrdersAppOptions = {}): OrdersApp {
  const app = new App({
    outdir: options.outdir,
    context: {
      // CloudFormation's default rules are errors, not warnings.
      '@aws-cdk/core:validateAgainstDefaultRules': true,
      [`availability-zones:account=${DEMO_ACCOUNT}:region=${DEMO_REGION}`]: DEMO_ZONES,
    },
  });
  const stack = new Stack(app, 'Orders', {
    env: { account: DEMO_ACCOUNT, region: DEMO_REGION },
    description: 'cdk-safe-deploy demo: orders API (BlueGreenLambda) and orders service (MultiAzService)',
  });

  // The function's own role and log group: it may write its logs and nothing else.
  const apiLogs = new logs.LogGroup(stack, 'OrdersApiLogs', { retention: logs.RetentionDays.ONE_YEAR });
  const apiRole = new iam.Role(stack, 'OrdersApiRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  apiLogs.grantWrite(apiRole);
  const api = new BlueGreenLambda(stack, 'OrdersApi', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(path.join(__dirname, 'orders-api')),
    memorySize: 512,
    timeout: Duration.seconds(10),
    role: apiRole,
    logGroup: apiLogs,
    // The default plan: verified first, then all traffic in one step; alarms watched for the bake time.
    trafficShift: TrafficShift.allAtOnce(),
    bakeTime: Duration.minutes(5),
    checks: [
      {
        name: 'health',
        payload: { httpMethod: 'GET', path: '/health' },
        expectStatusCode: 200,
        expectJson: { 'body.status': 'ok' },
        maxDuration: Duration.seconds(3),
      },
      {
        name: 'create-order',
        payload: { httpMethod: 'POST', path: '/orders', body: JSON.stringify({ item: 'book' }) },
        expectStatusCode: 201,
        expectJson: { 'body.item': 'book' },
      },
      {
        name: 'rejects-empty-order',
        payload: { httpMethod: 'POST', path: '/orders', body: '{}' },
        expectStatusCode: 400,
      },
      {
        name: 'health-after-traffic',
        phase: CheckPhase.AFTER_TRAFFIC,
        payload: { httpMethod: 'GET', path: '/health' },
        expectStatusCode: 200,
      },
    ],
  });

  // The API calls the live alias, never the unqualified function: CodeDeploy moves the alias.
  const accessLogs = new logs.LogGroup(stack, 'OrdersRestApiAccessLogs', { retention: logs.RetentionDays.ONE_YEAR });
  const rest = new apigateway.LambdaRestApi(stack, 'OrdersRestApi', {
    handler: api.alias,
    defaultMethodOptions: { authorizationType: apigateway.AuthorizationType.IAM },
    deployOptions: {
      tracingEnabled: true,
      metricsEnabled: true,
      loggingLevel: apigateway.MethodLoggingLevel.INFO,
      accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
      accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
    },
  });
  rest.addRequestValidator('ValidateRequests', { validateRequestBody: true, validateRequestParameters: true });
  // Acknowledged cdk-nag findings, each with its reason: plain ids only, which cdk-nag checks on this
  // construct and what is under it. A per-finding id such as 'AwsSolutions-IAM4[Policy::...]' would be
  // matched by aws-cdk-lib across the whole app and hide the same finding anywhere else, so the
  // CloudWatch role's AmazonAPIGatewayPushToCloudWatchLogs finding stays reported.
  // (The metadata is written as cdk-nag reads it: Validations.acknowledge() would store the ids as annotation ids.)
  rest.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, {
    'AwsSolutions-COG4': 'The orders API is called by other services with SigV4: every method uses IAM authorization, not a Cognito user pool.',
    'AwsSolutions-APIG3': 'The demo has no AWS WAF web ACL; a production app associates its shared regional web ACL with the stage.',
  });

  new MultiAzService(stack, 'OrdersService', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
    containerPort: 80,
    healthCheckPath: '/',
    baselineTasks: 4,
    maxTasks: 12,
    trafficShift: TrafficShift.canary(10, Duration.minutes(5)),
    bakeTime: Duration.minutes(10),
    checks: [
      { name: 'home', path: '/', expectStatus: 200, bodyContains: 'nginx', maxLatency: Duration.seconds(1) },
      { name: 'missing-page', path: '/does-not-exist', expectStatus: 404 },
    ],
  });

  return { app, stacks: [stack] };
}
