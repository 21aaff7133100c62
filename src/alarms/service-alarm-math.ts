import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { shortHash } from '../private/hash';

/** Default 5xx rate, in percent of requests, above which a service rolls back. */
export const DEFAULT_SERVER_ERROR_RATE_PERCENT = 5;
/** Default number of requests per period below which the 5xx rate is not evaluated. */
export const DEFAULT_MINIMUM_REQUESTS = 20;
/** Default p99 target response time, in seconds, above which a service rolls back. */
export const DEFAULT_P99_LATENCY_SECONDS = 1;
/** Default number of unhealthy targets at which a service rolls back. */
export const DEFAULT_UNHEALTHY_HOST_THRESHOLD = 1;
/** Default alarm period in seconds (ALB metrics are published every minute). */
export const DEFAULT_PERIOD_SECONDS = 60;
/** Default number of periods an alarm looks at. */
export const DEFAULT_EVALUATION_PERIODS = 3;
/** Default number of breaching periods, out of the evaluation periods, that raise an alarm. */
export const DEFAULT_DATAPOINTS_TO_ALARM = 2;

/** CloudWatch limit: an alarm evaluates at most one day of data. */
const MAX_EVALUATION_RANGE_SECONDS = 86_400;
/** CloudWatch limit: an alarm that uses metric math references at most 10 metrics. */
export const MAX_TARGET_GROUPS = 10;
/** CloudWatch limit on alarm names. */
export const MAX_ALARM_NAME_LENGTH = 255;
/** Length budget of a derived prefix, leaving room for the longest per-zone suffix. */
const MAX_DERIVED_PREFIX_LENGTH = 180;

/** Alarm settings as given by the user; any field may be missing (a default applies). */
export interface ServiceAlarmInput {
  readonly serverErrorRatePercent?: number;
  readonly minimumRequests?: number;
  readonly p99LatencySeconds?: number;
  readonly unhealthyHostThreshold?: number;
  readonly periodSeconds?: number;
  readonly evaluationPeriods?: number;
  readonly datapointsToAlarm?: number;
}

/** Alarm settings with defaults applied and validated. */
export interface ServiceAlarmSettings {
  readonly serverErrorRatePercent: number;
  readonly minimumRequests: number;
  readonly p99LatencySeconds: number;
  readonly unhealthyHostThreshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

const concrete = (value: number): boolean => !Token.isUnresolved(value);

/** 2 of the evaluation periods, or all of them when there are fewer. */
function defaultDatapoints(evaluationPeriods: number): number {
  return concrete(evaluationPeriods) ? Math.min(DEFAULT_DATAPOINTS_TO_ALARM, evaluationPeriods) : DEFAULT_DATAPOINTS_TO_ALARM;
}
const isPositiveInteger = (value: number): boolean => Number.isInteger(value) && value >= 1;

/**
 * Applies defaults and validates the alarm settings; throws with the prop, the value and the fix.
 * Values that are tokens are passed through unchecked.
 */
export function resolveServiceAlarmSettings(input: ServiceAlarmInput): ServiceAlarmSettings {
  const evaluationPeriods = input.evaluationPeriods ?? DEFAULT_EVALUATION_PERIODS;
  const settings: ServiceAlarmSettings = {
    serverErrorRatePercent: input.serverErrorRatePercent ?? DEFAULT_SERVER_ERROR_RATE_PERCENT,
    minimumRequests: input.minimumRequests ?? DEFAULT_MINIMUM_REQUESTS,
    p99LatencySeconds: input.p99LatencySeconds ?? DEFAULT_P99_LATENCY_SECONDS,
    unhealthyHostThreshold: input.unhealthyHostThreshold ?? DEFAULT_UNHEALTHY_HOST_THRESHOLD,
    periodSeconds: input.periodSeconds ?? DEFAULT_PERIOD_SECONDS,
    evaluationPeriods,
    datapointsToAlarm: input.datapointsToAlarm ?? defaultDatapoints(evaluationPeriods),
  };
  const s = settings;
  if (concrete(s.serverErrorRatePercent) && !(s.serverErrorRatePercent > 0 && s.serverErrorRatePercent <= 100)) {
    throw new Error(`serverErrorRatePercent must be greater than 0 and at most 100 (a percentage of requests), got ${s.serverErrorRatePercent}; for example 5`);
  }
  if (concrete(s.minimumRequests) && !isPositiveInteger(s.minimumRequests)) {
    throw new Error(`minimumRequests must be an integer >= 1 (requests per period before the 5xx rate is evaluated), got ${s.minimumRequests}; for example 20`);
  }
  if (concrete(s.p99LatencySeconds) && !(s.p99LatencySeconds > 0)) {
    throw new Error(`p99LatencyThreshold must be a positive duration, got ${s.p99LatencySeconds} seconds; for example Duration.seconds(1)`);
  }
  if (concrete(s.unhealthyHostThreshold) && !isPositiveInteger(s.unhealthyHostThreshold)) {
    throw new Error(`unhealthyHostThreshold must be an integer >= 1 (unhealthy targets that roll back), got ${s.unhealthyHostThreshold}`);
  }
  if (concrete(s.periodSeconds) && !(isPositiveInteger(s.periodSeconds) && s.periodSeconds % 60 === 0)) {
    throw new Error(`period must be a whole number of minutes (load balancer metrics are published every minute), got ${s.periodSeconds} seconds; for example Duration.minutes(1)`);
  }
  if (concrete(s.evaluationPeriods) && !isPositiveInteger(s.evaluationPeriods)) {
    throw new Error(`evaluationPeriods must be an integer >= 1, got ${s.evaluationPeriods}`);
  }
  if (concrete(s.datapointsToAlarm) && !isPositiveInteger(s.datapointsToAlarm)) {
    throw new Error(`datapointsToAlarm must be an integer >= 1, got ${s.datapointsToAlarm}`);
  }
  if (concrete(s.datapointsToAlarm) && concrete(s.evaluationPeriods) && s.datapointsToAlarm > s.evaluationPeriods) {
    throw new Error(`datapointsToAlarm (${s.datapointsToAlarm}) must not exceed evaluationPeriods (${s.evaluationPeriods}); lower datapointsToAlarm or raise evaluationPeriods`);
  }
  if (concrete(s.periodSeconds) && concrete(s.evaluationPeriods) && s.periodSeconds * s.evaluationPeriods > MAX_EVALUATION_RANGE_SECONDS) {
    throw new Error(`period × evaluationPeriods must be at most one day (CloudWatch limit), got ${s.periodSeconds} s × ${s.evaluationPeriods}; shorten the period or use fewer evaluation periods`);
  }
  return settings;
}

/** Metric ids used in the service alarm expressions (CloudWatch ids start with a lower-case letter). */
export const METRIC_IDS = {
  requests: 'requests',
  target5xx: 'target5xx',
  elb5xx: 'elb5xx',
  unhealthy: (index: number): string => `unhealthy${index}`,
  healthy: (index: number): string => `healthy${index}`,
};

/**
 * The 5xx rate in percent of requests, counting both target and load-balancer 5xx, evaluated only when
 * at least `minimumRequests` requests arrived in the period (0 below that, so a handful of failing
 * requests on an idle service does not roll a deployment back). No requests at all gives no data.
 */
export function serverErrorRateExpression(minimumRequests: number): string {
  const { requests, target5xx, elb5xx } = METRIC_IDS;
  return `IF(${requests} >= ${minimumRequests}, 100 * (FILL(${target5xx}, 0) + FILL(${elb5xx}, 0)) / ${requests}, 0)`;
}

/** The total number of unhealthy targets over `targetGroupCount` target groups (missing data counts as 0). */
export function unhealthyHostsExpression(targetGroupCount: number): string {
  requireTargetGroupCount(targetGroupCount, 1);
  return range(targetGroupCount).map((i) => `FILL(${METRIC_IDS.unhealthy(i)}, 0)`).join(' + ');
}

/**
 * 1 while every one of `targetGroupCount` target groups has healthy targets, else 0. Under ECS blue/green,
 * canary or linear deployments only the live target group has targets between deployments; both have
 * healthy targets from the moment the new revision is registered until the old one is drained after
 * the bake time, so this signal is 1 exactly while a deployment is in progress.
 */
export function deploymentInProgressExpression(targetGroupCount: number): string {
  requireTargetGroupCount(targetGroupCount, 2);
  const all = range(targetGroupCount).map((i) => `FILL(${METRIC_IDS.healthy(i)}, 0) > 0`).join(' AND ');
  return `IF(${all}, 1, 0)`;
}

function requireTargetGroupCount(count: number, minimum: number): void {
  if (!Number.isInteger(count) || count < minimum || count > MAX_TARGET_GROUPS) {
    throw new Error(`expected between ${minimum} and ${MAX_TARGET_GROUPS} target groups, got ${count}`);
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * Derives a literal alarm-name prefix from the stack name and the construct path:
 * `<stack>-<path below the stack, '/' as '-'>-<hash of the full path>`, trimmed to stay well below
 * CloudWatch's 255-character limit. The hash keeps names unique when trimming or character clean-up
 * would make two paths look alike.
 */
export function deriveAlarmNamePrefix(stackName: string, stackPath: string, constructPath: string): string {
  const below = constructPath.startsWith(`${stackPath}/`) ? constructPath.slice(stackPath.length + 1) : constructPath;
  const readable = `${stackName}-${below.replace(/\//g, '-')}`.replace(/[^A-Za-z0-9_.-]/g, '');
  const hash = shortHash(constructPath);
  return `${readable.slice(0, MAX_DERIVED_PREFIX_LENGTH - hash.length - 1)}-${hash}`;
}

/** The derived alarm-name prefix of `scope` ({@link deriveAlarmNamePrefix}); throws if the stack name cannot start one. */
export function alarmNamePrefixOf(scope: IConstruct): string {
  const stack = Stack.of(scope);
  validateAlarmNamePrefix(stack.stackName);
  return deriveAlarmNamePrefix(stack.stackName, stack.node.path, scope.node.path);
}

/** Throws unless `prefix` can start CloudWatch alarm names (literal, printable ASCII, no comma). */
export function validateAlarmNamePrefix(prefix: string): void {
  if (Token.isUnresolved(prefix)) {
    throw new Error('alarmNamePrefix must be a literal string, got a token; ECS deployment alarms are referenced by name, and a name that is a token can create a circular dependency. Pass a fixed string or omit it to derive one from the stack name and construct path');
  }
  if (!/^[\x20-\x2B\x2D-\x7E]+$/.test(prefix)) {
    throw new Error(`alarmNamePrefix must be non-empty printable ASCII without commas (ECS lists alarm names separated by commas), got '${prefix}'`);
  }
}

/** The names of one alarm set: regional alarms and, per zone, the zonal ones. */
export interface ServiceAlarmNames {
  readonly serverErrorRate: string;
  readonly latency: string;
  readonly unhealthyHosts: string;
  readonly zonal: ZonalAlarmNames[];
}

/** The names of the alarms of one Availability Zone. */
export interface ZonalAlarmNames {
  readonly zone: string;
  readonly serverErrorRate: string;
  readonly latency: string;
}

/** Builds every alarm name of a set from its prefix and zones; throws if one exceeds CloudWatch's limit. */
export function serviceAlarmNames(prefix: string, zones: string[]): ServiceAlarmNames {
  const names: ServiceAlarmNames = {
    serverErrorRate: `${prefix}-ServerErrorRate`,
    latency: `${prefix}-LatencyP99`,
    unhealthyHosts: `${prefix}-UnhealthyHosts`,
    zonal: zones.map((zone) => ({
      zone,
      serverErrorRate: `${prefix}-${zone}-ServerErrorRate`,
      latency: `${prefix}-${zone}-LatencyP99`,
    })),
  };
  const all = [names.serverErrorRate, names.latency, names.unhealthyHosts, ...names.zonal.flatMap((z) => [z.serverErrorRate, z.latency])];
  const tooLong = all.find((name) => name.length > MAX_ALARM_NAME_LENGTH);
  if (tooLong) {
    throw new Error(`alarm name '${tooLong}' has ${tooLong.length} characters, more than CloudWatch's ${MAX_ALARM_NAME_LENGTH}; use a shorter alarmNamePrefix`);
  }
  return names;
}

/**
 * Validates the zones for per-zone alarms: at least 2, no duplicates. Returns false when any zone is a
 * token (environment-agnostic stacks), in which case no per-zone alarms can be named.
 */
export function zonesAreConcrete(zones: string[]): boolean {
  if (zones.length < 2) {
    throw new Error(`availabilityZones must list at least 2 zones for a multi-AZ service, got ${zones.length} (${zones.join(', ')}); pass the zones the service runs in`);
  }
  if (zones.some((zone) => Token.isUnresolved(zone))) return false;
  const duplicates = zones.filter((zone, i) => zones.indexOf(zone) !== i);
  if (duplicates.length > 0) {
    throw new Error(`availabilityZones must not repeat a zone, got ${zones.join(', ')} (${[...new Set(duplicates)].join(', ')} more than once); list each zone once`);
  }
  return true;
}
