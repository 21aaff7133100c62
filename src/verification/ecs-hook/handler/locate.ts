import type { DeploymentInfo, RevisionInfo } from './ecs';
import type { EcsHookInvocation } from './event';
import { AmbiguousTargetGroups, identifyTargetGroups } from './target-groups';
import type { Logger } from '../../common/handler/log';
import { AFTER_TRAFFIC_STAGE, EcsHookConfig } from '../contract';

/** Where the revision being deployed serves from. */
export interface RevisionLocation {
  /** The target group whose targets are the new revision's tasks. */
  readonly targetGroupArn: string;
  /** The deployment creates the service: it replaces no revision. */
  readonly firstDeployment: boolean;
  /** The revision's cluster (for ECS DescribeTasks when a target's zone is not otherwise known). */
  readonly clusterArn?: string;
  /** What named the target group. */
  readonly source: 'resolvedConfiguration' | 'listenerRule';
}

/** Where the revision is, or why the hook must not verify at all. */
export type LocateResult =
  | { readonly kind: 'located'; readonly location: RevisionLocation }
  | { readonly kind: 'rollback'; readonly reason: string };

/** What locating reads. */
export interface LocateDeps {
  readonly describeRevision: (revisionArn: string) => Promise<RevisionInfo>;
  readonly describeDeployment: (deploymentArn: string) => Promise<DeploymentInfo>;
  readonly readRuleWeights: (ruleArn: string) => Promise<Record<string, number>>;
  readonly log: Logger;
}

/** Pure part of {@link locateRevision}: decides from what ECS and ELB said. Throws AmbiguousTargetGroups to fail closed. */
export function decideLocation(input: {
  readonly config: EcsHookConfig;
  readonly stage: string;
  readonly revision: RevisionInfo;
  readonly deployment: DeploymentInfo;
  readonly production: Record<string, number>;
  readonly test?: Record<string, number>;
}): RevisionLocation {
  const { config, revision, deployment, production, test } = input;
  const after = input.stage === AFTER_TRAFFIC_STAGE;
  const firstDeployment = deployment.sourceRevisionArns.length === 0;
  const ours = revision.resolvedTargetGroupArns.filter((arn) => config.targetGroupArns.includes(arn));
  const unique = [...new Set(ours)];
  if (unique.length > 1) {
    throw new AmbiguousTargetGroups(`the revision's resolved configuration names both target groups (${unique.join(', ')}); the new revision cannot be told apart`);
  }
  let targetGroupArn: string;
  let source: RevisionLocation['source'];
  if (unique.length === 1) {
    targetGroupArn = unique[0];
    source = 'resolvedConfiguration';
  } else {
    // Not documented to happen (resolvedConfiguration is optional in the API reference): the
    // production rule tells the target groups apart, with the deployment's source revisions.
    const roles = identifyTargetGroups(config.targetGroupArns, production);
    targetGroupArn = after || firstDeployment ? roles.liveTargetGroupArn : roles.newTargetGroupArn;
    source = 'listenerRule';
  }
  const weight = production[targetGroupArn] ?? 0;
  if (!after && !firstDeployment && weight > 0) {
    throw new AmbiguousTargetGroups(`the new revision's target group ${targetGroupArn} already carries production traffic (weights ${JSON.stringify(production)}) before the production traffic shift, with previous revision(s) ${deployment.sourceRevisionArns.join(', ')}: verifying it would verify the revision in production`);
  }
  if (after && weight === 0) {
    throw new AmbiguousTargetGroups(`production traffic has not reached the new revision's target group ${targetGroupArn} after the production traffic shift (weights ${JSON.stringify(production)})`);
  }
  if (!after && test && !((test[targetGroupArn] ?? 0) > 0)) {
    throw new AmbiguousTargetGroups(`the test rule does not forward to ${targetGroupArn}, the new revision's target group (test weights ${JSON.stringify(test)})`);
  }
  return { targetGroupArn, firstDeployment, clusterArn: revision.clusterArn, source };
}

/**
 * Finds the target group of the revision being deployed, from ECS itself:
 * DescribeServiceRevisions on `targetServiceRevisionArn` (its `resolvedConfiguration.loadBalancers[]`
 * follow the target-group swaps) and DescribeServiceDeployments on the service deployment (no
 * source revisions: the deployment creates the service), checked against the production rule.
 * A service deployment that is rolling back is never verified.
 */
export async function locateRevision(
  config: EcsHookConfig, invocation: EcsHookInvocation, deploymentArn: string, deps: LocateDeps,
): Promise<LocateResult> {
  const [revision, deployment, production, test] = await Promise.all([
    deps.describeRevision(invocation.targetServiceRevisionArn),
    deps.describeDeployment(deploymentArn),
    deps.readRuleWeights(config.productionRuleArn),
    config.testRuleArn ? deps.readRuleWeights(config.testRuleArn) : Promise.resolve(undefined),
  ]);
  if (deployment.status?.startsWith('ROLLBACK')) {
    return { kind: 'rollback', reason: `the service deployment's status is ${deployment.status}` };
  }
  if (deployment.targetRevisionArn && deployment.targetRevisionArn !== invocation.targetServiceRevisionArn) {
    throw new AmbiguousTargetGroups(`the service deployment ${deploymentArn} targets ${deployment.targetRevisionArn}, not the event's ${invocation.targetServiceRevisionArn}`);
  }
  const location = decideLocation({ config, stage: invocation.lifecycleStage, revision, deployment, production, test });
  deps.log.info('new revision target group', {
    targetGroupArn: location.targetGroupArn,
    targetGroupSource: location.source,
    firstDeployment: location.firstDeployment,
    sourceServiceRevisions: deployment.sourceRevisionArns,
    resolvedTargetGroups: revision.resolvedTargetGroupArns,
    requestedTargetGroups: revision.requestedTargetGroupArns,
    productionWeights: production,
    testWeights: test,
  });
  return { kind: 'located', location };
}
