/**
 * Deployment-safety tiers: how strictly the policy judges a resource. Pure module (no
 * aws-cdk-lib), read by the rules and written by `SafetyTier`.
 */

/**
 * How strictly the deployment-safety policy judges the resources of a stack or construct.
 *
 * The tier makes the hybrid option of the distributed-deployment decision explicit: critical
 * services span zones and fail synthesis when they do not; others may be `STANDARD` (findings
 * are warnings) or deliberately `SINGLE_ZONE` (the multi-zone rules are skipped, and the report
 * shows that this was chosen).
 */
export enum DeploymentSafetyTier {
  /** Every finding is an error: synthesis fails until it is fixed or acknowledged. */
  CRITICAL = 'critical',
  /** Every finding is a warning: reported, synthesis goes on. */
  STANDARD = 'standard',
  /**
   * One zone, chosen on purpose: the multi-zone rules (zones, capacity after losing a zone,
   * single-zone dependencies) are reported as `info` "single zone chosen" instead of judged;
   * the rollback and alias rules stay errors.
   */
  SINGLE_ZONE = 'single-zone',
}

/** Resource (or template) `Metadata` key the rules read the tier from. */
export const TIER_METADATA_KEY = 'cdk-safe-deploy:tier';

/**
 * Resource `Metadata` key of an ECS service's declared baseline: the tasks the service needs to
 * carry its load. The capacity rule then asks that losing one zone leaves at least that many.
 */
export const BASELINE_METADATA_KEY = 'cdk-safe-deploy:baseline-tasks';

const TIERS: string[] = Object.values(DeploymentSafetyTier);

/** The tier named by `value`, or undefined when it names none. */
export function parseTier(value: unknown): DeploymentSafetyTier | undefined {
  return typeof value === 'string' && TIERS.includes(value) ? (value as DeploymentSafetyTier) : undefined;
}
