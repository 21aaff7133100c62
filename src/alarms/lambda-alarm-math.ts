/**
 * Thresholds and metric-math expressions of the Lambda rollback alarms, as pure functions of
 * plain values (no construct, no stack) so they are unit-tested on their own.
 */

/** Default error rate, in percent of a version's invocations, at which a deployment rolls back. */
export const DEFAULT_ERROR_RATE_PERCENT = 5;
/** Default number of invocations per period below which the error rate is not evaluated. */
export const DEFAULT_MIN_INVOCATIONS = 20;
/** Default number of errors per period that rolls back when traffic is below the minimum. */
export const DEFAULT_LOW_TRAFFIC_ERRORS = 3;
/** Default throttled requests per period, at the live alias, at which a deployment rolls back. */
export const DEFAULT_THROTTLES = 10;
/** Default p99 duration threshold, as a share of the function timeout. */
export const DEFAULT_LATENCY_SHARE_OF_TIMEOUT = 0.8;
/** Default alarm period in seconds (Lambda publishes its metrics every minute). */
export const DEFAULT_PERIOD_SECONDS = 60;
/** Default number of periods each alarm evaluates; every one must breach. */
export const DEFAULT_EVALUATION_PERIODS = 2;
/** CloudWatch: an alarm evaluates at most one day of data. */
export const MAX_EVALUATION_RANGE_SECONDS = 86_400;

/** Ids of the metrics inside the error-rate expression. */
export const ERROR_RATE_METRIC_IDS = { errors: 'errors', invocations: 'invocations' } as const;

/** Alarm settings as given by the user; a missing field takes its default. */
export interface LambdaAlarmInput {
  readonly errorRatePercent?: number;
  readonly minInvocations?: number;
  readonly lowTrafficErrors?: number;
  readonly latencyThresholdMs?: number;
  readonly throttles?: number;
  readonly periodSeconds?: number;
  readonly evaluationPeriods?: number;
}

/** Alarm settings with defaults applied, validated. */
export interface LambdaAlarmSettings {
  readonly errorRatePercent: number;
  readonly minInvocations: number;
  readonly lowTrafficErrors: number;
  readonly latencyThresholdMs: number;
  readonly throttles: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
}

/** Prop names used in messages, so they name what the user wrote. */
export interface LambdaAlarmPropNames {
  readonly errorRatePercent: string;
  readonly minInvocations: string;
  readonly lowTrafficErrors: string;
  readonly latencyThresholdMs: string;
  readonly throttles: string;
  readonly periodSeconds: string;
  readonly evaluationPeriods: string;
}

/** The p99 duration threshold derived from a function timeout: 80% of it, in whole milliseconds. */
export function defaultLatencyThresholdMs(timeoutMs: number): number {
  return Math.floor(timeoutMs * DEFAULT_LATENCY_SHARE_OF_TIMEOUT);
}

/**
 * Applies defaults and validates every threshold. Throws with the prop name, the value received
 * and the fix.
 *
 * @param timeoutMs the function timeout, bounding the p99 duration threshold
 */
export function resolveLambdaAlarmSettings(input: LambdaAlarmInput, timeoutMs: number, names: LambdaAlarmPropNames): LambdaAlarmSettings {
  const s: LambdaAlarmSettings = {
    errorRatePercent: input.errorRatePercent ?? DEFAULT_ERROR_RATE_PERCENT,
    minInvocations: input.minInvocations ?? DEFAULT_MIN_INVOCATIONS,
    lowTrafficErrors: input.lowTrafficErrors ?? Math.min(DEFAULT_LOW_TRAFFIC_ERRORS, (input.minInvocations ?? DEFAULT_MIN_INVOCATIONS) - 1),
    latencyThresholdMs: input.latencyThresholdMs ?? defaultLatencyThresholdMs(timeoutMs),
    throttles: input.throttles ?? DEFAULT_THROTTLES,
    periodSeconds: input.periodSeconds ?? DEFAULT_PERIOD_SECONDS,
    evaluationPeriods: input.evaluationPeriods ?? DEFAULT_EVALUATION_PERIODS,
  };
  if (!(s.errorRatePercent > 0 && s.errorRatePercent <= 100)) {
    throw new Error(`${names.errorRatePercent} must be a percentage above 0 and at most 100, got ${s.errorRatePercent}. Use e.g. 5 for 5% of invocations.`);
  }
  if (!Number.isInteger(s.minInvocations) || s.minInvocations < 2) {
    throw new Error(`${names.minInvocations} must be a whole number of invocations of at least 2, got ${s.minInvocations}. Use e.g. 20.`);
  }
  if (!Number.isInteger(s.lowTrafficErrors) || s.lowTrafficErrors < 1) {
    throw new Error(`${names.lowTrafficErrors} must be a whole number of errors of at least 1, got ${s.lowTrafficErrors}. Use e.g. 3.`);
  }
  if (s.lowTrafficErrors >= s.minInvocations) {
    throw new Error(
      `${names.lowTrafficErrors} (${s.lowTrafficErrors}) must be below ${names.minInvocations} (${s.minInvocations}): ` +
      `it only applies to periods with fewer than ${s.minInvocations} invocations, so it could never be reached. Lower it or raise ${names.minInvocations}.`,
    );
  }
  if (!(s.latencyThresholdMs > 0)) {
    throw new Error(`${names.latencyThresholdMs} must be a positive duration, got ${s.latencyThresholdMs} ms. Use e.g. Duration.seconds(1).`);
  }
  if (s.latencyThresholdMs >= timeoutMs) {
    throw new Error(
      `${names.latencyThresholdMs} (${s.latencyThresholdMs} ms) must be below the function timeout (${timeoutMs} ms): ` +
      'no invocation lasts longer than the timeout, so the alarm could never fire. Lower it or raise the timeout.',
    );
  }
  if (!Number.isInteger(s.throttles) || s.throttles < 1) {
    throw new Error(`${names.throttles} must be a whole number of throttled requests of at least 1, got ${s.throttles}. Use e.g. 10.`);
  }
  if (!Number.isInteger(s.periodSeconds) || s.periodSeconds < 60 || s.periodSeconds % 60 !== 0) {
    throw new Error(`${names.periodSeconds} must be a whole number of minutes (Lambda metrics have a one-minute resolution), got ${s.periodSeconds} s. Use e.g. Duration.minutes(1).`);
  }
  if (!Number.isInteger(s.evaluationPeriods) || s.evaluationPeriods < 1) {
    throw new Error(`${names.evaluationPeriods} must be a whole number of periods of at least 1, got ${s.evaluationPeriods}. Use e.g. 2.`);
  }
  if (s.evaluationPeriods * s.periodSeconds > MAX_EVALUATION_RANGE_SECONDS) {
    throw new Error(
      `${names.evaluationPeriods} (${s.evaluationPeriods}) times ${names.periodSeconds} (${s.periodSeconds} s) is ${s.evaluationPeriods * s.periodSeconds} s; ` +
      `CloudWatch alarms evaluate at most ${MAX_EVALUATION_RANGE_SECONDS} s (one day). Use fewer or shorter periods.`,
    );
  }
  return s;
}

/**
 * The error-rate expression: 1 in a period that breaches, else 0.
 *
 * With fewer than `minInvocations` invocations in the period, the rate means little (one error
 * in three requests is 33%), so an absolute count decides: at least `lowTrafficErrors` errors.
 * From `minInvocations` on, the rate decides: at least `errorRatePercent` % of invocations.
 * Low traffic can then neither hide a broken version (errors still count) nor let one unlucky
 * error roll back a good one.
 */
export function errorRateExpression(s: Pick<LambdaAlarmSettings, 'minInvocations' | 'lowTrafficErrors' | 'errorRatePercent'>): string {
  const e = `FILL(${ERROR_RATE_METRIC_IDS.errors}, 0)`;
  const i = `FILL(${ERROR_RATE_METRIC_IDS.invocations}, 0)`;
  return `IF(${i} < ${s.minInvocations}, ${e} >= ${s.lowTrafficErrors}, 100 * ${e} / ${i} >= ${s.errorRatePercent})`;
}

/**
 * The 32-hex-digit hash at the end of a version's logical ID (aws-cdk-lib's `currentVersion`
 * appends the hash of every version-locked property to the function's logical ID).
 */
export function versionHashOf(versionLogicalId: string): string {
  const m = /([0-9a-f]{32})$/.exec(versionLogicalId);
  if (!m) {
    throw new Error(`expected the logical ID of a function's current version to end in a 32-digit hash, got ${versionLogicalId}`);
  }
  return m[1];
}

/** Short version tag used in alarm logical IDs and names: the first 8 digits of the version hash. */
export function versionTag(versionLogicalId: string): string {
  return versionHashOf(versionLogicalId).slice(0, 8);
}

/** One-line description of the error-rate rule, for deployment plans. */
export function describeErrorRule(s: Pick<LambdaAlarmSettings, 'minInvocations' | 'lowTrafficErrors' | 'errorRatePercent'>): string {
  return `>= ${s.errorRatePercent}% errors (>= ${s.lowTrafficErrors} errors below ${s.minInvocations} invocations)`;
}
