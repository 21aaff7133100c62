import { Token } from 'aws-cdk-lib';
import { MAX_ALARM_NAME_LENGTH } from './service-alarm-math';

/** Default factor by which one zone's 5xx rate must exceed the other zones' combined rate. */
export const DEFAULT_OUTLIER_ERROR_RATE_FACTOR = 3;
/** Default 5xx rate, in percent of the zone's requests, that an outlier zone must exceed as well. */
export const DEFAULT_OUTLIER_MINIMUM_ERROR_RATE_PERCENT = 1;
/** Default factor by which one zone's p99 latency must exceed the slowest other zone's p99. */
export const DEFAULT_OUTLIER_LATENCY_FACTOR = 2;
/** Default p99 latency, in seconds, that an outlier zone must exceed as well. */
export const DEFAULT_OUTLIER_MINIMUM_LATENCY_SECONDS = 0.5;

/**
 * Most zones a latency outlier alarm can compare: it reads one p99 metric per zone plus the zone's and
 * the load balancer's request counts, and CloudWatch lets an alarm read at most 10 metrics.
 */
export const MAX_OUTLIER_ZONES = 8;

/** Outlier settings as given by the user; any field may be missing (a default applies). */
export interface ZonalOutlierInput {
  readonly errorRateFactor?: number;
  readonly minimumErrorRatePercent?: number;
  readonly latencyFactor?: number;
  readonly minimumLatencySeconds?: number;
  /** Requests per period the zone, and the other zones together, must each receive. */
  readonly minimumRequests: number;
}

/** Outlier settings with defaults applied and validated. */
export interface ZonalOutlierSettings {
  readonly errorRateFactor: number;
  readonly minimumErrorRatePercent: number;
  readonly latencyFactor: number;
  readonly minimumLatencySeconds: number;
  readonly minimumRequests: number;
}

const concrete = (value: number): boolean => !Token.isUnresolved(value);

/**
 * Applies defaults and validates the outlier settings; throws with the prop, the value and the fix.
 * Values that are tokens are refused: they set alarm expressions at synth.
 */
export function resolveZonalOutlierSettings(input: ZonalOutlierInput): ZonalOutlierSettings {
  const s: ZonalOutlierSettings = {
    errorRateFactor: input.errorRateFactor ?? DEFAULT_OUTLIER_ERROR_RATE_FACTOR,
    minimumErrorRatePercent: input.minimumErrorRatePercent ?? DEFAULT_OUTLIER_MINIMUM_ERROR_RATE_PERCENT,
    latencyFactor: input.latencyFactor ?? DEFAULT_OUTLIER_LATENCY_FACTOR,
    minimumLatencySeconds: input.minimumLatencySeconds ?? DEFAULT_OUTLIER_MINIMUM_LATENCY_SECONDS,
    minimumRequests: input.minimumRequests,
  };
  for (const [prop, value] of Object.entries(s)) {
    if (!concrete(value)) {
      throw new Error(`zonalOutlier.${prop} must be a concrete number (it is written into the alarm expressions at synth), got a token`);
    }
  }
  if (!(s.errorRateFactor > 1 && Number.isFinite(s.errorRateFactor))) {
    throw new Error(`zonalOutlier.errorRateFactor must be a number greater than 1 (how many times the other zones' 5xx rate one zone must exceed), got ${s.errorRateFactor}; for example 3`);
  }
  if (!(s.minimumErrorRatePercent > 0 && s.minimumErrorRatePercent <= 100)) {
    throw new Error(`zonalOutlier.minimumErrorRatePercent must be greater than 0 and at most 100 (a percentage of the zone's requests), got ${s.minimumErrorRatePercent}; for example 1`);
  }
  if (!(s.latencyFactor > 1 && Number.isFinite(s.latencyFactor))) {
    throw new Error(`zonalOutlier.latencyFactor must be a number greater than 1 (how many times the slowest other zone's p99 one zone must exceed), got ${s.latencyFactor}; for example 2`);
  }
  if (!(s.minimumLatencySeconds > 0 && Number.isFinite(s.minimumLatencySeconds))) {
    throw new Error(`zonalOutlier.minimumLatency must be a positive duration, got ${s.minimumLatencySeconds} seconds; for example Duration.millis(500)`);
  }
  if (!(Number.isInteger(s.minimumRequests) && s.minimumRequests >= 1)) {
    throw new Error(`zonalOutlier.minimumRequests must be an integer >= 1 (requests per period the zone, and the other zones together, must each receive), got ${s.minimumRequests}; for example 20`);
  }
  return s;
}

/** Metric ids of the outlier expressions (CloudWatch ids start with a lower-case letter). */
export const OUTLIER_METRIC_IDS = {
  zoneRequests: 'zoneRequests',
  zoneTarget5xx: 'zoneTarget5xx',
  zoneElb5xx: 'zoneElb5xx',
  allRequests: 'allRequests',
  allTarget5xx: 'allTarget5xx',
  allElb5xx: 'allElb5xx',
  /** The p99 target response time of the zone at `index` in the service's zone list. */
  latency: (index: number): string => `latency${index}`,
};

/** A number as metric math reads it (no exponent notation, which the expression grammar lacks). */
function num(value: number): string {
  const text = String(value);
  if (/e/i.test(text)) throw new Error(`cannot write ${value} in a metric math expression; use a value with fewer decimal places`);
  return text;
}

/**
 * The traffic guard, shared by both outlier expressions: the zone received at least `minimumRequests`
 * requests in the period, and so did the other zones together (the load balancer's requests minus the
 * zone's). Without it a zone with a handful of requests, or the last zone left serving after the others
 * were shifted away, would be compared with nothing.
 */
function trafficGuard(minimumRequests: number): string {
  const { zoneRequests, allRequests } = OUTLIER_METRIC_IDS;
  const zone = `FILL(${zoneRequests}, 0)`;
  return `${zone} >= ${num(minimumRequests)} AND FILL(${allRequests}, 0) - ${zone} >= ${num(minimumRequests)}`;
}

/**
 * 1 in a period where one zone's 5xx rate is an outlier, else 0. With `zoneErrors` the zone's target
 * plus load-balancer 5xx, `zoneRequests` its requests, and the other zones' figures the load balancer's
 * minus the zone's, the zone is an outlier when all of these hold:
 *
 * - the traffic guard ({@link trafficGuard});
 * - its rate exceeds the floor: `100 × zoneErrors / zoneRequests > floor`, written
 *   `100 × zoneErrors > floor × zoneRequests`;
 * - its rate exceeds `factor` times the others' combined rate:
 *   `zoneErrors / zoneRequests > factor × otherErrors / otherRequests`, written
 *   `zoneErrors × otherRequests > factor × otherErrors × zoneRequests`.
 *
 * Both comparisons are multiplied out (both request counts are positive under the guard), so the
 * expression never divides, and a period with no requests anywhere gives 0, never a division by zero.
 */
export function errorRateOutlierExpression(settings: Pick<ZonalOutlierSettings, 'errorRateFactor' | 'minimumErrorRatePercent' | 'minimumRequests'>): string {
  const { zoneRequests, zoneTarget5xx, zoneElb5xx, allRequests, allTarget5xx, allElb5xx } = OUTLIER_METRIC_IDS;
  const zoneErrors = `(FILL(${zoneTarget5xx}, 0) + FILL(${zoneElb5xx}, 0))`;
  const zoneReq = `FILL(${zoneRequests}, 0)`;
  const otherErrors = `(FILL(${allTarget5xx}, 0) + FILL(${allElb5xx}, 0) - ${zoneErrors})`;
  const otherRequests = `(FILL(${allRequests}, 0) - ${zoneReq})`;
  const floor = `100 * ${zoneErrors} > ${num(settings.minimumErrorRatePercent)} * ${zoneReq}`;
  const outlier = `${zoneErrors} * ${otherRequests} > ${num(settings.errorRateFactor)} * ${otherErrors} * ${zoneReq}`;
  return `IF(${trafficGuard(settings.minimumRequests)} AND ${floor} AND ${outlier}, 1, 0)`;
}

/**
 * 1 in a period where one zone's p99 target response time is an outlier, else 0: under the traffic
 * guard, the zone's p99 exceeds the floor and `factor` times the p99 of the slowest other zone.
 *
 * Percentiles of different zones cannot be combined into the others' p99, so the zone is compared with
 * the slowest other zone: it is an outlier only when it is clearly slower than every other zone. With
 * several other zones their p99s form an array: `MAX([...])` of an array of time series is, per period,
 * the highest of them (whereas `MAX` of one time series is a single number over the whole window,
 * which is why one other zone is used as it is). A zone without data counts as 0 there, so a zone
 * without traffic does not hide a slow one.
 *
 * @param zoneIndex the zone's index in `zoneCount` zones; the metric `latency<i>` is zone i's p99
 */
export function latencyOutlierExpression(
  settings: Pick<ZonalOutlierSettings, 'latencyFactor' | 'minimumLatencySeconds' | 'minimumRequests'>, zoneIndex: number, zoneCount: number,
): string {
  requireZoneCount(zoneCount);
  if (!Number.isInteger(zoneIndex) || zoneIndex < 0 || zoneIndex >= zoneCount) {
    throw new Error(`zone index must be between 0 and ${zoneCount - 1}, got ${zoneIndex}`);
  }
  const zone = `FILL(${OUTLIER_METRIC_IDS.latency(zoneIndex)}, 0)`;
  const others = range(zoneCount).filter((i) => i !== zoneIndex).map((i) => OUTLIER_METRIC_IDS.latency(i));
  const slowestOther = others.length === 1 ? `FILL(${others[0]}, 0)` : `MAX(FILL([${others.join(', ')}], 0))`;
  return `IF(${trafficGuard(settings.minimumRequests)} AND ${zone} > ${num(settings.minimumLatencySeconds)} AND ${zone} > ${num(settings.latencyFactor)} * ${slowestOther}, 1, 0)`;
}

function requireZoneCount(count: number): void {
  if (!Number.isInteger(count) || count < 2 || count > MAX_OUTLIER_ZONES) {
    throw new Error(`zonal outlier alarms need between 2 and ${MAX_OUTLIER_ZONES} Availability Zones (one zone is compared with the others; an alarm reads at most 10 metrics), got ${count}`);
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** The names of the outlier alarms of one Availability Zone. */
export interface ZonalOutlierAlarmNames {
  readonly zone: string;
  readonly errorRate: string;
  readonly latency: string;
}

/**
 * The outlier alarm names of every zone, from the prefix: `<prefix>-<zone>-OutlierErrorRate` and
 * `<prefix>-<zone>-OutlierLatencyP99`; throws if one exceeds CloudWatch's limit.
 */
export function zonalOutlierAlarmNames(prefix: string, zones: string[]): ZonalOutlierAlarmNames[] {
  requireZoneCount(zones.length);
  const names = zones.map((zone) => ({ zone, errorRate: `${prefix}-${zone}-OutlierErrorRate`, latency: `${prefix}-${zone}-OutlierLatencyP99` }));
  const tooLong = names.flatMap((n) => [n.errorRate, n.latency]).find((name) => name.length > MAX_ALARM_NAME_LENGTH);
  if (tooLong) {
    throw new Error(`alarm name '${tooLong}' has ${tooLong.length} characters, more than CloudWatch's ${MAX_ALARM_NAME_LENGTH}; use a shorter alarmNamePrefix`);
  }
  return names;
}
