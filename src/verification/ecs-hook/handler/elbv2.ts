import {
  DescribeRulesCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { forwardWeights } from './target-groups';
import type { Target } from './zone-gate';

/** Target group ARN -> weight of the forward actions of one listener rule. */
export async function readRuleWeights(client: ElasticLoadBalancingV2Client, ruleArn: string, signal: AbortSignal): Promise<Record<string, number>> {
  const out = await client.send(new DescribeRulesCommand({ RuleArns: [ruleArn] }), { abortSignal: signal });
  const rule = (out.Rules ?? []).find((r) => r.RuleArn === ruleArn);
  if (!rule) throw new Error(`DescribeRules did not return the rule ${ruleArn}`);
  return forwardWeights(rule.Actions ?? []);
}

/** The registered targets of a target group with their health and Availability Zone. */
export async function readTargets(client: ElasticLoadBalancingV2Client, targetGroupArn: string, signal: AbortSignal): Promise<Target[]> {
  const out = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }), { abortSignal: signal });
  return (out.TargetHealthDescriptions ?? []).flatMap((d) => {
    const id = d.Target?.Id;
    const port = d.Target?.Port;
    if (!id || port === undefined) return [];
    return [{
      ip: id,
      port,
      zone: d.Target?.AvailabilityZone,
      state: d.TargetHealth?.State ?? 'unknown',
      reason: d.TargetHealth?.Reason,
    }];
  });
}
