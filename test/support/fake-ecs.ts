import { FakeAws, FakeRequest, FakeResponse, json, jsonError } from './fake-aws';

/*
 * Amazon ECS on a local {@link FakeAws} endpoint (JSON 1.1: `X-Amz-Target:
 * AmazonEC2ContainerServiceV20141113.<Operation>`), serving DescribeServiceRevisions,
 * DescribeServiceDeployments, ListTasks and DescribeTasks from the state set here.
 *
 * Response shapes follow the Amazon ECS API Reference: DescribeServiceRevisions (ServiceRevision,
 * ResolvedConfiguration, ServiceRevisionLoadBalancer), DescribeServiceDeployments (ServiceDeployment,
 * ServiceRevisionSummary), ListTasks, DescribeTasks (Task, Attachment, KeyValuePair, NetworkInterface)
 * and the `failures[]` (Failure: arn, reason, detail) these operations return for unknown ARNs.
 */

/** A service revision: the target group it is resolved to serve from, and the one it was requested with. */
export interface FakeServiceRevision {
  readonly arn: string;
  readonly serviceArn: string;
  readonly clusterArn: string;
  /** `resolvedConfiguration.loadBalancers[].targetGroupArn`: what actually serves the revision (follows the swaps). */
  readonly resolvedTargetGroupArn?: string;
  /** `loadBalancers[].targetGroupArn`: the configuration as requested (the service's primary target group). */
  readonly requestedTargetGroupArn: string;
  /** `loadBalancers[].advancedConfiguration.alternateTargetGroupArn`. */
  readonly alternateTargetGroupArn?: string;
  readonly productionListenerRule?: string;
}

/** A service deployment: its target revision and the revisions it replaces (none on service creation). */
export interface FakeServiceDeployment {
  readonly arn: string;
  readonly serviceArn: string;
  readonly clusterArn: string;
  readonly targetServiceRevisionArn: string;
  readonly sourceServiceRevisionArns: string[];
  /** ServiceDeployment `status`, e.g. IN_PROGRESS or ROLLBACK_IN_PROGRESS. */
  readonly status?: string;
}

/** A running task of a service in one zone with one private address. */
export interface FakeEcsTask {
  readonly taskArn: string;
  readonly clusterArn: string;
  /** The service the task belongs to (ListTasks `serviceName`, Task `group` `service:<name>`). */
  readonly serviceName: string;
  readonly availabilityZone: string;
  readonly privateIp: string;
  readonly lastStatus?: string;
}

/** Cluster name from a cluster ARN or a bare name. */
function clusterName(value: string): string {
  return value.includes(':cluster/') ? value.split(':cluster/')[1] : value;
}

export class FakeEcs {
  public static async start(): Promise<FakeEcs> {
    return new FakeEcs(await FakeAws.start());
  }

  public readonly revisions = new Map<string, FakeServiceRevision>();
  public readonly deployments = new Map<string, FakeServiceDeployment>();
  public readonly tasks: FakeEcsTask[] = [];
  /** Errors answered, in order and whatever the operation, before any real response. */
  public readonly errors: FakeResponse[] = [];
  /** Asked first on every request: a response to answer instead (an outage), or undefined to serve normally. */
  public unavailable?: () => FakeResponse | undefined;

  private constructor(public readonly aws: FakeAws) {
    this.install();
  }

  /** Base URL for AWS_ENDPOINT_URL_ECS. */
  public get url(): string {
    return this.aws.url;
  }

  /** Every request received: operation and JSON input. */
  public get requests(): Array<{ operation: string; input: any }> {
    return this.aws.requests.map((r) => ({ operation: r.operation, input: r.input }));
  }

  /** Queues a JSON-protocol error (e.g. `ThrottlingException`, 400) for the next request. */
  public failNext(type: string, message: string, status = 400): void {
    this.errors.push(jsonError(type, message, status));
  }

  /** Forgets requests, state and queued errors. */
  public reset(): void {
    this.aws.reset();
    this.revisions.clear();
    this.deployments.clear();
    this.tasks.length = 0;
    this.errors.length = 0;
    this.unavailable = undefined;
    this.install();
  }

  public close(): Promise<void> {
    return this.aws.close();
  }

  private install(): void {
    const serve = (op: (req: FakeRequest) => FakeResponse) => (req: FakeRequest) => this.unavailable?.() ?? this.errors.shift() ?? op(req);
    this.aws.on('DescribeServiceRevisions', serve((req) => this.describeServiceRevisions(req)));
    this.aws.on('DescribeServiceDeployments', serve((req) => this.describeServiceDeployments(req)));
    this.aws.on('ListTasks', serve((req) => this.listTasks(req)));
    this.aws.on('DescribeTasks', serve((req) => this.describeTasks(req)));
  }

  private describeServiceRevisions(req: FakeRequest): FakeResponse {
    const arns: string[] = req.input?.serviceRevisionArns ?? [];
    const found = arns.flatMap((arn) => (this.revisions.has(arn) ? [this.revisions.get(arn)!] : []));
    return json({
      serviceRevisions: found.map((r) => ({
        serviceRevisionArn: r.arn,
        serviceArn: r.serviceArn,
        clusterArn: r.clusterArn,
        taskDefinition: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/orders:7',
        launchType: 'FARGATE',
        platformVersion: '1.4.0',
        platformFamily: 'Linux',
        loadBalancers: [{
          targetGroupArn: r.requestedTargetGroupArn,
          containerName: 'App',
          containerPort: 8080,
          ...(r.alternateTargetGroupArn ? {
            advancedConfiguration: {
              alternateTargetGroupArn: r.alternateTargetGroupArn,
              productionListenerRule: r.productionListenerRule,
              roleArn: 'arn:aws:iam::123456789012:role/ecs-infrastructure',
            },
          } : {}),
        }],
        createdAt: 1_763_760_000,
        ...(r.resolvedTargetGroupArn ? {
          resolvedConfiguration: {
            loadBalancers: [{ targetGroupArn: r.resolvedTargetGroupArn, productionListenerRule: r.productionListenerRule }],
          },
        } : {}),
      })),
      failures: arns.filter((arn) => !this.revisions.has(arn)).map((arn) => ({ arn, reason: 'MISSING' })),
    }, 200, { 'content-type': 'application/x-amz-json-1.1' });
  }

  private describeServiceDeployments(req: FakeRequest): FakeResponse {
    const arns: string[] = req.input?.serviceDeploymentArns ?? [];
    const summary = (arn: string) => ({ arn, requestedTaskCount: 6, runningTaskCount: 6, pendingTaskCount: 0 });
    return json({
      serviceDeployments: arns.flatMap((arn) => {
        const d = this.deployments.get(arn);
        if (!d) return [];
        return [{
          serviceDeploymentArn: d.arn,
          serviceArn: d.serviceArn,
          clusterArn: d.clusterArn,
          createdAt: 1_763_760_000,
          startedAt: 1_763_760_001,
          updatedAt: 1_763_760_100,
          sourceServiceRevisions: d.sourceServiceRevisionArns.map(summary),
          targetServiceRevision: summary(d.targetServiceRevisionArn),
          status: d.status ?? 'IN_PROGRESS',
          lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
        }];
      }),
      failures: arns.filter((arn) => !this.deployments.has(arn)).map((arn) => ({ arn, reason: 'MISSING' })),
    }, 200, { 'content-type': 'application/x-amz-json-1.1' });
  }

  private listTasks(req: FakeRequest): FakeResponse {
    const cluster = clusterName(String(req.input?.cluster ?? 'default'));
    const service = req.input?.serviceName as string | undefined;
    const arns = this.tasks
      .filter((t) => clusterName(t.clusterArn) === cluster && (service === undefined || t.serviceName === service))
      .map((t) => t.taskArn);
    const max = Number(req.input?.maxResults ?? 100);
    const start = req.input?.nextToken ? Number(req.input.nextToken) : 0;
    const page = arns.slice(start, start + max);
    const next = start + max < arns.length ? String(start + max) : undefined;
    return json({ taskArns: page, ...(next ? { nextToken: next } : {}) }, 200, { 'content-type': 'application/x-amz-json-1.1' });
  }

  private describeTasks(req: FakeRequest): FakeResponse {
    const arns: string[] = req.input?.tasks ?? [];
    if (arns.length > 100) return jsonError('InvalidParameterException', 'Tasks cannot be longer than 100.');
    const found = arns.flatMap((arn) => this.tasks.filter((t) => t.taskArn === arn));
    return json({
      tasks: found.map((t) => ({
        taskArn: t.taskArn,
        clusterArn: t.clusterArn,
        group: `service:${t.serviceName}`,
        availabilityZone: t.availabilityZone,
        lastStatus: t.lastStatus ?? 'RUNNING',
        desiredStatus: 'RUNNING',
        launchType: 'FARGATE',
        attachments: [{
          id: `attach-${t.taskArn.split('/').pop()}`,
          type: 'ElasticNetworkInterface',
          status: 'ATTACHED',
          details: [
            { name: 'subnetId', value: 'subnet-0example' },
            { name: 'networkInterfaceId', value: 'eni-0example' },
            { name: 'privateIPv4Address', value: t.privateIp },
          ],
        }],
        containers: [{
          name: 'App',
          lastStatus: t.lastStatus ?? 'RUNNING',
          networkInterfaces: [{ attachmentId: `attach-${t.taskArn.split('/').pop()}`, privateIpv4Address: t.privateIp }],
        }],
      })),
      failures: arns.filter((arn) => !this.tasks.some((t) => t.taskArn === arn)).map((arn) => ({ arn, reason: 'MISSING' })),
    }, 200, { 'content-type': 'application/x-amz-json-1.1' });
  }
}
