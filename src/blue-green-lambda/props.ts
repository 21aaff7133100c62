import type { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { LambdaRollbackAlarmOptions } from '../alarms/lambda-rollback-alarm-options';
import type { DeploymentNotificationOptions } from '../notifications/deployment-notifications';
import type { TrafficShift } from '../traffic';
import type { InvokeCheck, VerificationFunctionCheck } from '../verification/invoke-check';

/**
 * A switch for one emergency deployment: ship a fix while the safety nets would stop it.
 *
 * It shows in the template (the deployment group's alarm configuration, the function's hook
 * tags and the deployment group's `cdk-safe-deploy:break-glass` metadata), as a synth warning
 * (`cdk-safe-deploy:breakGlass`, which can be acknowledged), and in the hooks' logs. Remove it
 * from the code after the deployment: the next deployment is protected again.
 */
export interface BreakGlassOptions {
  /**
   * Why the safety nets are off; shown in the warning, the template and the hooks' logs.
   */
  readonly reason: string;

  /**
   * Deploy even if the rollback alarms are in ALARM: the deployment group ignores its alarms
   * and the bake window does not fail on them.
   *
   * @default false
   */
  readonly ignoreAlarms?: boolean;

  /**
   * Skip the built-in verification: both hooks report `Succeeded` at once without invoking
   * the new version or any check.
   *
   * @default false
   */
  readonly skipVerification?: boolean;
}

/**
 * Properties of a {@link BlueGreenLambda}: every property of `lambda.FunctionProps`, plus the
 * safe-deployment options, all with safe defaults.
 */
export interface BlueGreenLambdaProps extends lambda.FunctionProps, LambdaRollbackAlarmOptions {
  /**
   * How traffic moves from the running version to the new one once it has been verified.
   *
   * The default is the blue/green switch: the new version gets no traffic until the checks
   * before traffic pass, then all of it at once, watched by the rollback alarms and the bake
   * window. Canary and linear plans move traffic in steps while CodeDeploy watches the alarms.
   *
   * @default TrafficShift.allAtOnce()
   */
  readonly trafficShift?: TrafficShift;

  /**
   * Declarative checks the built-in hooks run against the new version.
   *
   * With none, the pre-traffic hook still invokes the new version once and fails the
   * deployment if it cannot start (import error, handler not found, init crash, timeout).
   *
   * @default - no declared check; the start-up check only
   */
  readonly checks?: InvokeCheck[];

  /**
   * Your own verification functions, invoked by the built-in hooks as checks; their result
   * decides. The hooks are granted permission to invoke them.
   *
   * @default - none
   */
  readonly verificationFunctions?: VerificationFunctionCheck[];

  /**
   * How long the post-traffic hook watches the rollback alarms after all traffic has moved
   * (and after the post-traffic checks); an alarm in ALARM during that time rolls back.
   *
   * Bounded by one hook invocation: at most 14 minutes. `Duration.seconds(0)` turns it off.
   *
   * @default Duration.minutes(5)
   */
  readonly bakeTime?: Duration;

  /**
   * Name of the live alias, the one that serves traffic and that CodeDeploy moves.
   *
   * @default 'live'
   */
  readonly liveAliasName?: string;

  /**
   * Name of the preview alias, which always points at the newest version (without traffic
   * shifting), so the candidate can be tested end to end before any traffic reaches it.
   *
   * @default 'preview'
   */
  readonly previewAliasName?: string;

  /**
   * Provisioned concurrency on the live alias; it follows the alias from version to version.
   *
   * Do not combine with `currentVersionOptions.provisionedConcurrentExecutions` (a version
   * may have provisioned concurrency from one place only). Change this value in a deployment
   * that publishes no new version: Lambda refuses to change it while the alias is weighted.
   *
   * @default - no provisioned concurrency
   */
  readonly provisionedConcurrentExecutions?: number;

  /**
   * Your own CodeDeploy BeforeAllowTraffic hook, instead of the built-in one.
   *
   * CodeDeploy is allowed to invoke it and it is allowed to report to this function's
   * deployment group only; it must call `PutLifecycleEventHookExecutionStatus` itself.
   * Before-traffic checks and `breakGlass.skipVerification` then cannot be used.
   *
   * @default - the built-in verification hook of the stack
   */
  readonly preTrafficHook?: lambda.IFunction;

  /**
   * Your own CodeDeploy AfterAllowTraffic hook, instead of the built-in one.
   *
   * CodeDeploy is allowed to invoke it and it is allowed to report to this function's
   * deployment group only. After-traffic checks, `bakeTime` and
   * `breakGlass.skipVerification` then cannot be used.
   *
   * @default - the built-in verification hook of the stack (post-traffic checks, bake window)
   */
  readonly postTrafficHook?: lambda.IFunction;

  /**
   * Turns safety nets off for one emergency deployment.
   *
   * @default - every safety net on
   */
  readonly breakGlass?: BreakGlassOptions;

  /**
   * How long the stack's shared verification hooks and their failure reporter keep their logs.
   * The hooks are shared by every BlueGreenLambda of the stack: give them all the same value,
   * or set it on the first one only. (The function's own logs are yours: pass `logGroup`.)
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly hookLogRetention?: logs.RetentionDays;

  /**
   * Defines a CloudWatch dashboard of this function's deployments (`dashboard`): invocations,
   * errors and p99 duration of every version executed through the live alias, side by side; the
   * error rate of the new version against the one it replaces; throttles; the rollback alarms,
   * with their thresholds drawn on the graphs; and the verification hooks' verdicts.
   *
   * @default false
   */
  readonly dashboard?: boolean;

  /**
   * Name of the deployment dashboard: 1 to 255 characters among A-Z, a-z, 0-9, `-` and `_`.
   * Only with `dashboard: true`.
   *
   * @default - generated by CloudFormation
   */
  readonly dashboardName?: string;

  /**
   * Deployment notifications to an SNS topic: deployment started, succeeded, failed, stopped and
   * rolled back, and the state changes of the rollback alarms (those added with `addAlarm` too).
   *
   * @default - no notifications
   */
  readonly notifications?: DeploymentNotificationOptions;
}
