/** The parts of an ELBv2 rule action the hook reads (structurally the SDK's `Action`). */
export interface ForwardAction {
  readonly Type?: string;
  readonly TargetGroupArn?: string;
  readonly ForwardConfig?: {
    readonly TargetGroups?: ReadonlyArray<{ readonly TargetGroupArn?: string; readonly Weight?: number }>;
  };
}

/**
 * Target group ARN -> weight for the forward actions of a rule. A forward action naming one
 * target group without weights sends it everything (weight 1); a weighted target group without a
 * weight counts as carrying traffic (weight 1).
 */
export function forwardWeights(actions: readonly ForwardAction[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const action of actions) {
    if (action.Type !== 'forward') continue;
    const groups = action.ForwardConfig?.TargetGroups ?? [];
    if (groups.length > 0) {
      for (const g of groups) if (g.TargetGroupArn) result[g.TargetGroupArn] = (result[g.TargetGroupArn] ?? 0) + (g.Weight ?? 1);
    } else if (action.TargetGroupArn) {
      result[action.TargetGroupArn] = (result[action.TargetGroupArn] ?? 0) + 1;
    }
  }
  return result;
}

/** The service's two target groups, told apart. */
export interface TargetGroupRoles {
  /** The target group of the revision being deployed: no production traffic yet. */
  readonly newTargetGroupArn: string;
  /** The target group carrying production traffic. */
  readonly liveTargetGroupArn: string;
}

/** The rules cannot tell which target group holds the new revision: the hook fails closed. */
export class AmbiguousTargetGroups extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AmbiguousTargetGroups';
  }
}

/**
 * Before production traffic shifts, the new revision's target group is the one of the two that
 * carries no production weight. If a test rule is given, it must forward to that target group.
 */
export function identifyTargetGroups(
  targetGroupArns: readonly string[],
  production: Record<string, number>,
  test?: Record<string, number>,
): TargetGroupRoles {
  const weightOf = (arn: string) => production[arn] ?? 0;
  const idle = targetGroupArns.filter((arn) => weightOf(arn) === 0);
  const live = targetGroupArns.filter((arn) => weightOf(arn) > 0);
  const shown = JSON.stringify(production);
  if (live.length === 0) {
    throw new AmbiguousTargetGroups(`the production rule forwards to neither of the service's target groups (${targetGroupArns.join(', ')}); its weights are ${shown}`);
  }
  if (idle.length === 0) {
    throw new AmbiguousTargetGroups(`both target groups already carry production traffic (weights ${shown}); the new revision cannot be told apart before production traffic shifts`);
  }
  const roles = { newTargetGroupArn: idle[0], liveTargetGroupArn: live[0] };
  if (test && !((test[roles.newTargetGroupArn] ?? 0) > 0)) {
    throw new AmbiguousTargetGroups(`the test rule does not forward to ${roles.newTargetGroupArn}, the target group without production traffic (test weights ${JSON.stringify(test)})`);
  }
  return roles;
}
