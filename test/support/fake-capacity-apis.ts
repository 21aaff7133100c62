import { FakeAws, FakeRequest, FakeResponse, json, jsonError, queryError, queryXml } from './fake-aws';

/** A resource of the fake stack, as DescribeStackResource reports it. */
export interface FakeStackResource {
  readonly physicalResourceId: string;
  readonly resourceType: string;
  /** @default CREATE_COMPLETE */
  readonly status?: string;
}

/** A service as the fake DescribeServices reports it. */
export interface FakeEcsService {
  readonly status: string;
  readonly desiredCount: number;
  /** @default desiredCount */
  readonly runningCount?: number;
}

/** A scalable target as the fake DescribeScalableTargets reports it. */
export interface FakeScalableTarget {
  readonly minCapacity: number;
  readonly maxCapacity: number;
}

/** The last path segment names the operation of a response PUT. */
export const RESPONSE_OPERATION = 'CustomResourceResponse';

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The APIs the MultiAzService desired-count provider reads, on one local {@link FakeAws}
 * endpoint (the three operation names are distinct, so one endpoint serves them all):
 *
 * - CloudFormation DescribeStackResource (query protocol, XML answers), shaped like the
 *   "Sample Response" of the CloudFormation API Reference page DescribeStackResource; a
 *   logical ID the stack does not hold is answered `ValidationError: Resource <id> does not exist
 *   for stack <name>`, the error text CloudFormation gives (quoted in e.g. jpsim/AWSPics#14), in
 *   the query-protocol ErrorResponse shape (boto/boto3#2807 shows one verbatim).
 * - ECS DescribeServices (JSON 1.1), fields from the response syntax of the ECS API Reference
 *   page DescribeServices; a service it does not hold is a `failures[]` entry with reason
 *   `MISSING` (ECS API failure reasons).
 * - Application Auto Scaling DescribeScalableTargets (JSON 1.1), shaped like the AWS CLI
 *   example `describe-scalable-targets --service-namespace ecs` in the Application Auto Scaling
 *   documentation.
 *
 * It also receives the custom resource responses: `PUT /responses/<name>` (a stand-in for the
 * pre-signed S3 URL CloudFormation puts in `ResponseURL`).
 */
export class FakeCapacityApis {
  public static async start(): Promise<FakeCapacityApis> {
    return new FakeCapacityApis(await FakeAws.start());
  }

  /** Stack name -> logical ID -> resource. */
  public readonly stacks = new Map<string, Map<string, FakeStackResource>>();
  /** Service ARN -> service. */
  public readonly services = new Map<string, FakeEcsService>();
  /** Scalable target resource ID (`service/<cluster>/<service>`) -> capacities. */
  public readonly scalableTargets = new Map<string, FakeScalableTarget>();
  /** Operation -> responses answered, in order, before any real one. */
  public readonly errors = new Map<string, FakeResponse[]>();

  private constructor(public readonly aws: FakeAws) {
    this.aws.route('PUT', '/responses/{name}', RESPONSE_OPERATION);
    this.install();
  }

  public get url(): string {
    return this.aws.url;
  }

  /** A response URL on this endpoint. */
  public responseUrl(name = 'r1'): string {
    return `${this.aws.url}/responses/${name}?X-Amz-Signature=fake`;
  }

  /** The response bodies PUT to the response URLs, parsed. */
  public responses(): Array<Record<string, any>> {
    return this.aws.calls(RESPONSE_OPERATION).map((r) => JSON.parse(r.body));
  }

  /** Requests of the AWS operations (not the response PUTs). */
  public apiCalls(): FakeRequest[] {
    return this.aws.requests.filter((r) => r.operation !== RESPONSE_OPERATION);
  }

  /** Queues `count` copies of an error for `operation`. */
  public fail(operation: string, response: FakeResponse, count = 1): void {
    const queue = this.errors.get(operation) ?? [];
    for (let i = 0; i < count; i++) queue.push(response);
    this.errors.set(operation, queue);
  }

  public reset(): void {
    this.aws.reset();
    this.stacks.clear();
    this.services.clear();
    this.scalableTargets.clear();
    this.errors.clear();
    this.install();
  }

  public close(): Promise<void> {
    return this.aws.close();
  }

  private install(): void {
    const answer = (operation: string, real: (req: FakeRequest) => FakeResponse) =>
      this.aws.on(operation, (req) => this.errors.get(operation)?.shift() ?? real(req));
    answer('DescribeStackResource', (req) => this.describeStackResource(req));
    answer('DescribeServices', (req) => this.describeServices(req));
    answer('DescribeScalableTargets', (req) => this.describeScalableTargets(req));
    answer(RESPONSE_OPERATION, () => ({ status: 200, body: '' }));
  }

  private describeStackResource(req: FakeRequest): FakeResponse {
    const { StackName: stackId, LogicalResourceId: logicalId } = req.input as Record<string, string>;
    // StackName may be the stack ID (arn:aws:cloudformation:<region>:<account>:stack/<name>/<guid>) or the name.
    const name = stackId.startsWith('arn:') ? stackId.split('/')[1] : stackId;
    const stack = this.stacks.get(name);
    if (!stack) return queryError('ValidationError', `Stack with id ${stackId} does not exist`);
    const resource = stack.get(logicalId);
    if (!resource) return queryError('ValidationError', `Resource ${logicalId} does not exist for stack ${name}`);
    return queryXml('DescribeStackResource', '<StackResourceDetail>'
      + `<StackId>${escapeXml(stackId)}</StackId><StackName>${escapeXml(name)}</StackName>`
      + `<LogicalResourceId>${escapeXml(logicalId)}</LogicalResourceId><PhysicalResourceId>${escapeXml(resource.physicalResourceId)}</PhysicalResourceId>`
      + `<ResourceType>${escapeXml(resource.resourceType)}</ResourceType><LastUpdatedTimestamp>2026-11-30T22:27:28Z</LastUpdatedTimestamp>`
      + `<ResourceStatus>${resource.status ?? 'CREATE_COMPLETE'}</ResourceStatus></StackResourceDetail>`);
  }

  private describeServices(req: FakeRequest): FakeResponse {
    const { cluster, services } = req.input as { cluster: string; services: string[] };
    const found = services.filter((arn) => this.services.has(arn));
    return json({
      failures: services.filter((arn) => !this.services.has(arn)).map((arn) => ({ arn, reason: 'MISSING' })),
      services: found.map((arn) => {
        const s = this.services.get(arn)!;
        return {
          serviceArn: arn,
          serviceName: arn.split('/').pop(),
          clusterArn: `arn:aws:ecs:eu-west-1:123456789012:cluster/${cluster}`,
          status: s.status,
          desiredCount: s.desiredCount,
          runningCount: s.runningCount ?? s.desiredCount,
          pendingCount: 0,
          launchType: 'FARGATE',
          taskDefinition: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/TestStackOrdersTaskDefinition:7',
        };
      }),
    });
  }

  private describeScalableTargets(req: FakeRequest): FakeResponse {
    type Input = { ServiceNamespace: string; ResourceIds?: string[]; ScalableDimension?: string };
    const { ServiceNamespace, ResourceIds, ScalableDimension } = req.input as Input;
    if (ServiceNamespace !== 'ecs') return jsonError('ValidationException', `unexpected namespace ${ServiceNamespace}`);
    const ids = ResourceIds ?? [...this.scalableTargets.keys()];
    return json({
      ScalableTargets: ids.filter((id) => this.scalableTargets.has(id)).map((id) => ({
        ServiceNamespace: 'ecs',
        ScalableDimension: ScalableDimension ?? 'ecs:service:DesiredCount',
        ResourceId: id,
        MinCapacity: this.scalableTargets.get(id)!.minCapacity,
        MaxCapacity: this.scalableTargets.get(id)!.maxCapacity,
        RoleARN: 'arn:aws:iam::123456789012:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService',
        CreationTime: 1764541200.199,
        SuspendedState: { DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false, DynamicScalingInSuspended: false },
      })),
    });
  }
}
