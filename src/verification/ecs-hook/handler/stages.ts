import type { EcsHookInvocation } from './event';
import { AFTER_TRAFFIC_STAGE, BEFORE_TRAFFIC_STAGE } from '../contract';

/** The stage at which the hook verifies the new revision before production traffic (see ECS_HOOK_STAGES). */
export const VERIFY_STAGE = BEFORE_TRAFFIC_STAGE;
/** The stages at which the hook verifies: before production traffic, and after it when after-traffic checks are declared. */
export const VERIFY_STAGES = [BEFORE_TRAFFIC_STAGE, AFTER_TRAFFIC_STAGE];
/** The stages ECS invokes again while it rolls a deployment back. */
export const ROLLBACK_STAGES = ['TEST_TRAFFIC_SHIFT', 'PRODUCTION_TRAFFIC_SHIFT'];

/** What the hook does with an invocation. */
export type InvocationKind =
  /** Verify the new revision at `stage`. */
  | { readonly kind: 'verify'; readonly stage: string }
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

/**
 * Classifies an invocation: verify at POST_TEST_TRAFFIC_SHIFT and POST_PRODUCTION_TRAFFIC_SHIFT
 * (neither runs again during a rollback), never block a rollback, skip anything else. The traffic
 * weights decide nothing else: at POST_TEST_TRAFFIC_SHIFT ECS sends them empty.
 */
export function classifyInvocation(event: EcsHookInvocation): InvocationKind {
  const target = event.targetServiceRevisionArn;
  if (ROLLBACK_STAGES.includes(event.lifecycleStage)) {
    for (const [name, weights] of [['productionTrafficWeights', event.productionTrafficWeights], ['testTrafficWeights', event.testTrafficWeights]] as const) {
      if (movingBack(target, weights)) {
        return { kind: 'rollback', reason: `${name} give the target revision 0% and the previous revision the traffic: ECS is rolling back` };
      }
    }
  }
  if (VERIFY_STAGES.includes(event.lifecycleStage)) return { kind: 'verify', stage: event.lifecycleStage };
  return { kind: 'skip', reason: `the hook verifies at ${VERIFY_STAGES.join(' and ')} only, invoked at ${event.lifecycleStage}` };
}
