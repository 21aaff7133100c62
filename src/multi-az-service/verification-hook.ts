import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { vpcIdSuffix } from './shared-network';
import { acknowledgeNag } from '../private/nag';
import { EcsVerifyHookFunction } from '../verification/ecs-hook/ecs-verify-hook-function';

/** Prefix of the construct ID of the per-stack, per-VPC verification hook. */
export const VERIFY_HOOK_ID_PREFIX = 'MultiAzServiceVerifyHook';

/** Lambda timeout of the hook: ECS invokes it again (IN_PROGRESS) for longer waits. */
export const VERIFY_HOOK_TIMEOUT = Duration.minutes(1);

/**
 * The ECS verification hook shared by every MultiAzService of a stack in one VPC: the function
 * runs in the VPC's private subnets (it probes each task directly at its private address, so
 * nothing is exposed to the internet for verification) and reaches the Elastic Load Balancing
 * API through the subnets' route to the internet (a NAT gateway per zone in the default VPC) or
 * an `elasticloadbalancing` interface endpoint the VPC provides.
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
      description: 'Verifies a new ECS service revision before production traffic (zone gate and HTTP checks)',
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
      'elasticloadbalancing:DescribeRules and DescribeTargetHealth support no resource-level permissions; they read only.');
    acknowledgeNag(this.function, 'AwsSolutions-L1',
      'The runtime is pinned to nodejs22.x, the target the handler is bundled and tested for; it moves with the library.');
  }
}
