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

/**
 * Maps a traffic plan onto ECS native deployment options: all-at-once is ECS blue/green,
 * canary and linear map to the ECS strategies of the same name. Validates against ECS limits.
 */
export function ecsTrafficOptions(plan: TrafficShift, bakeTime: Duration, prop: string, bakeProp: string): EcsTrafficOptions {
  validateEcsPlan(plan, prop, bakeTime.toMinutes({ integral: false }), bakeProp);
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
