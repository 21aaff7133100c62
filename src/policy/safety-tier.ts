import { Aspects, CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { DeploymentSafetyTier, TIER_METADATA_KEY, parseTier } from './tier';

/** Construct metadata type that records a tier on the scope it was set for. */
const CONSTRUCT_TIER_TYPE = 'cdk-safe-deploy:tier';

/** Scopes that already carry the aspect (one per scope is enough). */
const WITH_ASPECT = new WeakSet<IConstruct>();

/**
 * Chooses the deployment-safety tier of a stack or construct.
 *
 * `SafetyTier.of(scope).set(tier)` applies to every CloudFormation resource under `scope`; the
 * innermost scope with a tier wins. The tier is written into each resource's template
 * `Metadata` (key `cdk-safe-deploy:tier`), where the `DeploymentSafetyChecks` plugin and the
 * `cdk-safe-deploy report` command read it, and, for a stack, into the template's `Metadata`.
 *
 * @example
 * declare const reportingService: MultiAzService;
 * SafetyTier.of(this).set(DeploymentSafetyTier.CRITICAL);
 * SafetyTier.of(reportingService).set(DeploymentSafetyTier.SINGLE_ZONE);
 */
export class SafetyTier {
  /** The template `Metadata` key that carries the tier, on resources and on the template. */
  public static readonly METADATA_KEY = TIER_METADATA_KEY;

  /** The tier settings of `scope`. */
  public static of(scope: IConstruct): SafetyTier {
    return new SafetyTier(scope);
  }

  private constructor(private readonly scope: IConstruct) {}

  /**
   * Sets the tier of every resource under this scope (unless a scope below sets its own).
   * Call it before synthesis; calling it again on the same scope replaces the tier.
   */
  public set(tier: DeploymentSafetyTier): void {
    if (parseTier(tier) === undefined) {
      throw new Error(`SafetyTier.set: tier must be one of ${Object.values(DeploymentSafetyTier).join(', ')}, got ${JSON.stringify(tier)}. Use DeploymentSafetyTier.CRITICAL, STANDARD or SINGLE_ZONE.`);
    }
    this.scope.node.addMetadata(CONSTRUCT_TIER_TYPE, tier);
    if (!WITH_ASPECT.has(this.scope)) {
      WITH_ASPECT.add(this.scope);
      Aspects.of(this.scope).add(new TierAspect());
    }
  }

  /**
   * The tier that applies to this scope: the one set on it or on its nearest ancestor.
   *
   * @returns undefined when no scope up to the app sets one (the plugin's default tier applies)
   */
  public get tier(): DeploymentSafetyTier | undefined {
    return nearestTier(this.scope);
  }
}

/** The tier set on `scope` or its nearest ancestor (the last `set` on a scope wins). */
function nearestTier(scope: IConstruct): DeploymentSafetyTier | undefined {
  for (let c: IConstruct | undefined = scope; c !== undefined; c = c.node.scope) {
    const entries = c.node.metadata.filter((m) => m.type === CONSTRUCT_TIER_TYPE);
    const last = entries[entries.length - 1];
    if (last !== undefined) return parseTier(last.data);
  }
  return undefined;
}

/** Writes the nearest tier into the template metadata of every resource (and stack) it visits. */
class TierAspect implements IAspect {
  public visit(node: IConstruct): void {
    const tier = nearestTier(node);
    if (tier === undefined) return;
    if (CfnResource.isCfnResource(node)) {
      node.addMetadata(TIER_METADATA_KEY, tier);
    } else if (Stack.isStack(node)) {
      node.templateOptions.metadata = { ...(node.templateOptions.metadata ?? {}), [TIER_METADATA_KEY]: tier };
    }
  }
}
