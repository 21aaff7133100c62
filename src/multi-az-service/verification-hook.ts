import { ArnFormat, Duration, Names, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { vpcIdSuffix } from './shared-network';
import { acknowledgeNag, acknowledgeWildcard } from '../private/nag';
import { EcsVerifyHookFunction } from '../verification/ecs-hook/ecs-verify-hook-function';

/** Prefix of the construct ID of the per-stack, per-VPC verification hook. */
export const VERIFY_HOOK_ID_PREFIX = 'MultiAzServiceVerifyHook';

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
  public static of(scope: Construct, vpc: ec2.IVpc): ServiceVerificationHook {
    const stack = Stack.of(scope);
    const id = `${VERIFY_HOOK_ID_PREFIX}${vpcIdSuffix(vpc)}`;
    return (stack.node.tryFindChild(id) as ServiceVerificationHook | undefined) ?? new ServiceVerificationHook(stack, id, vpc);
  }

  /** The hook function. */
  public readonly function: EcsVerifyHookFunction;
  /** The hook's security group; each service lets it reach its container port. */
  public readonly securityGroup: ec2.SecurityGroup;
  private readonly clusters = new Set<string>();

  private constructor(scope: Construct, id: string, vpc: ec2.IVpc) {
    super(scope, id);
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'MultiAzService verification hook: probes new tasks, calls the Elastic Load Balancing API',
      allowAllOutbound: true,
    });
    this.function = new EcsVerifyHookFunction(this, 'Function', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      timeout: VERIFY_HOOK_TIMEOUT,
      memorySize: 256,
      description: 'Verifies a new ECS service revision before (and, with after-traffic checks, after) production traffic: zone gate and HTTP checks',
    });
    this.function.addToRolePolicy(new iam.PolicyStatement({
      actions: ['elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeTargetHealth'],
      resources: ['*'],
    }));
    const role = this.function.role!;
    for (const policy of ['AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole']) {
      acknowledgeNag(role, `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policy}]`,
        `${policy} is the minimal AWS managed policy for a VPC function's logs and network interfaces.`);
    }
    acknowledgeNag(role, 'AwsSolutions-IAM5[Resource::*]',
      'elasticloadbalancing:DescribeRules and DescribeTargetHealth support no resource-level permissions; they read only. '
      + 'ecs:ListTasks across a cluster is authorized against "*" and scoped by the ecs:cluster condition.');
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
    const role = this.function.role!;
    const why = 'the hook reads the services, service revisions, service deployments and tasks of the cluster its services run in (read only); '
      + 'the service names are not known before the services exist, which depend on this policy.';
    for (const pattern of [services, revisions, deployments, tasks]) acknowledgeWildcard(role, pattern, why);
  }
}
