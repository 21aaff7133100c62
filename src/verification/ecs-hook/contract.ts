import type { HttpCheckSpec } from '../http-check-spec';

/*
 * What the service construct and the hook handler agree on. Free of aws-cdk-lib, so the handler
 * bundle stays small.
 */

/** Version of the hook-details schema; the handler refuses any other. */
export const ECS_HOOK_CONFIG_VERSION = 1;
/** Key of `hookDetails` under which the handler carries its state between IN_PROGRESS invocations. */
export const ECS_HOOK_STATE_KEY = 'verifyState';

/** Protocol the hook uses to reach the tasks. */
export type VerifyProtocol = 'HTTP' | 'HTTPS';

/** The hook's configuration as it travels in `HookDetails` (values may be CDK tokens until rendered). */
export interface EcsHookConfig {
  readonly version: number;
  readonly checks: HttpCheckSpec[];
  /** The service's two target groups (blue and green), in either order. */
  readonly targetGroupArns: string[];
  readonly productionRuleArn: string;
  readonly testRuleArn?: string;
  /** Every zone that needs a healthy target of the new revision. */
  readonly zones: string[];
  /** Time from the first invocation for every zone to show a healthy target. */
  readonly healthyWithinSeconds: number;
  /** callBackDelay while waiting. */
  readonly pollIntervalSeconds: number;
  /** Port the checks are sent to; undefined: each target's registered port. */
  readonly port?: number;
  readonly protocol: VerifyProtocol;
}
