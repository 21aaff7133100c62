import { Duration, Token } from 'aws-cdk-lib';

/**
 * How a traffic plan moves production traffic from the old release to the new one.
 */
export enum TrafficShiftType {
  /** Every request moves to the new release in one step (blue/green switch). */
  ALL_AT_ONCE = 'ALL_AT_ONCE',
  /** A first slice of traffic moves, then, after the interval, all of the rest. */
  CANARY = 'CANARY',
  /** Traffic moves in equal steps, one step every interval, until it is all on the new release. */
  LINEAR = 'LINEAR',
}

/**
 * A traffic plan: how production traffic moves from the running release to the new one.
 *
 * One plan type serves both constructs. It is validated against the limits of the platform
 * it is applied to (CodeDeploy for `BlueGreenLambda`, ECS native deployments for
 * `MultiAzService`) when that construct is created, so a plan that one platform accepts and
 * the other rejects fails with a message that names the platform and its range.
 *
 * @example
 *
 * TrafficShift.allAtOnce();
 * TrafficShift.canary(10, Duration.minutes(5));
 * TrafficShift.linear(20, Duration.minutes(2));
 */
export class TrafficShift {
  /**
   * Move all traffic in one atomic step, after the new release has been verified.
   *
   * This is the blue/green switch: nothing reaches the new release until the checks before
   * traffic have passed, then everything does, and the rollback alarms watch it from then on.
   */
  public static allAtOnce(): TrafficShift {
    return new TrafficShift(TrafficShiftType.ALL_AT_ONCE);
  }

  /**
   * Move `percent` of the traffic first, wait `interval` while the rollback alarms watch it,
   * then move the rest.
   *
   * @param percent share of traffic sent to the new release during the canary step
   * @param interval how long the canary step lasts before the rest of the traffic moves
   */
  public static canary(percent: number, interval: Duration): TrafficShift {
    return new TrafficShift(TrafficShiftType.CANARY, percent, interval);
  }

  /**
   * Move `percent` of the traffic every `interval` until all of it is on the new release.
   *
   * @param percent share of traffic added at each step
   * @param interval time between two steps
   */
  public static linear(percent: number, interval: Duration): TrafficShift {
    return new TrafficShift(TrafficShiftType.LINEAR, percent, interval);
  }

  /** The kind of plan. */
  public readonly type: TrafficShiftType;

  /**
   * Share of traffic moved in the first step (canary) or in each step (linear).
   *
   * @default - undefined for all-at-once plans
   */
  public readonly percentage?: number;

  /**
   * Time between two steps.
   *
   * @default - undefined for all-at-once plans
   */
  public readonly interval?: Duration;

  private constructor(type: TrafficShiftType, percentage?: number, interval?: Duration) {
    if (type !== TrafficShiftType.ALL_AT_ONCE) {
      if (percentage === undefined || Token.isUnresolved(percentage) || !Number.isFinite(percentage)) {
        throw new Error(`TrafficShift.${type.toLowerCase()}: percent must be a number, got ${percentage}. Pass e.g. 10 for 10%.`);
      }
      if (percentage <= 0 || percentage >= 100) {
        throw new Error(
          `TrafficShift.${type.toLowerCase()}: percent must be above 0 and below 100, got ${percentage}. ` +
          'To move everything at once use TrafficShift.allAtOnce().',
        );
      }
      if (interval === undefined || interval.isUnresolved()) {
        throw new Error(`TrafficShift.${type.toLowerCase()}: interval must be a concrete Duration, got ${interval}.`);
      }
    }
    this.type = type;
    this.percentage = percentage;
    this.interval = interval;
  }

  /**
   * Number of traffic steps after the first move (0 for all-at-once, 1 for canary,
   * `ceil(100 / percent) - 1` for linear): each is preceded by one wait of `interval`.
   */
  public get waitSteps(): number {
    switch (this.type) {
      case TrafficShiftType.CANARY:
        return 1;
      case TrafficShiftType.LINEAR:
        return Math.ceil(100 / this.percentage! - 1e-9) - 1;
      default:
        return 0;
    }
  }

  /**
   * Time from the first traffic move to the last, in minutes (0 for all-at-once).
   */
  public get totalMinutes(): number {
    return this.interval ? this.waitSteps * this.interval.toMinutes({ integral: false }) : 0;
  }

  /**
   * A one-line, human-readable description of the plan.
   */
  public describe(): string {
    switch (this.type) {
      case TrafficShiftType.CANARY:
        return `canary: ${this.percentage}% for ${formatMinutes(this.interval!)}, then 100%`;
      case TrafficShiftType.LINEAR:
        return `linear: +${this.percentage}% every ${formatMinutes(this.interval!)} ` +
          `(${this.waitSteps + 1} steps, ${formatNumber(this.totalMinutes)} min to 100%)`;
      default:
        return 'all at once: 0% -> 100% in one step after verification';
    }
  }
}

function formatMinutes(d: Duration): string {
  return `${formatNumber(d.toMinutes({ integral: false }))} min`;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
