import type { EcsHookInvocation } from './event';

/** The stage at which the hook verifies the new revision (see ECS_HOOK_STAGES). */
export const VERIFY_STAGE = 'POST_TEST_TRAFFIC_SHIFT';
/** The stages ECS invokes again while it rolls a deployment back. */
export const ROLLBACK_STAGES = ['TEST_TRAFFIC_SHIFT', 'PRODUCTION_TRAFFIC_SHIFT'];

/** What the hook does with an invocation. */
export type InvocationKind =
  /** Verify the new revision. */
  | { readonly kind: 'verify' }
  /** ECS is moving traffic back to the previous revision: never block it. */
  | { readonly kind: 'rollback'; readonly reason: string }
  /** A stage the hook has nothing to verify at. */
  | { readonly kind: 'skip'; readonly reason: string };

/**
 * Whether traffic is moving away from the target revision: it has weight 0 while another revision
 * has weight. ECS keeps `targetServiceRevisionArn` on the failed (green) revision during a rollback
 * and shows the weights shifting back to the previous (blue) one.
 */
function movingBack(target: string, weights: Record<string, number>): boolean {
  if (!(target in weights) || weights[target] !== 0) return false;
  return Object.entries(weights).some(([arn, w]) => arn !== target && w > 0);
}

/** Classifies an invocation: verify at POST_TEST_TRAFFIC_SHIFT, never block a rollback, skip anything else. */
export function classifyInvocation(event: EcsHookInvocation): InvocationKind {
  const target = event.targetServiceRevisionArn;
  if (ROLLBACK_STAGES.includes(event.lifecycleStage)) {
    for (const [name, weights] of [['productionTrafficWeights', event.productionTrafficWeights], ['testTrafficWeights', event.testTrafficWeights]] as const) {
      if (movingBack(target, weights)) {
        return { kind: 'rollback', reason: `${name} give the target revision 0% and the previous revision the traffic: ECS is rolling back` };
      }
    }
  }
  if (event.lifecycleStage === VERIFY_STAGE) return { kind: 'verify' };
  return { kind: 'skip', reason: `the hook verifies at ${VERIFY_STAGE} only, invoked at ${event.lifecycleStage}` };
}

/**
 * Whether this is the service's first deployment: no revision other than the target one carries
 * production traffic. ECS then starts the first revision behind the target group the production
 * rule already forwards to, so there is no idle target group to look in.
 */
export function isFirstDeployment(event: EcsHookInvocation): boolean {
  const target = event.targetServiceRevisionArn;
  return !Object.entries(event.productionTrafficWeights).some(([arn, w]) => arn !== target && w > 0);
}
