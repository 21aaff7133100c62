import { Duration, Stack } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import { Construct } from 'constructs';
import { validateCodeDeployPlan } from './limits';
import { TrafficShift, TrafficShiftType } from './traffic-shift';

const PREDEFINED: Record<string, codedeploy.ILambdaDeploymentConfig> = {
  'CANARY/10/5': codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
  'CANARY/10/10': codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_10MINUTES,
  'CANARY/10/15': codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_15MINUTES,
  'CANARY/10/30': codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_30MINUTES,
  'LINEAR/10/1': codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_1MINUTE,
  'LINEAR/10/2': codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_2MINUTES,
  'LINEAR/10/3': codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_3MINUTES,
  'LINEAR/10/10': codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_10MINUTES,
};

/**
 * The CodeDeploy deployment configuration for a traffic plan: a predefined
 * `CodeDeployDefault.Lambda*` configuration where one matches, otherwise one custom
 * `AWS::CodeDeploy::DeploymentConfig` per stack and plan, shared by every function that uses it.
 *
 * Validates the plan against CodeDeploy's limits first.
 */
export function lambdaDeploymentConfigFor(scope: Construct, plan: TrafficShift, prop: string): codedeploy.ILambdaDeploymentConfig {
  validateCodeDeployPlan(plan, prop);
  if (plan.type === TrafficShiftType.ALL_AT_ONCE) {
    return codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE;
  }
  const minutes = plan.interval!.toMinutes();
  const predefined = PREDEFINED[`${plan.type}/${plan.percentage}/${minutes}`];
  if (predefined) return predefined;

  const stack = Stack.of(scope);
  const kind = plan.type === TrafficShiftType.CANARY ? 'Canary' : 'Linear';
  const id = `SafeDeploy${kind}${plan.percentage}PercentEvery${minutes}Minutes`;
  const existing = stack.node.tryFindChild(id) as codedeploy.LambdaDeploymentConfig | undefined;
  if (existing) return existing;
  const trafficRouting = plan.type === TrafficShiftType.CANARY
    ? codedeploy.TrafficRouting.timeBasedCanary({ interval: Duration.minutes(minutes), percentage: plan.percentage! })
    : codedeploy.TrafficRouting.timeBasedLinear({ interval: Duration.minutes(minutes), percentage: plan.percentage! });
  return new codedeploy.LambdaDeploymentConfig(stack, id, { trafficRouting });
}
