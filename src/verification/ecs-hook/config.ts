import { Duration, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { HttpCheck } from '../http-check';
import { resolveHttpCheck, validateHttpChecks } from '../http-check-spec';
import { DEFAULT_API_OUTAGE_BUDGET_SECONDS, ECS_HOOK_CONFIG_VERSION, EcsHookConfig, SubnetZone, VerifyProtocol } from './contract';

export { ECS_HOOK_CONFIG_VERSION, ECS_HOOK_STATE_KEY } from './contract';
export type { EcsHookConfig, SubnetZone, VerifyProtocol } from './contract';

/**
 * The lifecycle stages the ECS verification hook is registered for.
 *
 * POST_TEST_TRAFFIC_SHIFT: test traffic already reaches the new revision, production traffic
 * does not yet, and ECS does not run this stage again during a rollback (it re-runs only
 * TEST_TRAFFIC_SHIFT and PRODUCTION_TRAFFIC_SHIFT), so a failing check can never block a rollback.
 */
export const ECS_HOOK_STAGES: ecs.DeploymentLifecycleStage[] = [ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT];

/**
 * The stages to register: POST_TEST_TRAFFIC_SHIFT, plus POST_PRODUCTION_TRAFFIC_SHIFT (production
 * traffic has fully shifted; not re-run during a rollback either) when after-traffic checks are declared.
 */
export function ecsHookStages(afterTrafficChecks: boolean): ecs.DeploymentLifecycleStage[] {
  return afterTrafficChecks
    ? [...ECS_HOOK_STAGES, ecs.DeploymentLifecycleStage.POST_PRODUCTION_TRAFFIC_SHIFT]
    : [...ECS_HOOK_STAGES];
}

/** Default time the new revision has to show a healthy target in every zone. */
export const DEFAULT_HEALTHY_WITHIN = Duration.minutes(10);
/** Default wait before ECS invokes the hook again after IN_PROGRESS. */
export const DEFAULT_POLL_INTERVAL = Duration.seconds(15);

/** What the service construct knows and the hook needs. */
export interface EcsHookDetailsInput {
  /** The HTTP checks every healthy target of the new revision must pass before production traffic. */
  readonly checks: HttpCheck[];
  /** The HTTP checks every healthy target of the new revision must pass once production traffic has shifted to it. */
  readonly afterTrafficChecks?: HttpCheck[];
  /** The service's two target groups (blue and green), in either order. */
  readonly targetGroupArns: string[];
  /** The production listener rule that ECS swings between the two target groups. */
  readonly productionRuleArn: string;
  /** The test listener rule, when the service has one: it forwards to the new revision's target group. */
  readonly testRuleArn?: string;
  /** Every Availability Zone the service runs in; each needs a healthy target of the new revision. */
  readonly zones: string[];
  /** Each task subnet's IPv4 CIDR block and zone: targets' zones when ELB does not report them. */
  readonly subnets?: SubnetZone[];
  /** How long AWS API failures may last, across invocations, before the hook fails. Default: 5 minutes. */
  readonly apiOutageBudget?: Duration;
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
 * @param afterTrafficProp the prop path named in messages about the after-traffic checks
 */
export function buildEcsHookDetails(input: EcsHookDetailsInput, prop: string, afterTrafficProp = 'checksAfterTraffic'): EcsHookConfig {
  validateHttpChecks(input.checks, prop);
  validateHttpChecks(input.afterTrafficChecks ?? [], afterTrafficProp);
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
  const outageSeconds = (input.apiOutageBudget ?? Duration.seconds(DEFAULT_API_OUTAGE_BUDGET_SECONDS)).toSeconds({ integral: false });
  if (!Number.isInteger(outageSeconds) || outageSeconds < 30 || outageSeconds > 86_400) {
    throw new Error(`ECS verification hook: apiOutageBudget takes whole seconds from 30 s to 24 h, got ${input.apiOutageBudget?.toHumanString()}.`);
  }
  if (input.port !== undefined && !Token.isUnresolved(input.port) && (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535)) {
    throw new Error(`ECS verification hook: port takes a whole number from 1 to 65535, got ${input.port}.`);
  }
  return {
    version: ECS_HOOK_CONFIG_VERSION,
    checks: input.checks.map(resolveHttpCheck),
    afterTrafficChecks: input.afterTrafficChecks && input.afterTrafficChecks.length > 0 ? input.afterTrafficChecks.map(resolveHttpCheck) : undefined,
    targetGroupArns: [blue, green],
    productionRuleArn: input.productionRuleArn,
    testRuleArn: input.testRuleArn,
    zones: [...input.zones],
    subnets: input.subnets && input.subnets.length > 0 ? input.subnets.map((x) => ({ cidr: x.cidr, zone: x.zone })) : undefined,
    healthyWithinSeconds: healthySeconds,
    pollIntervalSeconds: pollSeconds,
    apiOutageBudgetSeconds: outageSeconds,
    port: input.port,
    protocol: input.protocol ?? 'HTTP',
  };
}
