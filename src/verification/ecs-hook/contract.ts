import type { HttpCheckSpec } from '../http-check-spec';

/*
 * What the service construct and the hook handler agree on. Free of aws-cdk-lib, so the handler
 * bundle stays small.
 */

/** Version of the hook-details schema; the handler refuses any other. */
export const ECS_HOOK_CONFIG_VERSION = 1;
/** Key of `hookDetails` under which the handler carries its state between IN_PROGRESS invocations. */
export const ECS_HOOK_STATE_KEY = 'verifyState';

/** Default budget for an outage of the AWS APIs the hook reads, counted across invocations. */
export const DEFAULT_API_OUTAGE_BUDGET_SECONDS = 300;

/** The stage at which the hook verifies the new revision before production traffic. */
export const BEFORE_TRAFFIC_STAGE = 'POST_TEST_TRAFFIC_SHIFT';
/** The stage at which the hook runs the after-traffic checks, once production traffic has shifted. */
export const AFTER_TRAFFIC_STAGE = 'POST_PRODUCTION_TRAFFIC_SHIFT';

/** Protocol the hook uses to reach the tasks. */
export type VerifyProtocol = 'HTTP' | 'HTTPS';

/** The hook's configuration as it travels in `HookDetails` (values may be CDK tokens until rendered). */
export interface EcsHookConfig {
  readonly version: number;
  /** Checks at POST_TEST_TRAFFIC_SHIFT, before production traffic. */
  readonly checks: HttpCheckSpec[];
  /** Checks at POST_PRODUCTION_TRAFFIC_SHIFT, once production traffic reaches the new revision (none: the stage is not verified). */
  readonly afterTrafficChecks?: HttpCheckSpec[];
  /** The service's two target groups (blue and green), in either order. */
  readonly targetGroupArns: string[];
  readonly productionRuleArn: string;
  readonly testRuleArn?: string;
  /** Every zone that needs a healthy target of the new revision. */
  readonly zones: string[];
  /**
   * The IPv4 CIDR block of each task subnet and its zone: a target's zone when DescribeTargetHealth
   * does not report one (absent: the zone comes from ECS DescribeTasks instead).
   */
  readonly subnets?: SubnetZone[];
  /** Time from the first invocation for every zone to show a healthy target. */
  readonly healthyWithinSeconds: number;
  /** callBackDelay while waiting. */
  readonly pollIntervalSeconds: number;
  /** How long AWS API failures (throttling, 5xx, network) may last, across invocations, before the hook fails. Default 300. */
  readonly apiOutageBudgetSeconds?: number;
  /** Port the checks are sent to; undefined: each target's registered port. */
  readonly port?: number;
  readonly protocol: VerifyProtocol;
}

/** A task subnet's IPv4 CIDR block and its Availability Zone. */
export interface SubnetZone {
  readonly cidr: string;
  readonly zone: string;
}
