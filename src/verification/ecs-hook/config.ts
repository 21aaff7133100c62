import { Duration, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { HttpCheck } from '../http-check';
import { resolveHttpCheck, validateHttpChecks } from '../http-check-spec';
import { ECS_HOOK_CONFIG_VERSION, EcsHookConfig, VerifyProtocol } from './contract';

export { ECS_HOOK_CONFIG_VERSION, ECS_HOOK_STATE_KEY } from './contract';
export type { EcsHookConfig, VerifyProtocol } from './contract';

/**
 * The lifecycle stages the ECS verification hook is registered for.
 *
 * Only POST_TEST_TRAFFIC_SHIFT: test traffic already reaches the new revision, production traffic
 * does not yet, and ECS does not run this stage again during a rollback (it re-runs only
 * TEST_TRAFFIC_SHIFT and PRODUCTION_TRAFFIC_SHIFT), so a failing check can never block a rollback.
 */
export const ECS_HOOK_STAGES: ecs.DeploymentLifecycleStage[] = [ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT];

/** Default time the new revision has to show a healthy target in every zone. */
export const DEFAULT_HEALTHY_WITHIN = Duration.minutes(10);
/** Default wait before ECS invokes the hook again after IN_PROGRESS. */
export const DEFAULT_POLL_INTERVAL = Duration.seconds(15);

/** What the service construct knows and the hook needs. */
export interface EcsHookDetailsInput {
  /** The HTTP checks every healthy target of the new revision must pass. */
  readonly checks: HttpCheck[];
  /** The service's two target groups (blue and green), in either order. */
  readonly targetGroupArns: string[];
  /** The production listener rule that ECS swings between the two target groups. */
  readonly productionRuleArn: string;
  /** The test listener rule, when the service has one: it forwards to the new revision's target group. */
  readonly testRuleArn?: string;
  /** Every Availability Zone the service runs in; each needs a healthy target of the new revision. */
  readonly zones: string[];
  /** Time the new revision has, from the hook's first invocation, to show a healthy target in every zone. */
  readonly healthyWithin?: Duration;
  /** Wait before ECS invokes the hook again while targets are still starting. */
  readonly pollInterval?: Duration;
  /** Port the checks are sent to. Default: the port each target is registered with. */
  readonly port?: number;
  /** Protocol the checks use. Default: HTTP. */
  readonly protocol?: VerifyProtocol;
}

/**
 * Validates the input and returns the `HookDetails` object for the service's lifecycle hook.
 * Render it into the template with `Stack.of(scope).toJsonString(...)` (tokens allowed).
 *
 * @param prop the prop path named in messages about the checks, e.g. `checks`
 */
export function buildEcsHookDetails(input: EcsHookDetailsInput, prop: string): EcsHookConfig {
  validateHttpChecks(input.checks, prop);
  const [blue, green, ...extra] = input.targetGroupArns;
  if (blue === undefined || green === undefined || extra.length > 0) {
    throw new Error(`ECS verification hook: needs exactly the two target groups of the service (blue and green), got ${input.targetGroupArns.length}.`);
  }
  if (!Token.isUnresolved(blue) && !Token.isUnresolved(green) && blue === green) {
    throw new Error(`ECS verification hook: the blue and green target groups must differ, got "${blue}" twice.`);
  }
  if (input.zones.length === 0) {
    throw new Error('ECS verification hook: needs the Availability Zones the service runs in, got none.');
  }
  const healthyWithin = input.healthyWithin ?? DEFAULT_HEALTHY_WITHIN;
  const pollInterval = input.pollInterval ?? DEFAULT_POLL_INTERVAL;
  const healthySeconds = healthyWithin.toSeconds({ integral: false });
  if (!Number.isInteger(healthySeconds) || healthySeconds < 30 || healthySeconds > 86_400) {
    throw new Error(`ECS verification hook: healthyWithin takes whole seconds from 30 s to 24 h, got ${healthyWithin.toHumanString()}.`);
  }
  const pollSeconds = pollInterval.toSeconds({ integral: false });
  if (!Number.isInteger(pollSeconds) || pollSeconds < 5 || pollSeconds > Math.min(300, healthySeconds)) {
    throw new Error(`ECS verification hook: pollInterval takes whole seconds from 5 s to 300 s (and at most healthyWithin), got ${pollInterval.toHumanString()}.`);
  }
  if (input.port !== undefined && !Token.isUnresolved(input.port) && (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535)) {
    throw new Error(`ECS verification hook: port takes a whole number from 1 to 65535, got ${input.port}.`);
  }
  return {
    version: ECS_HOOK_CONFIG_VERSION,
    checks: input.checks.map(resolveHttpCheck),
    targetGroupArns: [blue, green],
    productionRuleArn: input.productionRuleArn,
    testRuleArn: input.testRuleArn,
    zones: [...input.zones],
    healthyWithinSeconds: healthySeconds,
    pollIntervalSeconds: pollSeconds,
    port: input.port,
    protocol: input.protocol ?? 'HTTP',
  };
}
