import { TrafficShift, TrafficShiftType } from './traffic-shift';

/** CodeDeploy (Lambda): at most this many minutes between the first and the last traffic move. */
export const CODEDEPLOY_MAX_SHIFT_MINUTES = 2880;
/** ECS: a step bake time or the service bake time is at most 24 hours. */
export const ECS_MAX_BAKE_MINUTES = 1440;
/** ECS: bake time plus canary bake time is at most 33 hours (CloudFormation rejects more). */
export const ECS_MAX_CANARY_TOTAL_MINUTES = 33 * 60;
/** ECS: a linear step moves at least 3% of the traffic. */
export const ECS_MIN_LINEAR_PERCENT = 3;

/**
 * Throws unless `plan` is one CodeDeploy can run for Lambda: whole percentages from 1 to 99,
 * whole minutes, at most 2880 minutes from the first traffic move to the last.
 *
 * @param prop the prop path named in messages, e.g. `trafficShift`
 */
export function validateCodeDeployPlan(plan: TrafficShift, prop: string): void {
  if (plan.type === TrafficShiftType.ALL_AT_ONCE) return;
  const p = plan.percentage!;
  const minutes = plan.interval!.toMinutes({ integral: false });
  const where = `${prop} (${plan.describe()})`;
  if (!Number.isInteger(p) || p < 1 || p > 99) {
    throw new Error(`${where}: CodeDeploy takes a whole percentage from 1 to 99, got ${p}. Round it, e.g. ${clamp(Math.round(p), 1, 99)}.`);
  }
  if (!Number.isInteger(minutes) || minutes < 1) {
    throw new Error(`${where}: CodeDeploy takes whole minutes of at least 1 as interval, got ${minutes} min. Use Duration.minutes(${Math.max(1, Math.round(minutes))}).`);
  }
  if (plan.totalMinutes > CODEDEPLOY_MAX_SHIFT_MINUTES) {
    throw new Error(`${where}: traffic would take ${plan.totalMinutes} min to reach 100%, CodeDeploy allows at most ${CODEDEPLOY_MAX_SHIFT_MINUTES} min (48 h). Use a larger percentage or a shorter interval.`);
  }
}

/**
 * Throws unless `plan`, with `bakeMinutes` of bake time after the last move, is one that ECS
 * native deployments accept: canary 0.1%–99.9% and linear 3%–99.9% in steps of 0.1%, step
 * bake times of whole minutes up to 1440, bake time up to 1440 min, and bake time plus canary
 * bake time at most 33 h.
 */
export function validateEcsPlan(plan: TrafficShift, prop: string, bakeMinutes: number, bakeProp: string): void {
  if (!Number.isInteger(bakeMinutes) || bakeMinutes < 0 || bakeMinutes > ECS_MAX_BAKE_MINUTES) {
    throw new Error(`${bakeProp}: ECS takes a bake time of whole minutes from 0 to ${ECS_MAX_BAKE_MINUTES}, got ${bakeMinutes} min. Use e.g. Duration.minutes(${clamp(Math.round(bakeMinutes), 0, ECS_MAX_BAKE_MINUTES)}).`);
  }
  if (plan.type === TrafficShiftType.ALL_AT_ONCE) return;
  const p = plan.percentage!;
  const minutes = plan.interval!.toMinutes({ integral: false });
  const where = `${prop} (${plan.describe()})`;
  if (Math.abs(p * 10 - Math.round(p * 10)) > 1e-9) {
    throw new Error(`${where}: ECS takes percentages in steps of 0.1, got ${p}. Use ${Math.round(p * 10) / 10}.`);
  }
  const min = plan.type === TrafficShiftType.LINEAR ? ECS_MIN_LINEAR_PERCENT : 0.1;
  if (p < min) {
    throw new Error(`${where}: ECS takes a ${plan.type.toLowerCase()} percentage of at least ${min}, got ${p}.`);
  }
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > ECS_MAX_BAKE_MINUTES) {
    throw new Error(`${where}: ECS takes a step interval of whole minutes from 0 to ${ECS_MAX_BAKE_MINUTES}, got ${minutes} min.`);
  }
  if (plan.type === TrafficShiftType.CANARY && minutes + bakeMinutes > ECS_MAX_CANARY_TOTAL_MINUTES) {
    throw new Error(`${where}: canary interval (${minutes} min) plus ${bakeProp} (${bakeMinutes} min) is ${minutes + bakeMinutes} min; ECS allows at most ${ECS_MAX_CANARY_TOTAL_MINUTES} min (33 h). Shorten one of them.`);
  }
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
