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
  connectionErrors: 'connectionErrors',
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

/**
 * The error rate of one target group in percent of its requests: target 5xx plus target connection
 * errors over the target group's requests. Load-balancer 5xx have no `TargetGroup` dimension, so a
 * revision that refuses or drops connections is counted through `TargetConnectionErrorCount`.
 * Evaluated only when at least `minimumRequests` requests reached the target group in the period (0
 * below that); no requests at all gives no data. Under a canary this is the new revision's own rate.
 */
export function targetGroupErrorRateExpression(minimumRequests: number): string {
  const { requests, target5xx, connectionErrors } = METRIC_IDS;
  return `IF(${requests} >= ${minimumRequests}, 100 * (FILL(${target5xx}, 0) + FILL(${connectionErrors}, 0)) / ${requests}, 0)`;
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

/** The names of one alarm set: regional alarms, per target group and per zone. */
export interface ServiceAlarmNames {
  readonly serverErrorRate: string;
  readonly latency: string;
  readonly unhealthyHosts: string;
  readonly targetGroups: TargetGroupAlarmNames[];
  readonly zonal: ZonalAlarmNames[];
}

/** The names of the alarms of one target group (one service revision while a deployment runs). */
export interface TargetGroupAlarmNames {
  /** The target group's label in alarm names, e.g. `Blue`. */
  readonly label: string;
  readonly errorRate: string;
  readonly latency: string;
}

/** The names of the alarms of one Availability Zone. */
export interface ZonalAlarmNames {
  readonly zone: string;
  readonly serverErrorRate: string;
  readonly latency: string;
}

/**
 * Builds every alarm name of a set from its prefix, target-group labels and zones; throws if one
 * exceeds CloudWatch's limit.
 */
export function serviceAlarmNames(prefix: string, zones: string[], targetGroupLabels: string[] = []): ServiceAlarmNames {
  const names: ServiceAlarmNames = {
    serverErrorRate: `${prefix}-ServerErrorRate`,
    latency: `${prefix}-LatencyP99`,
    unhealthyHosts: `${prefix}-UnhealthyHosts`,
    targetGroups: targetGroupLabels.map((label) => ({
      label,
      errorRate: `${prefix}-${label}-ErrorRate`,
      latency: `${prefix}-${label}-LatencyP99`,
    })),
    zonal: zones.map((zone) => ({
      zone,
      serverErrorRate: `${prefix}-${zone}-ServerErrorRate`,
      latency: `${prefix}-${zone}-LatencyP99`,
    })),
  };
  const all = allAlarmNames(names);
  const tooLong = all.find((name) => name.length > MAX_ALARM_NAME_LENGTH);
  if (tooLong) {
    throw new Error(`alarm name '${tooLong}' has ${tooLong.length} characters, more than CloudWatch's ${MAX_ALARM_NAME_LENGTH}; use a shorter alarmNamePrefix`);
  }
  return names;
}

/** Every name of a set in the order the alarms are created: regional, per target group, per zone. */
export function allAlarmNames(names: ServiceAlarmNames): string[] {
  return [
    names.serverErrorRate, names.latency, names.unhealthyHosts,
    ...names.targetGroups.flatMap((t) => [t.errorRate, t.latency]),
    ...names.zonal.flatMap((z) => [z.serverErrorRate, z.latency]),
  ];
}

/** Default label of the target group at `index` in alarm names and construct IDs. */
export function defaultTargetGroupLabel(index: number): string {
  return `TargetGroup${index + 1}`;
}

/**
 * Throws unless `labels` can name one target group each in alarm names and construct IDs: one per
 * target group, distinct, letters and digits only, starting with a letter.
 */
export function validateTargetGroupLabels(labels: string[], targetGroupCount: number): void {
  if (labels.length !== targetGroupCount) {
    throw new Error(`targetGroupLabels must name each of the ${targetGroupCount} target group(s) once, got ${labels.length} label(s) (${labels.join(', ')}); pass one label per target group, in the same order`);
  }
  const bad = labels.find((label) => Token.isUnresolved(label) || !/^[A-Za-z][A-Za-z0-9]{0,31}$/.test(label));
  if (bad !== undefined) {
    throw new Error(`targetGroupLabels must be letters and digits starting with a letter, at most 32 characters (they go into alarm names and construct IDs), got '${bad}'; for example 'Blue'`);
  }
  const duplicates = labels.filter((label, i) => labels.indexOf(label) !== i);
  if (duplicates.length > 0) {
    throw new Error(`targetGroupLabels must differ, got ${labels.join(', ')} (${[...new Set(duplicates)].join(', ')} more than once); give each target group its own label`);
  }
}

/**
 * How many alarm names the service lists in its ECS deployment alarms at most. ECS documents no maximum
 * for `DeploymentAlarms.AlarmNames`; it polls them with CloudWatch `DescribeAlarms`, which takes at most
 * 100 alarm names per call, so 100 is the bound this library guarantees.
 */
export const MAX_DEPLOYMENT_ALARMS = 100;

/**
 * Throws unless `names` can be an ECS deployment alarm list: between 1 and {@link MAX_DEPLOYMENT_ALARMS}
 * literal names, each at most 255 characters without commas (ECS separates alarm names with commas),
 * none twice.
 *
 * @param prop the prop named in messages
 */
export function validateDeploymentAlarmNames(names: string[], prop: string): void {
  if (names.length === 0 || names.length > MAX_DEPLOYMENT_ALARMS) {
    throw new Error(`${prop} must list between 1 and ${MAX_DEPLOYMENT_ALARMS} alarm names (ECS polls them with CloudWatch DescribeAlarms, at most ${MAX_DEPLOYMENT_ALARMS} names a call), got ${names.length}; use fewer zones or target groups, or combine your own alarms`);
  }
  for (const name of names) {
    if (Token.isUnresolved(name)) {
      throw new Error(`${prop} must list literal alarm names (a name that is a token can create a circular dependency between the service and its alarms), got a token; give the alarm a fixed alarmName`);
    }
    if (name.length === 0 || name.length > MAX_ALARM_NAME_LENGTH || name.includes(',')) {
      throw new Error(`${prop} must list alarm names of 1 to ${MAX_ALARM_NAME_LENGTH} characters without commas (ECS separates alarm names with commas), got '${name}'`);
    }
  }
  const duplicates = names.filter((name, i) => names.indexOf(name) !== i);
  if (duplicates.length > 0) {
    throw new Error(`${prop} lists ${[...new Set(duplicates)].join(', ')} more than once; list each alarm once`);
  }
}

/** One alarm's evaluation window, as CloudWatch applies it. */
export interface AlarmWindow {
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

/**
 * The earliest time, in seconds after the first breaching period begins, at which an alarm goes into
 * ALARM when every period breaches: `datapointsToAlarm` breaching periods must be complete, so
 * `datapointsToAlarm × period`. CloudWatch's own publishing and evaluation delay comes on top.
 */
export function secondsToAlarm(window: AlarmWindow): number {
  return window.datapointsToAlarm * window.periodSeconds;
}

/**
 * Evaluates an M-out-of-N alarm over a series of per-period breach flags (`undefined` for missing
 * data, treated as not breaching) and returns the 1-based index of the first period at whose end the
 * alarm is in ALARM, or `undefined` if it never is.
 */
export function firstAlarmingPeriod(breaches: (boolean | undefined)[], window: AlarmWindow): number | undefined {
  for (let end = 1; end <= breaches.length; end++) {
    const evaluated = breaches.slice(Math.max(0, end - window.evaluationPeriods), end);
    if (evaluated.filter((b) => b === true).length >= window.datapointsToAlarm) return end;
  }
  return undefined;
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
