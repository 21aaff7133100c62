/**
 * The synth-time baseline for bench/report.ts: what zero-config BlueGreenLambdas define, written
 * by hand with plain aws-cdk-lib L2 constructs (no validation, no check configuration, no nag
 * acknowledgements): per stack a CodeDeploy application and service role, two verification hooks
 * and a failure reporter with their roles and logs; per function the function, its version, a live and a
 * preview alias, three rollback alarms and a deployment group with both hooks.
 */
import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';

const ASSETS = path.join(__dirname, '..', 'assets', 'verification', 'lambda-hook');
const RUNTIME = new lambda.Runtime('nodejs22.x', lambda.RuntimeFamily.NODEJS);

interface SharedByHand {
  readonly application: codedeploy.LambdaApplication;
  readonly role: iam.Role;
  readonly preHook: lambda.Function;
  readonly postHook: lambda.Function;
}

function hook(stack: Stack, id: string, asset: string, timeout: Duration, onFailure?: lambda.IFunction): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: RUNTIME,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(path.join(ASSETS, asset)),
    timeout,
    logGroup: new logs.LogGroup(stack, `${id}Logs`, { retention: logs.RetentionDays.THREE_MONTHS }),
    retryAttempts: onFailure ? 0 : undefined,
    onFailure: onFailure ? new destinations.LambdaDestination(onFailure) : undefined,
  });
}

function shared(stack: Stack): SharedByHand {
  const report = hook(stack, 'ReportFailure', 'report-failure.lambda', Duration.minutes(1));
  return {
    application: new codedeploy.LambdaApplication(stack, 'Application'),
    role: new iam.Role(stack, 'CodeDeployRole', {
      assumedBy: new iam.ServicePrincipal('codedeploy.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSCodeDeployRoleForLambdaLimited')],
    }),
    preHook: hook(stack, 'PreTrafficHook', 'verify-hook.lambda', Duration.minutes(15), report),
    postHook: hook(stack, 'PostTrafficHook', 'verify-hook.lambda', Duration.minutes(15), report),
  };
}

/** Defines by hand, in `stack`, what `count` zero-config `new BlueGreenLambda(stack, ...)` define. */
export function defineHandWrittenFunctions(stack: Stack, count: number): void {
  const { application, role, preHook, postHook } = shared(stack);
  for (let i = 0; i < count; i++) {
    const fn = new lambda.Function(stack, `Fn${i}`, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(`exports.handler = async () => ${i};`),
    });
    const version = fn.currentVersion;
    const live = new lambda.Alias(stack, `Fn${i}Live`, { aliasName: 'live', version });
    new lambda.Alias(stack, `Fn${i}Preview`, { aliasName: 'preview', version });
    const dimensions = { FunctionName: fn.functionName, Resource: `${fn.functionName}:live`, ExecutedVersion: version.version };
    const metric = (metricName: string, statistic: string) => new cloudwatch.Metric({
      namespace: 'AWS/Lambda', metricName, statistic, period: Duration.minutes(1), dimensionsMap: dimensions,
    });
    const alarm = (id: string, m: cloudwatch.IMetric, threshold: number) => new cloudwatch.Alarm(stack, `Fn${i}${id}`, {
      metric: m, threshold, evaluationPeriods: 2, datapointsToAlarm: 2, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const alarms = [
      alarm('ErrorRate', new cloudwatch.MathExpression({
        expression: 'IF(i >= 20, 100 * e / i, 0)',
        usingMetrics: { e: metric('Errors', 'Sum'), i: metric('Invocations', 'Sum') },
        period: Duration.minutes(1),
      }), 5),
      alarm('Latency', metric('Duration', 'p99'), 2400),
      alarm('Throttles', metric('Throttles', 'Sum'), 1),
    ];
    new codedeploy.LambdaDeploymentGroup(stack, `Fn${i}DeploymentGroup`, {
      application,
      role,
      alias: live,
      deploymentConfig: codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE,
      alarms,
      preHook,
      postHook,
    });
  }
}
