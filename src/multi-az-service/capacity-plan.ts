/**
 * How many tasks a `MultiAzService` runs, derived from the tasks it needs and its zones.
 *
 * The plan is statically stable: with every zone up the service runs `minimumTasks`, spread
 * evenly (`tasksPerZone` in each zone), so that losing any one zone still leaves
 * `tasksAfterZoneLoss >= baselineTasks` running, without waiting for scaling or for new tasks
 * to start in the remaining zones.
 */
export interface CapacityPlan {
  /** Number of Availability Zones the tasks are spread over. */
  readonly zones: number;

  /** Tasks the service needs to serve its load (the user's baseline). */
  readonly baselineTasks: number;

  /**
   * Tasks run with every zone up: `ceil(baseline × zones / (zones − 1))`, rounded up to a
   * multiple of `zones`. The service's desired count and the floor of autoscaling.
   */
  readonly minimumTasks: number;

  /** Tasks in each zone when the service runs `minimumTasks`. */
  readonly tasksPerZone: number;

  /** Tasks still running after one zone is lost (`minimumTasks − tasksPerZone`). */
  readonly tasksAfterZoneLoss: number;

  /** Ceiling of autoscaling. */
  readonly maximumTasks: number;
}
