import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { validateEcsPlan } from './limits';
import { TrafficShift, TrafficShiftType } from './traffic-shift';

/** The ECS service options that carry a traffic plan. */
export interface EcsTrafficOptions {
  readonly deploymentStrategy: ecs.DeploymentStrategy;
  readonly bakeTime: Duration;
  readonly canaryConfiguration?: ecs.TrafficShiftConfig;
  readonly linearConfiguration?: ecs.TrafficShiftConfig;
}

/** The verification hook's wait budget, for the whole-deployment limit. */
export interface EcsVerificationBudget {
  /** The most time the hook may wait before production traffic. */
  readonly budget: Duration;
  /** What sets the budget, named in messages. */
  readonly source: string;
}

/**
 * Maps a traffic plan onto ECS native deployment options: all-at-once is ECS blue/green,
 * canary and linear map to the ECS strategies of the same name. Validates against ECS limits
 * and, with the verification hook's budget, against CloudFormation's 36 h.
 */
export function ecsTrafficOptions(plan: TrafficShift, bakeTime: Duration, prop: string, bakeProp: string,
  verification?: EcsVerificationBudget): EcsTrafficOptions {
  validateEcsPlan(plan, prop, bakeTime.toMinutes({ integral: false }), bakeProp,
    verification ? verification.budget.toMinutes({ integral: false }) : 0, verification?.source);
  switch (plan.type) {
    case TrafficShiftType.CANARY:
      return {
        deploymentStrategy: ecs.DeploymentStrategy.CANARY,
        bakeTime,
        canaryConfiguration: { stepPercent: plan.percentage, stepBakeTime: plan.interval },
      };
    case TrafficShiftType.LINEAR:
      return {
        deploymentStrategy: ecs.DeploymentStrategy.LINEAR,
        bakeTime,
        linearConfiguration: { stepPercent: plan.percentage, stepBakeTime: plan.interval },
      };
    default:
      return { deploymentStrategy: ecs.DeploymentStrategy.BLUE_GREEN, bakeTime };
  }
}
