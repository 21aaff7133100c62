import { TrafficShift, TrafficShiftType } from './traffic-shift';

/** CodeDeploy (Lambda): at most this many minutes between the first and the last traffic move. */
export const CODEDEPLOY_MAX_SHIFT_MINUTES = 2880;
/** ECS: a step bake time or the service bake time is at most 24 hours. */
export const ECS_MAX_BAKE_MINUTES = 1440;
/** ECS: bake time plus canary bake time is at most 33 hours (CloudFormation rejects more). */
export const ECS_MAX_CANARY_TOTAL_MINUTES = 33 * 60;
/**
 * ECS: bake time plus step bake time × deployment steps is at most 33 hours (the
 * `AWS::ECS::Service` LinearConfiguration reference: CloudFormation rejects more).
 */
export const ECS_MAX_LINEAR_TOTAL_MINUTES = 33 * 60;
/** CloudFormation: a stack operation, and so a service deployment it waits for, times out after 36 hours. */
export const CLOUDFORMATION_MAX_OPERATION_MINUTES = 36 * 60;
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
 * The minutes an ECS native deployment of `plan` takes at most, from the verification hook's first
 * invocation to the end of the bake time: the verification budget, every step bake time (canary: one;
 * linear: `plan.waitSteps`, which is CloudFormation's "number of deployment steps"), then the bake time.
 * Task start-up and traffic moves come on top.
 */
export function ecsDeploymentMinutes(plan: TrafficShift, bakeMinutes: number, verificationMinutes: number): number {
  return verificationMinutes + plan.totalMinutes + bakeMinutes;
}

/**
 * Throws unless `plan`, with `bakeMinutes` of bake time after the last move, is one that ECS
 * native deployments accept: canary 0.1%–99.9% and linear 3%–99.9% in steps of 0.1%, step
 * bake times of whole minutes up to 1440, bake time up to 1440 min, bake time plus canary
 * bake time (or plus step bake time × steps for linear) at most 33 h, and the whole deployment,
 * with `verificationMinutes` of verification-hook budget, within CloudFormation's 36 h.
 *
 * @param verificationMinutes the most time the verification hook may wait before production traffic
 * @param verificationProp what sets that budget, named in messages
 */
export function validateEcsPlan(plan: TrafficShift, prop: string, bakeMinutes: number, bakeProp: string,
  verificationMinutes = 0, verificationProp = 'the verification hook'): void {
  if (!Number.isInteger(bakeMinutes) || bakeMinutes < 0 || bakeMinutes > ECS_MAX_BAKE_MINUTES) {
    throw new Error(`${bakeProp}: ECS takes a bake time of whole minutes from 0 to ${ECS_MAX_BAKE_MINUTES}, got ${bakeMinutes} min. Use e.g. Duration.minutes(${clamp(Math.round(bakeMinutes), 0, ECS_MAX_BAKE_MINUTES)}).`);
  }
  const where = `${prop} (${plan.describe()})`;
  if (plan.type !== TrafficShiftType.ALL_AT_ONCE) validateEcsSteps(plan, where, bakeMinutes, bakeProp);
  const total = ecsDeploymentMinutes(plan, bakeMinutes, verificationMinutes);
  if (total > CLOUDFORMATION_MAX_OPERATION_MINUTES) {
    throw new Error(`${where}: ${verificationProp} (${verificationMinutes} min) plus ${formatMinutes(plan.totalMinutes)} min of step bake time plus ${bakeProp} (${bakeMinutes} min) `
      + `is ${formatMinutes(total)} min; CloudFormation times the deployment out after ${CLOUDFORMATION_MAX_OPERATION_MINUTES} min (36 h) and rolls it back. Shorten one of them.`);
  }
}

/** The canary and linear checks of {@link validateEcsPlan}. */
function validateEcsSteps(plan: TrafficShift, where: string, bakeMinutes: number, bakeProp: string): void {
  const p = plan.percentage!;
  const minutes = plan.interval!.toMinutes({ integral: false });
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
  if (plan.type === TrafficShiftType.LINEAR && plan.totalMinutes + bakeMinutes > ECS_MAX_LINEAR_TOTAL_MINUTES) {
    throw new Error(`${where}: ${plan.waitSteps} step bake times of ${minutes} min plus ${bakeProp} (${bakeMinutes} min) is ${plan.totalMinutes + bakeMinutes} min; `
      + `CloudFormation rejects linear deployments above ${ECS_MAX_LINEAR_TOTAL_MINUTES} min (33 h). Use a larger percentage, a shorter interval or a shorter ${bakeProp}.`);
  }
}

function formatMinutes(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
