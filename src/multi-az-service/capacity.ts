import { CapacityPlan } from './capacity-plan';

/** Fewest zones a service may span: with one zone, losing it loses the service. */
export const MIN_ZONES = 2;

/** By default the autoscaling ceiling is this many times the statically stable minimum. */
export const DEFAULT_MAX_FACTOR = 3;

/** Throws unless `zones` is a whole number of at least {@link MIN_ZONES}. */
export function requireZoneCount(zones: number): void {
  if (!Number.isInteger(zones) || zones < MIN_ZONES) {
    throw new Error(`zones must be a whole number of at least ${MIN_ZONES} (a service in one zone goes down with it), got ${zones}. Use zones: 3 (the default) or 2.`);
  }
}

/**
 * The statically stable task count: the smallest multiple of `zones` that still leaves at
 * least `baselineTasks` after any one zone (and its equal share of tasks) is lost.
 *
 * `ceil(baseline × N / (N − 1))` rounded up to a multiple of N.
 */
export function staticallyStableTasks(baselineTasks: number, zones: number): number {
  const atLeast = Math.ceil((baselineTasks * zones) / (zones - 1));
  return Math.ceil(atLeast / zones) * zones;
}

/**
 * Plans a service's capacity. Throws when an input is outside its range, naming the prop.
 *
 * @param zones Availability Zones the tasks spread over (>= 2)
 * @param baselineTasks tasks needed with the service's normal load (whole number >= 1)
 * @param maxTasks ceiling of autoscaling; @default three times the computed minimum
 */
export function planCapacity(zones: number, baselineTasks: number, maxTasks?: number): CapacityPlan {
  requireZoneCount(zones);
  if (!Number.isInteger(baselineTasks) || baselineTasks < 1) {
    throw new Error(`baselineTasks must be a whole number of at least 1 (the tasks the service needs with every zone up), got ${baselineTasks}. Use e.g. baselineTasks: 2.`);
  }
  const minimumTasks = staticallyStableTasks(baselineTasks, zones);
  const maximumTasks = maxTasks ?? minimumTasks * DEFAULT_MAX_FACTOR;
  if (!Number.isInteger(maximumTasks) || maximumTasks < minimumTasks) {
    throw new Error(
      `maxTasks must be a whole number of at least ${minimumTasks}, the statically stable minimum for baselineTasks ${baselineTasks} ` +
      `over ${zones} zones (ceil(${baselineTasks} × ${zones} / ${zones - 1}) rounded up to a multiple of ${zones}), got ${maxTasks}. ` +
      `Raise maxTasks to ${minimumTasks} or more, or lower baselineTasks.`,
    );
  }
  const tasksPerZone = minimumTasks / zones;
  return {
    zones,
    baselineTasks,
    minimumTasks,
    tasksPerZone,
    tasksAfterZoneLoss: minimumTasks - tasksPerZone,
    maximumTasks,
  };
}

/**
 * The capacity table for documentation: one row per baseline, one column per zone count,
 * each cell `minimum (after losing a zone)`, as Markdown.
 */
export function capacityTable(zoneCounts: number[], baselines: number[]): string {
  const header = `| baseline tasks | ${zoneCounts.map((n) => `${n} zones`).join(' | ')} |`;
  const rule = `|---:|${zoneCounts.map(() => '---:').join('|')}|`;
  const rows = baselines.map((b) => {
    const cells = zoneCounts.map((n) => {
      const plan = planCapacity(n, b);
      return `${plan.minimumTasks} (${plan.tasksAfterZoneLoss})`;
    });
    return `| ${b} | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}
