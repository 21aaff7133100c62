import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Records a cdk-nag suppression, with its reason, on every CloudFormation resource under
 * `scope` (cdk-nag reads the `cdk_nag` metadata; the library itself does not depend on cdk-nag).
 * Use it only where the finding is a deliberate design choice, and say why.
 */
export function suppressNag(scope: IConstruct, id: string, reason: string): void {
  for (const c of scope.node.findAll()) {
    if (!(c instanceof CfnResource)) continue;
    const existing: Array<{ id: string }> = c.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
    if (existing.some((r) => r.id === id)) continue;
    c.addMetadata('cdk_nag', { rules_to_suppress: [...existing, { id, reason }] });
  }
}
