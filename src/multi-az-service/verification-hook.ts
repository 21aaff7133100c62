import { ArnFormat, Duration, Names, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { vpcIdSuffix } from './shared-network';
import { acknowledgeNag } from '../private/nag';
import { requireSameLogRetention } from '../private/shared-log-retention';
import { EcsVerifyHookFunction } from '../verification/ecs-hook/ecs-verify-hook-function';

/** Prefix of the construct ID of the per-stack, per-VPC verification hook. */
export const VERIFY_HOOK_ID_PREFIX = 'MultiAzServiceVerifyHook';

/** How long the hook keeps its logs unless the first service of its VPC says otherwise. */
export const DEFAULT_HOOK_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/** Lambda timeout of the hook: ECS invokes it again (IN_PROGRESS) for longer waits. */
export const VERIFY_HOOK_TIMEOUT = Duration.minutes(1);

/**
 * The ECS verification hook shared by every MultiAzService of a stack in one VPC: the function
 * runs in the VPC's private subnets (it probes each task directly at its private address, so
 * nothing is exposed to the internet for verification) and reaches the Amazon ECS and Elastic
 * Load Balancing APIs through the subnets' route to the internet (a NAT gateway per zone in the
 * default VPC) or the `ecs` and `elasticloadbalancing` interface endpoints the VPC provides.
 *
 * Its role may read the ECS services of the clusters that use it ({@link allowCluster}), scoped
 * to each cluster: a statement naming the service itself would reference the service, which
 * depends on the hook function, which depends on its role's policy (a dependency cycle); and the
 * policy must exist before the service, since ECS runs the hook when it creates the service.
 */
export class ServiceVerificationHook extends Construct {
  /** The stack's hook for `vpc`, defined on first use. */
  public static of(scope: Construct, vpc: ec2.IVpc, logRetention?: logs.RetentionDays): ServiceVerificationHook {
    const stack = Stack.of(scope);
    const id = `${VERIFY_HOOK_ID_PREFIX}${vpcIdSuffix(vpc)}`;
    const existing = stack.node.tryFindChild(id) as ServiceVerificationHook | undefined;
    if (existing) requireSameLogRetention(scope, 'the verification hook it shares with the other services of the stack in this VPC', logRetention, existing.logRetention);
    return existing ?? new ServiceVerificationHook(stack, id, vpc, logRetention ?? DEFAULT_HOOK_LOG_RETENTION);
  }

  /** The hook function. */
  public readonly function: EcsVerifyHookFunction;
  /** The hook's security group; each service lets it reach its container port. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The hook's role: its own log group, network interfaces in the VPC, the load-balancer reads. */
  public readonly role: iam.Role;
  /** The hook's log group. */
  public readonly logGroup: logs.LogGroup;
  /** Retention of `logGroup`. */
  public readonly logRetention: logs.RetentionDays;
  private readonly clusters = new Set<string>();

  private constructor(scope: Construct, id: string, vpc: ec2.IVpc, logRetention: logs.RetentionDays) {
    super(scope, id);
    this.logRetention = logRetention;
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: logRetention });
    // Its own role with inline statements instead of the AWS managed AWSLambdaBasicExecutionRole
    // and AWSLambdaVPCAccessExecutionRole (logs:* on every log group of the account).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'MultiAzService verification hook',
    });
    this.logGroup.grantWrite(this.role);
    // Lambda creates and deletes the function's network interfaces with the function's role
    // (Lambda developer guide, "Giving Lambda functions access to resources in an Amazon VPC");
    // ec2:DescribeNetworkInterfaces works only on "*".
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: [
        'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses',
      ],
      resources: ['*'],
    }));
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'MultiAzService verification hook: probes new tasks, calls the Elastic Load Balancing API',
      allowAllOutbound: true,
    });
    this.function = new EcsVerifyHookFunction(this, 'Function', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      role: this.role,
      logGroup: this.logGroup,
      timeout: VERIFY_HOOK_TIMEOUT,
      memorySize: 256,
      description: 'Verifies a new ECS service revision before (and, with after-traffic checks, after) production traffic: zone gate and HTTP checks',
    });
    this.function.addToRolePolicy(new iam.PolicyStatement({
      actions: ['elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeTargetHealth'],
      resources: ['*'],
    }));
    acknowledgeNag(this.function, 'AwsSolutions-L1',
      'The runtime is pinned to nodejs22.x, the target the handler is bundled and tested for; it moves with the library.');
  }

  /**
   * Lets the hook read the ECS services of `cluster`: the service revision and service deployment
   * of each deployment (each action is authorized against the `service` resource type and the
   * `service-revision` or `service-deployment` one; a policy naming only one of the two is denied),
   * and the cluster's tasks (their zones and addresses). Once per cluster.
   *
   * ARN formats and resource types: Service Authorization Reference, "Actions, resources, and
   * condition keys for Amazon Elastic Container Service".
   */
  public allowCluster(cluster: ecs.ICluster): void {
    const key = Names.nodeUniqueId(cluster.node);
    if (this.clusters.has(key)) return;
    this.clusters.add(key);
    const stack = Stack.of(this);
    const arn = (resource: string, resourceName: string) => stack.formatArn({ service: 'ecs', resource, resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    const services = arn('service', `${cluster.clusterName}/*`);
    const revisions = arn('service-revision', `${cluster.clusterName}/*`);
    const deployments = arn('service-deployment', `${cluster.clusterName}/*`);
    const tasks = arn('task', `${cluster.clusterName}/*`);
    const inCluster = { ArnEquals: { 'ecs:cluster': cluster.clusterArn } };
    this.function.addToRolePolicy(new iam.PolicyStatement({ actions: ['ecs:DescribeServiceRevisions'], resources: [services, revisions] }));
    this.function.addToRolePolicy(new iam.PolicyStatement({ actions: ['ecs:DescribeServiceDeployments'], resources: [services, deployments] }));
    this.function.addToRolePolicy(new iam.PolicyStatement({ actions: ['ecs:DescribeTasks'], resources: [tasks], conditions: inCluster }));
    this.function.addToRolePolicy(new iam.PolicyStatement({ actions: ['ecs:ListTasks'], resources: ['*'], conditions: inCluster }));
  }
}
