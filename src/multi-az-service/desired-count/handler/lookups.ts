import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand } from '@aws-sdk/client-application-auto-scaling';
import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { sdkErrorShape } from '../../../verification/common/handler/aws-errors';
import type { RunningService, ScalableRange } from '../decide';

/** Resource states in which the stack holds no service (yet, or any more). */
const NO_SERVICE_STATES = new Set(['CREATE_FAILED', 'DELETE_COMPLETE', 'DELETE_SKIPPED']);

/**
 * The physical ID (for an `AWS::ECS::Service`, its ARN) of `logicalId` in `stackId`, or
 * `undefined` when the stack holds no such resource yet: CloudFormation answers
 * `ValidationError: Resource <id> does not exist for stack <name>` (the service depends on the
 * desired count, so on a stack's create it is looked up before it exists).
 */
export async function findStackResource(
  client: CloudFormationClient, stackId: string, logicalId: string, signal: AbortSignal,
): Promise<string | undefined> {
  try {
    const out = await client.send(new DescribeStackResourceCommand({ StackName: stackId, LogicalResourceId: logicalId }), { abortSignal: signal });
    const detail = out.StackResourceDetail;
    if (!detail?.PhysicalResourceId || NO_SERVICE_STATES.has(detail.ResourceStatus ?? '')) return undefined;
    return detail.PhysicalResourceId;
  } catch (e) {
    const err = sdkErrorShape(e) as { name?: string; message?: string };
    if (err.name === 'ValidationError' && /^Resource .* does not exist for stack/.test(err.message ?? '')) return undefined;
    throw e;
  }
}

/** The service's status and desired count, or `undefined` when ECS reports it missing. */
export async function describeService(
  client: ECSClient, cluster: string, serviceArn: string, signal: AbortSignal,
): Promise<RunningService | undefined> {
  const out = await client.send(new DescribeServicesCommand({ cluster, services: [serviceArn] }), { abortSignal: signal });
  const service = (out.services ?? []).find((s) => s.serviceArn === serviceArn);
  if (service) {
    if (typeof service.desiredCount !== 'number' || !service.status) throw new Error(`DescribeServices returned ${serviceArn} without status or desiredCount`);
    return { status: service.status, desiredCount: service.desiredCount };
  }
  const failure = (out.failures ?? []).find((f) => f.arn === serviceArn);
  if (failure?.reason === 'MISSING') return undefined;
  throw new Error(`DescribeServices did not return ${serviceArn}${failure ? ` (failure: ${failure.reason}${failure.detail ? `, ${failure.detail}` : ''})` : ''}`);
}

/** The min and max capacity of the ECS service's scalable target `resourceId`, or `undefined` if none is registered. */
export async function describeScalableTarget(
  client: ApplicationAutoScalingClient, resourceId: string, signal: AbortSignal,
): Promise<ScalableRange | undefined> {
  const out = await client.send(new DescribeScalableTargetsCommand({
    ServiceNamespace: 'ecs',
    ResourceIds: [resourceId],
    ScalableDimension: 'ecs:service:DesiredCount',
  }), { abortSignal: signal });
  const target = (out.ScalableTargets ?? []).find((t) => t.ResourceId === resourceId);
  if (!target) return undefined;
  if (typeof target.MinCapacity !== 'number' || typeof target.MaxCapacity !== 'number') {
    throw new Error(`DescribeScalableTargets returned ${resourceId} without MinCapacity or MaxCapacity`);
  }
  return { minCapacity: target.MinCapacity, maxCapacity: target.MaxCapacity };
}
