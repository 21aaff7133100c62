import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges a cdk-nag finding on `scope` and everything under it, with its reason. Use it
 * only on resources the library creates and the user does not extend, where the finding is a
 * deliberate design choice, and say why.
 *
 * Only plain rule ids (`AwsSolutions-L1`) are accepted. aws-cdk-lib 2.262 matches every
 * acknowledged id that holds `::` app-wide (core/lib/private/synthesis-validation.js,
 * `collectSuppressions`: a violation whose rule name contains `::` is suppressed when that
 * name was acknowledged on any construct of the app), and cdk-nag names its per-finding ids
 * `AwsSolutions-IAM5[Resource::<arn>]` and `AwsSolutions-IAM4[Policy::<arn>]`: acknowledging
 * one of those here would also hide the same finding on the user's own resources. A plain id
 * is checked by cdk-nag on the acknowledged construct and its children only (cdk-nag 3
 * `NagPack.isAcknowledged`), and aws-cdk-lib looks it up as `<pack>::<id>`, which nothing
 * acknowledges. Findings with a qualified id stay reported; docs/security.md explains each.
 *
 * Writes the acknowledged-rules metadata of aws-cdk-lib's `Validations` directly: the library
 * does not depend on cdk-nag.
 *
 * @param id a plain finding id, e.g. `AwsSolutions-L1`
 */
export function acknowledgeNag(scope: IConstruct, id: string, reason: string): void {
  if (!isScopedRuleId(id)) {
    throw new Error(`acknowledgeNag: '${id}' is a qualified rule id, which aws-cdk-lib matches across the whole app; only plain ids such as 'AwsSolutions-L1' may be acknowledged.`);
  }
  scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: reason });
}

/**
 * Whether an acknowledgement of `id` applies only where it is placed: a plain cdk-nag id, with
 * no `::` (matched app-wide by aws-cdk-lib) and no `[` (a per-finding id, whose qualified
 * forms are matched app-wide).
 */
export function isScopedRuleId(id: string): boolean {
  return !id.includes('::') && !id.includes('[');
}
