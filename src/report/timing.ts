/**
 * The worst-case time from a regression to the start of rollback, from what the template fixes:
 * the rollback alarms' periods and datapoints, the traffic plan and the bake (watch) time after
 * full traffic. Pure arithmetic; docs/report.md states the formula and its limits.
 */
import { AlarmTiming } from '../policy/facts';

/** How traffic reaches the new version. */
export interface TrafficPlan {
  /** `all-at-once`, `canary`, `linear`, `rolling` or `unknown`. */
  readonly kind: string;
  /** Percent of traffic in the first step (canary) or in every step (linear). */
  readonly percent?: number;
  /** Seconds between steps (canary: before the rest; linear: between increments). */
  readonly intervalSeconds?: number;
  /** In words, e.g. `canary 10% for 5 min, then 100%`. */
  readonly description: string;
}

/**
 * Seconds from the first production traffic to 100 % of it: 0 for all at once; the interval for
 * a canary; `(ceil(100 / percent) - 1) x interval` for linear (the first increment moves when
 * shifting starts, one more after every interval, none after 100 %). Undefined when the template
 * does not fix it (rolling updates, unknown configurations).
 */
export function secondsToFullTraffic(plan: TrafficPlan): number | undefined {
  switch (plan.kind) {
    case 'all-at-once':
      return 0;
    case 'canary':
      return plan.intervalSeconds;
    case 'linear':
      if (plan.percent === undefined || plan.intervalSeconds === undefined || plan.percent <= 0) return undefined;
      return (Math.ceil(100 / plan.percent) - 1) * plan.intervalSeconds;
    default:
      return undefined;
  }
}

/**
 * Seconds a persistent regression takes to put one alarm in ALARM, in the worst case:
 * `period x (datapointsToAlarm + 1)`. The regression may start just after a period began, so
 * that period may not breach; then `datapointsToAlarm` full periods must breach. (With M of N
 * alarms a persistent regression breaches M periods in a row; N only matters for one that comes
 * and goes.) Undefined when the period or the datapoints are not literals.
 */
export function alarmDetectionSeconds(alarm: AlarmTiming): number | undefined {
  if (alarm.periodSeconds === undefined || alarm.datapointsToAlarm === undefined) return undefined;
  return alarm.periodSeconds * (alarm.datapointsToAlarm + 1);
}

/** The bound for one function or service. */
export interface RollbackBound {
  /** Slowest rollback alarm's detection time (a regression only that alarm sees). */
  readonly detectionSeconds?: number;
  /** From first production traffic to 100 %. */
  readonly toFullTrafficSeconds?: number;
  /** Alarms still roll back for this long once 100 % is reached (bake / post-traffic watch). */
  readonly watchAfterFullSeconds?: number;
  /**
   * Worst case from first production traffic to the start of rollback for a regression that
   * shows only under full traffic: `toFullTraffic + detection`.
   */
  readonly worstCaseSeconds?: number;
  /**
   * `yes` when the slowest alarm fires before the watch after full traffic ends (detection <=
   * watch), `no` when a regression that shows only under full traffic can outlast it, `unknown`
   * when the template does not fix a term.
   */
  readonly covered: string;
  /** Budget of the checks before production traffic: a failing check starts rollback within it. */
  readonly beforeTrafficSeconds?: number;
  /** Why a term is missing, or what is left out. */
  readonly notes: string[];
}

/** Computes the bound from the alarms, the plan, the watch after full traffic and the pre-traffic budget. */
export function rollbackBound(
  alarms: AlarmTiming[],
  plan: TrafficPlan,
  watchAfterFullSeconds: number | undefined,
  beforeTrafficSeconds?: number,
): RollbackBound {
  const notes: string[] = [];
  const detections = alarms.map(alarmDetectionSeconds);
  let detectionSeconds: number | undefined;
  if (alarms.length === 0) {
    notes.push('no rollback alarm: a regression that passes the checks is never rolled back by an alarm');
  } else if (detections.some((d) => d === undefined)) {
    const unknown = alarms.filter((_, i) => detections[i] === undefined).map((a) => a.name);
    notes.push(`alarm timing not in the template for ${unknown.join(', ')}`);
  } else {
    detectionSeconds = Math.max(...(detections as number[]));
  }
  const toFullTrafficSeconds = secondsToFullTraffic(plan);
  if (toFullTrafficSeconds === undefined) notes.push(`time to full traffic not fixed by the template (${plan.description})`);
  if (watchAfterFullSeconds === undefined) notes.push('watch time after full traffic not fixed by the template');
  const worstCaseSeconds = detectionSeconds !== undefined && toFullTrafficSeconds !== undefined ? toFullTrafficSeconds + detectionSeconds : undefined;
  let covered = 'unknown';
  if (alarms.length === 0) {covered = 'no';} else if (detectionSeconds !== undefined && watchAfterFullSeconds !== undefined) {
    covered = detectionSeconds <= watchAfterFullSeconds ? 'yes' : 'no';
    if (covered === 'no') notes.push(`the slowest alarm needs ${detectionSeconds} s but alarms roll back for only ${watchAfterFullSeconds} s after full traffic`);
  }
  return {
    ...(detectionSeconds !== undefined ? { detectionSeconds } : {}),
    ...(toFullTrafficSeconds !== undefined ? { toFullTrafficSeconds } : {}),
    ...(watchAfterFullSeconds !== undefined ? { watchAfterFullSeconds } : {}),
    ...(worstCaseSeconds !== undefined ? { worstCaseSeconds } : {}),
    covered,
    ...(beforeTrafficSeconds !== undefined ? { beforeTrafficSeconds } : {}),
    notes,
  };
}

/** Seconds as `5 min`, `3 min 20 s`, `45 s`. */
export function humanSeconds(seconds: number | undefined): string {
  if (seconds === undefined) return '?';
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}
