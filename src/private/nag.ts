import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges a cdk-nag finding on `scope` and everything under it, with its reason. Use it
 * only where the finding is a deliberate design choice, and say why.
 *
 * Writes the acknowledged-rules metadata of aws-cdk-lib's `Validations` (which cdk-nag 3 reads
 * on a resource and its ancestors) directly, because `Validations.acknowledge` rejects the
 * `::` that cdk-nag puts in per-finding ids such as `AwsSolutions-IAM5[Resource::<arn>]`.
 * The library itself does not depend on cdk-nag.
 *
 * @param id the finding id, e.g. `AwsSolutions-L1` or `AwsSolutions-IAM5[Resource::<arn>]`
 *           (build the latter with {@link nagResourceFinding})
 */
export function acknowledgeNag(scope: IConstruct, id: string, reason: string): void {
  scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: reason });
}

/**
 * The id cdk-nag gives a wildcard finding on a policy resource `arn` (which may hold tokens):
 * `<rule>[Resource::<rendered arn>]`, where references render as `<LogicalId>` and
 * `<LogicalId.Attribute>`, and pseudo parameters as `<AWS::Partition>`.
 */
export function nagResourceFinding(rule: string, scope: IConstruct, arn: string): string {
  return `${rule}[Resource::${renderIntrinsic(Stack.of(scope).resolve(arn))}]`;
}

function renderIntrinsic(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, any>;
  if (v.Ref !== undefined) return `<${v.Ref}>`;
  if (v['Fn::GetAtt'] !== undefined) return `<${v['Fn::GetAtt'][0]}.${v['Fn::GetAtt'][1]}>`;
  if (v['Fn::Join'] !== undefined) return (v['Fn::Join'][1] as unknown[]).map(renderIntrinsic).join(v['Fn::Join'][0]);
  return JSON.stringify(value);
}
