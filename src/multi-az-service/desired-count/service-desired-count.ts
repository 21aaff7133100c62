import { Aws, CfnResource, CustomResource, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DESIRED_COUNT_ATTRIBUTE } from './decide';
import { DesiredCountFunction } from './desired-count-function';
import { serviceInputs, ServiceInputs } from './service-inputs';
import { acknowledgeNag } from '../../private/nag';
import { requireSameLogRetention } from '../../private/shared-log-retention';

/** How long the desired-count function's logs are kept unless the first service's `logRetention` says otherwise. */
export const DEFAULT_DESIRED_COUNT_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/** Construct ID of the per-stack provider. */
export const DESIRED_COUNT_PROVIDER_ID = 'MultiAzServiceDesiredCount';

/** CloudFormation type of the per-service resource. */
export const DESIRED_COUNT_RESOURCE_TYPE = 'Custom::ServiceDesiredCount';

/** The provider's Lambda timeout; the handler keeps 10 s of it to PUT its response. */
export const DESIRED_COUNT_TIMEOUT = Duration.minutes(1);

/**
 * How long CloudFormation waits for a response before it fails the resource (instead of the
 * default hour), should the function never answer: the Lambda timeout plus Lambda's two
 * asynchronous retries.
 */
export const DESIRED_COUNT_SERVICE_TIMEOUT = Duration.minutes(5);

/**
 * The stack's provider of `Custom::ServiceDesiredCount`: one function, its role and its log
 * group, shared by every MultiAzService of the stack.
 */
export class DesiredCountProvider extends Construct {
  /** The stack's provider, defined on first use; the first service's `logRetention` sets its log retention. */
  public static of(scope: Construct, logRetention?: logs.RetentionDays): DesiredCountProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(DESIRED_COUNT_PROVIDER_ID) as DesiredCountProvider | undefined;
    if (existing) requireSameLogRetention(scope, 'the desired-count function it shares with the other services of the stack', logRetention, existing.logRetention);
    return existing ?? new DesiredCountProvider(stack, DESIRED_COUNT_PROVIDER_ID, logRetention ?? DEFAULT_DESIRED_COUNT_LOG_RETENTION);
  }

  /** The provider function. */
  public readonly function: DesiredCountFunction;
  /** The function's log group. */
  public readonly logGroup: logs.LogGroup;
  /** The function's role (inline policy only). */
  public readonly role: iam.Role;
  /** Retention of `logGroup`. */
  public readonly logRetention: logs.RetentionDays;

  private readonly policy: iam.PolicyDocument;
  private readonly clusters = new Set<string>();

  private constructor(scope: Construct, id: string, logRetention: logs.RetentionDays) {
    super(scope, id);
    this.logRetention = logRetention;
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: logRetention });
    this.policy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'Logs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [this.logGroup.logGroupArn],
        }),
        new iam.PolicyStatement({
          sid: 'FindServiceInThisStack',
          actions: ['cloudformation:DescribeStackResource'],
          resources: [Aws.STACK_ID],
        }),
        new iam.PolicyStatement({
          // The Service Authorization Reference lists no resource type for this action: it takes "*".
          sid: 'ReadScalableTargets',
          actions: ['application-autoscaling:DescribeScalableTargets'],
          resources: ['*'],
        }),
      ],
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Reads the running count of the stack\'s MultiAzServices for their DesiredCount',
      inlinePolicies: { DesiredCount: this.policy },
    });
    this.function = new DesiredCountFunction(this, 'Function', {
      role: this.role,
      logGroup: this.logGroup,
      timeout: DESIRED_COUNT_TIMEOUT,
      memorySize: 256,
      description: 'Answers the DesiredCount of a MultiAzService: the running count on updates, the statically stable count on create',
    });
    acknowledgeNag(this.function, 'AwsSolutions-L1',
      'The runtime is pinned to nodejs22.x, the target the handler is bundled and tested for; it moves with the library.');
  }

  /** Lets the function read the services of `cluster` (once per cluster). */
  public allowCluster(cluster: ecs.ICluster): void {
    const key = JSON.stringify(Stack.of(this).resolve(cluster.clusterName));
    if (this.clusters.has(key)) return;
    this.clusters.add(key);
    const services = Stack.of(this).formatArn({ service: 'ecs', resource: 'service', resourceName: `${cluster.clusterName}/*` });
    this.policy.addStatements(new iam.PolicyStatement({ actions: ['ecs:DescribeServices'], resources: [services] }));
    // The service's own ARN would be a cycle (the service waits for this function's answer), so the
    // statement names the services of this one cluster; the wildcard stays reported (docs/security.md).
  }
}

/** What one service's desired count is computed from. */
export interface ServiceDesiredCountProps {
  /** The cluster the service runs in. */
  readonly cluster: ecs.ICluster;
  /** The statically stable count (the capacity plan's minimum). */
  readonly floor: number;
  /** The ceiling of autoscaling (the capacity plan's maximum). */
  readonly maximum: number;
  /**
   * Retention of the stack's desired-count function logs (set by the first service of the stack).
   *
   * @default DEFAULT_DESIRED_COUNT_LOG_RETENTION
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * A service's `DesiredCount`, read when CloudFormation creates or updates the service (aws-cdk#3919:
 * CloudFormation re-applies `DesiredCount` on every UpdateService, so a literal count would reset a
 * scaled-out service at every deployment). `desiredCount` is the `DesiredCount` attribute of a
 * `Custom::ServiceDesiredCount` resource whose properties change whenever the service's do, so it
 * is read again before every UpdateService.
 */
export class ServiceDesiredCount extends Construct {
  /** The count to pass as the service's `desiredCount`. */
  public readonly desiredCount: number;
  /** The custom resource. */
  public readonly resource: CustomResource;

  private service?: CfnResource;

  constructor(scope: Construct, id: string, props: ServiceDesiredCountProps) {
    super(scope, id);
    const provider = DesiredCountProvider.of(this, props.logRetention);
    provider.allowCluster(props.cluster);
    const inputs = (): ServiceInputs => serviceInputs(this.serviceProperties());
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.function.functionArn,
      resourceType: DESIRED_COUNT_RESOURCE_TYPE,
      serviceTimeout: DESIRED_COUNT_SERVICE_TIMEOUT,
      properties: {
        ServiceLogicalId: Lazy.string({ produce: () => Stack.of(this).resolve(this.requireService().logicalId) }),
        Cluster: props.cluster.clusterName,
        Floor: props.floor,
        Maximum: props.maximum,
        ServiceDigest: Lazy.string({ produce: () => inputs().digest }),
        ServiceReferences: Lazy.any({ produce: () => inputs().references }, { omitEmptyArray: true }),
      },
    });
    this.desiredCount = Token.asNumber(this.resource.getAtt(DESIRED_COUNT_ATTRIBUTE));
  }

  /** Names the service whose count this is; call once, after the service is defined with `desiredCount`. */
  public bind(service: ecs.BaseService): void {
    if (this.service) throw new Error(`${this.node.path} is already bound to a service`);
    this.service = service.node.defaultChild as CfnResource;
  }

  private requireService(): CfnResource {
    if (!this.service) throw new Error(`${this.node.path}: bind(service) was never called`);
    return this.service;
  }

  /** The service's properties as synthesized, without `DesiredCount` (which is this resource's own answer). */
  private serviceProperties(): Record<string, unknown> {
    const service = this.requireService();
    const stack = Stack.of(this);
    const rendered = stack.resolve(service._toCloudFormation()) as { Resources: Record<string, { Properties?: Record<string, unknown> }> };
    const { DesiredCount: _ignored, ...rest } = Object.values(rendered.Resources)[0].Properties ?? {};
    return rest;
  }
}
