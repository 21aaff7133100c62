import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';

/** What the hook reads of a service revision (DescribeServiceRevisions). */
export interface RevisionInfo {
  /** The cluster the revision runs in. */
  readonly clusterArn?: string;
  /**
   * `resolvedConfiguration.loadBalancers[].targetGroupArn`: the target groups that actually serve the
   * revision. They follow the blue/green swaps, unlike `loadBalancers[]` (the configuration as requested).
   */
  readonly resolvedTargetGroupArns: string[];
  /** `loadBalancers[].targetGroupArn`, logged only. */
  readonly requestedTargetGroupArns: string[];
}

/** What the hook reads of a service deployment (DescribeServiceDeployments). */
export interface DeploymentInfo {
  /** `sourceServiceRevisions[].arn`: the revisions being replaced; empty when the deployment creates the service. */
  readonly sourceRevisionArns: string[];
  /** `targetServiceRevision.arn`. */
  readonly targetRevisionArn?: string;
  /** e.g. IN_PROGRESS, ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS. */
  readonly status?: string;
}

/** An answer that names no entry for the ARN asked about: not transient, the hook fails closed. */
function missing(operation: string, arn: string, failures: ReadonlyArray<{ arn?: string; reason?: string; detail?: string }> | undefined): Error {
  const f = (failures ?? []).find((x) => x.arn === arn) ?? failures?.[0];
  return new Error(`${operation} did not return ${arn}${f ? `: ${f.reason ?? 'no reason'}${f.detail ? ` (${f.detail})` : ''}` : ''}`);
}

export async function readRevision(client: ECSClient, revisionArn: string, signal: AbortSignal): Promise<RevisionInfo> {
  const out = await client.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [revisionArn] }), { abortSignal: signal });
  const revision = (out.serviceRevisions ?? []).find((r) => r.serviceRevisionArn === revisionArn);
  if (!revision) throw missing('DescribeServiceRevisions', revisionArn, out.failures);
  const arns = (lbs: ReadonlyArray<{ targetGroupArn?: string }> | undefined) =>
    (lbs ?? []).flatMap((lb) => (lb.targetGroupArn ? [lb.targetGroupArn] : []));
  return {
    clusterArn: revision.clusterArn,
    resolvedTargetGroupArns: arns(revision.resolvedConfiguration?.loadBalancers),
    requestedTargetGroupArns: arns(revision.loadBalancers),
  };
}

export async function readDeployment(client: ECSClient, deploymentArn: string, signal: AbortSignal): Promise<DeploymentInfo> {
  const out = await client.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [deploymentArn] }), { abortSignal: signal });
  const deployment = (out.serviceDeployments ?? []).find((d) => d.serviceDeploymentArn === deploymentArn);
  if (!deployment) throw missing('DescribeServiceDeployments', deploymentArn, out.failures);
  return {
    sourceRevisionArns: (deployment.sourceServiceRevisions ?? []).flatMap((r) => (r.arn ? [r.arn] : [])),
    targetRevisionArn: deployment.targetServiceRevision?.arn,
    status: deployment.status,
  };
}

/** Most ListTasks pages read (100 tasks each). */
export const MAX_TASK_PAGES = 10;

/**
 * Private IPv4 address -> Availability Zone of the service's running tasks: ListTasks (cluster,
 * service) then DescribeTasks, 100 at a time; the address from the task's ElasticNetworkInterface
 * attachment (`privateIPv4Address`) and from its containers' network interfaces.
 */
export async function readTaskZones(client: ECSClient, clusterArn: string, serviceName: string, signal: AbortSignal): Promise<Map<string, string>> {
  const taskArns: string[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_TASK_PAGES; page++) {
    const out = await client.send(new ListTasksCommand({ cluster: clusterArn, serviceName, maxResults: 100, nextToken }), { abortSignal: signal });
    taskArns.push(...(out.taskArns ?? []));
    nextToken = out.nextToken;
    if (!nextToken) break;
  }
  const zones = new Map<string, string>();
  for (let i = 0; i < taskArns.length; i += 100) {
    const out = await client.send(new DescribeTasksCommand({ cluster: clusterArn, tasks: taskArns.slice(i, i + 100) }), { abortSignal: signal });
    for (const task of out.tasks ?? []) {
      if (!task.availabilityZone) continue;
      const ips = [
        ...(task.attachments ?? []).filter((a) => a.type === 'ElasticNetworkInterface')
          .flatMap((a) => (a.details ?? []).filter((d) => d.name === 'privateIPv4Address').map((d) => d.value)),
        ...(task.containers ?? []).flatMap((c) => (c.networkInterfaces ?? []).map((n) => n.privateIpv4Address)),
      ];
      for (const ip of ips) if (ip) zones.set(ip, task.availabilityZone);
    }
  }
  return zones;
}
