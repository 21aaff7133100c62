import type { Duration } from 'aws-cdk-lib';

/**
 * Thresholds of the rollback alarms that watch a new Lambda version while CodeDeploy moves
 * traffic to it.
 */
export interface LambdaRollbackAlarmOptions {
  /**
   * Error rate, in percent of the new version's invocations in one period, at which the
   * deployment rolls back. Applies to periods with at least `minInvocationsForErrorRate`
   * invocations.
   *
   * @default 5
   */
  readonly errorRateThresholdPercent?: number;

  /**
   * Invocations of the new version per period from which the error rate decides; below it,
   * `lowTrafficErrorThreshold` (an absolute count) decides.
   *
   * @default 20
   */
  readonly minInvocationsForErrorRate?: number;

  /**
   * Errors per period that roll back while the new version has fewer than
   * `minInvocationsForErrorRate` invocations, so low traffic neither hides a broken version nor
   * lets a single error in a handful of requests roll back a good one.
   *
   * @default 3 (or `minInvocationsForErrorRate` - 1 if that is smaller)
   */
  readonly lowTrafficErrorThreshold?: number;

  /**
   * p99 duration of the new version above which the deployment rolls back.
   *
   * @default - 80% of the function timeout
   */
  readonly latencyThreshold?: Duration;

  /**
   * Throttled requests per period, at the live alias, at which the deployment rolls back.
   * Throttled requests run no version, so this alarm watches the alias as a whole.
   *
   * @default 10
   */
  readonly throttlesThreshold?: number;

  /**
   * Period of the rollback alarms; whole minutes.
   *
   * @default Duration.minutes(1)
   */
  readonly alarmPeriod?: Duration;

  /**
   * Consecutive periods that must breach before a rollback alarm goes to ALARM.
   *
   * @default 2
   */
  readonly alarmEvaluationPeriods?: number;
}
