/**
 * A fake CodeDeploy Lambda deployment served by a {@link FakeAws} endpoint: the deployment,
 * its AppSpec, the target version with its tags, the deployment group's alarms, and the report.
 */
import type { Context } from 'aws-lambda';
import { CONFIG_DIGEST_ENV, encodeHookConfigTags, HookConfig, hookConfigDigest, MANAGED_TAG_KEY } from '../../../src/verification/lambda-hook/config';
import { FakeAws, FakeHandler, FakeResponse, json } from '../../support/fake-aws';

export const DEPLOYMENT_ID = 'd-TEST12345';
export const HOOK_EXECUTION_ID = 'hook-execution-1';
export const APPLICATION = 'TestStack-Deployments';
export const DEPLOYMENT_GROUP = 'orders-api-group';
export const FUNCTION_NAME = 'orders-api';
export const FUNCTION_ARN = `arn:aws:lambda:eu-west-1:123456789012:function:${FUNCTION_NAME}`;
export const TARGET_VERSION = '7';
export const CURRENT_VERSION = '6';
export const VERIFIER_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:orders-verifier';
export const ALARM = 'orders-api-errors-v7';

/** A hook configuration with no checks, no bake window and verification on. */
export const NO_CHECKS: HookConfig = { checks: [], bakeSeconds: 0, skipVerification: false };

/** The event CodeDeploy sends a lifecycle hook. */
export const HOOK_EVENT = { DeploymentId: DEPLOYMENT_ID, LifecycleEventHookExecutionId: HOOK_EXECUTION_ID };

/** The AppSpec CloudFormation writes for the deployment. */
export const APPSPEC = JSON.stringify({
  version: '0.0',
  Resources: [{ OrdersApi: { Type: 'AWS::Lambda::Function', Properties: { Name: FUNCTION_NAME, Alias: 'live', CurrentVersion: CURRENT_VERSION, TargetVersion: TARGET_VERSION } } }],
  Hooks: [{ BeforeAllowTraffic: 'pre-hook' }, { AfterAllowTraffic: 'post-hook' }],
});

/** Lambda REST-JSON routes the hooks call. */
export function addLambdaRoutes(fake: FakeAws): FakeAws {
  return fake
    .route('POST', '/2015-03-31/functions/{name}/invocations', 'Invoke')
    .route('GET', '/2015-03-31/functions/{name}/configuration', 'GetFunctionConfiguration')
    .route('GET', '/2017-03-31/tags/{arn}', 'ListTags');
}

/** Options of one fake deployment. */
export interface ScenarioOptions {
  /** The function's hook configuration (encoded into its tags). */
  readonly config?: HookConfig;
  /** Extra tags (verification function ARNs). */
  readonly extraTags?: Record<string, string>;
  /** Serve the AppSpec inline in GetDeployment instead of through GetApplicationRevision. */
  readonly inlineAppSpec?: boolean;
  /** AppSpec content. */
  readonly appSpec?: string;
  /** The target version's Invoke answer. */
  readonly invoke?: FakeHandler | FakeResponse;
  /** The alarm configuration of the deployment group. */
  readonly alarmsEnabled?: boolean;
  /** DescribeAlarms answer. */
  readonly describeAlarms?: FakeHandler | FakeResponse;
  /** `DeploymentInfo.creator` (CodeDeploy API reference, DeploymentInfo). @default 'CloudFormation' */
  readonly creator?: string;
  /** `DeploymentInfo.rollbackInfo` (CodeDeploy API reference, RollbackInfo). */
  readonly rollbackInfo?: { rollbackDeploymentId?: string; rollbackTriggeringDeploymentId?: string; rollbackMessage?: string };
  /**
   * The target version's `SAFE_DEPLOY_HOOK_CONFIG` environment variable; `null` for a version
   * without it. @default - the digest of the configuration tags, as the construct writes it
   */
  readonly versionConfigDigest?: string | null;
  /** The target version's `Runtime`. @default 'nodejs22.x' */
  readonly runtime?: string;
  /** The target version's `PackageType`. @default 'Zip' */
  readonly packageType?: 'Zip' | 'Image';
  /** The target version's `SnapStart.ApplyOn`. @default 'None' */
  readonly snapStart?: 'PublishedVersions' | 'None';
}

/** Serves one deployment on `fake`, replacing earlier handlers. */
export function serveDeployment(fake: FakeAws, options: ScenarioOptions = {}): void {
  fake.reset();
  const tags = { [MANAGED_TAG_KEY]: 'TestStack', ...encodeHookConfigTags(options.config ?? NO_CHECKS), ...options.extraTags };
  const appSpec = options.appSpec ?? APPSPEC;
  const revision = options.inlineAppSpec
    ? { revisionType: 'AppSpecContent', appSpecContent: { content: appSpec, sha256: 'abc' } }
    : { revisionType: 'String', string: { sha256: 'abc' } };
  // DeploymentInfo fields as the CodeDeploy API reference documents them (GetDeployment, DeploymentInfo, RollbackInfo)
  fake.on('GetDeployment', json({
    deploymentInfo: {
      deploymentId: DEPLOYMENT_ID,
      applicationName: APPLICATION,
      deploymentGroupName: DEPLOYMENT_GROUP,
      computePlatform: 'Lambda',
      creator: options.creator ?? 'CloudFormation',
      revision,
      ...(options.rollbackInfo ? { rollbackInfo: options.rollbackInfo } : {}),
    },
  }));
  fake.on('GetApplicationRevision', json({ applicationName: APPLICATION, revision: { revisionType: 'String', string: { content: appSpec, sha256: 'abc' } } }));
  // FunctionConfiguration fields as the Lambda API reference documents them (GetFunctionConfiguration)
  const digest = options.versionConfigDigest === undefined ? hookConfigDigest(tags) : options.versionConfigDigest;
  fake.on('GetFunctionConfiguration', json({
    FunctionName: FUNCTION_NAME,
    FunctionArn: `${FUNCTION_ARN}:${TARGET_VERSION}`,
    Version: TARGET_VERSION,
    State: 'Active',
    PackageType: options.packageType ?? 'Zip',
    ...((options.packageType ?? 'Zip') === 'Zip' ? { Runtime: options.runtime ?? 'nodejs22.x' } : {}),
    SnapStart: { ApplyOn: options.snapStart ?? 'None', OptimizationStatus: options.snapStart === 'PublishedVersions' ? 'On' : 'Off' },
    Environment: { Variables: digest === null ? {} : { [CONFIG_DIGEST_ENV]: digest } },
  }));
  fake.on('ListTags', json({ Tags: tags }));
  fake.on('Invoke', options.invoke ?? invokeResult({ statusCode: 200, body: '{"ok":true}' }));
  fake.on('PutLifecycleEventHookExecutionStatus', json({ lifecycleEventHookExecutionId: HOOK_EXECUTION_ID }));
  fake.on('GetDeploymentGroup', json({
    deploymentGroupInfo: {
      applicationName: APPLICATION,
      deploymentGroupName: DEPLOYMENT_GROUP,
      alarmConfiguration: { enabled: options.alarmsEnabled ?? true, ignorePollAlarmFailure: false, alarms: [{ name: ALARM }] },
    },
  }));
  fake.on('DescribeAlarms', options.describeAlarms ?? alarmState('OK'));
}

/** What an Invoke of the target version answers. */
export interface InvokeAnswer {
  readonly functionError?: string;
  readonly logTail?: string;
  readonly executedVersion?: string;
  readonly delayMs?: number;
}

/** An Invoke response returning `payload` (JSON-encoded unless a string). */
export function invokeResult(payload: unknown, answer: InvokeAnswer = {}): FakeResponse {
  return {
    status: 200,
    delayMs: answer.delayMs,
    headers: {
      'content-type': 'application/json',
      'x-amz-executed-version': answer.executedVersion ?? TARGET_VERSION,
      ...(answer.functionError ? { 'x-amz-function-error': answer.functionError } : {}),
      ...(answer.logTail ? { 'x-amz-log-result': Buffer.from(answer.logTail).toString('base64') } : {}),
    },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  };
}

/** A DescribeAlarms (JSON 1.0) answer with the rollback alarm in `state`. */
export function alarmState(state: string): FakeResponse {
  return json({ MetricAlarms: [{ AlarmName: ALARM, StateValue: state, StateReason: `Threshold crossed: state ${state}` }], CompositeAlarms: [] });
}

/** A Lambda context with `remainingMs` left at the start of the invocation. */
export function fakeContext(remainingMs = 900_000): Context {
  const end = Date.now() + remainingMs;
  return {
    awsRequestId: 'request-1',
    getRemainingTimeInMillis: () => Math.max(0, end - Date.now()),
  } as unknown as Context;
}

/** The decoded client-context marker of an Invoke request. */
export function markerOf(headers: Record<string, unknown>): unknown {
  return JSON.parse(Buffer.from(String(headers['x-amz-client-context']), 'base64').toString('utf8'));
}
