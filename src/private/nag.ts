import { Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
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
 * @param id the finding id, e.g. `AwsSolutions-L1` (for wildcard resources use {@link acknowledgeWildcard})
 */
export function acknowledgeNag(scope: IConstruct, id: string, reason: string): void {
  scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: reason });
}

/**
 * Acknowledges the cdk-nag wildcard finding (`AwsSolutions-IAM5`) on the policy resource `arn`
 * (which may hold tokens) of `scope`'s policies, with its reason. cdk-nag names the finding
 * `AwsSolutions-IAM5[Resource::<rendered arn>]`, where references render as `<LogicalId>` and
 * `<LogicalId.Attribute>`, and pseudo parameters as `<AWS::Partition>`.
 */
export function acknowledgeWildcard(scope: IConstruct, arn: string, reason: string): void {
  acknowledgeNag(scope, `AwsSolutions-IAM5[Resource::${renderIntrinsic(Stack.of(scope).resolve(arn))}]`, reason);
}

/**
 * Acknowledges the wildcard that `fn.grantInvoke(role)` writes: `<function arn>:*`, the versions
 * and aliases of that one function.
 *
 * @param why who invokes the function, and why
 */
export function acknowledgeGrantInvoke(role: IConstruct, fn: lambda.IFunction, why: string): void {
  acknowledgeWildcard(role, `${fn.functionArn}:*`, `${why}; ':*' are the versions and aliases of that one function (lambda grantInvoke).`);
}

function renderIntrinsic(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, any>;
  if (v.Ref !== undefined) return `<${v.Ref}>`;
  if (v['Fn::GetAtt'] !== undefined) return `<${v['Fn::GetAtt'][0]}.${v['Fn::GetAtt'][1]}>`;
  if (v['Fn::Join'] !== undefined) return (v['Fn::Join'][1] as unknown[]).map(renderIntrinsic).join(v['Fn::Join'][0]);
  return JSON.stringify(value);
}
