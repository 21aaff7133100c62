import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Records in the template metadata of `resource` (a CloudFormation resource, or an L2 whose
 * default child is one) that a cdk-nag rule does not apply, and why, in the format cdk-nag
 * reads. The library itself does not depend on cdk-nag.
 */
export function suppressNag(resource: IConstruct, id: string, reason: string): void {
  const cfn = (resource.node.defaultChild ?? resource) as CfnResource;
  const existing = cfn.getMetadata('cdk_nag') as NagMetadata | undefined;
  const rules = [...(existing?.rules_to_suppress ?? []).filter((r) => r.id !== id), { id, reason }];
  cfn.addMetadata('cdk_nag', { rules_to_suppress: rules });
}

interface NagMetadata {
  readonly rules_to_suppress: Array<{ id: string; reason: string }>;
}
