import { Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { shortHash } from '../private/hash';

/** Construct ID of the per-stack network shared by every MultiAzService without a vpc or cluster. */
export const SHARED_NETWORK_ID = 'MultiAzServiceNetwork';

/**
 * The default network of the MultiAzServices in a stack: ONE VPC (public and private subnets in
 * every zone, one NAT gateway per zone so that losing a zone never cuts the others' egress, flow
 * logs) and ONE ECS cluster (Container Insights on). Shared because a VPC per service would
 * exhaust the default quotas of five VPCs and five Elastic IPs per region.
 *
 * The first service in the stack decides the zones; a later service may use fewer of them.
 */
export class SharedServiceNetwork extends Construct {
  /**
   * The stack's shared network, defined on first use with `zones` (concrete names, or the
   * stack's two token zones in an environment-agnostic stack).
   */
  public static of(scope: Construct, zones: string[]): SharedServiceNetwork {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(SHARED_NETWORK_ID) as SharedServiceNetwork | undefined;
    if (existing) {
      existing.requireZones(zones);
      return existing;
    }
    return new SharedServiceNetwork(stack, SHARED_NETWORK_ID, zones);
  }

  public readonly vpc: ec2.Vpc;
  public readonly cluster: ecs.Cluster;

  private constructor(scope: Construct, id: string, zones: string[]) {
    super(scope, id);
    const concrete = zones.every((z) => !Token.isUnresolved(z));
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ...(concrete ? { availabilityZones: zones } : { maxAzs: zones.length }),
      natGateways: zones.length,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      ],
      flowLogs: { FlowLog: { trafficType: ec2.FlowLogTrafficType.REJECT } },
    });
    if (concrete) {
      Validations.of(this.vpc).acknowledge({
        id: 'CloudFormation-Validate::W3010',
        reason: 'The subnets name their zones on purpose: the per-zone rollback alarms and the capacity plan are built for these exact zones.',
      });
    }
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: this.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
  }

  private requireZones(zones: string[]): void {
    const missing = zones.filter((z) => !Token.isUnresolved(z) && !this.vpc.availabilityZones.includes(z));
    if (missing.length > 0) {
      throw new Error(
        `The stack's shared MultiAzService network spans ${this.vpc.availabilityZones.join(', ')}, set by the first service in the stack; ` +
        `this service needs ${missing.join(', ')} too. Define the service with the most zones first, or pass a vpc that spans every zone.`,
      );
    }
  }
}

/** Prefix of the construct ID of the per-stack cluster for a VPC the user passed. */
export const SHARED_CLUSTER_ID_PREFIX = 'MultiAzServiceCluster';

/**
 * The cluster shared by every MultiAzService of the stack in `vpc` (a VPC the user passed
 * without a cluster), defined on first use with Container Insights on.
 */
export function sharedCluster(scope: Construct, vpc: ec2.IVpc): ecs.Cluster {
  const stack = Stack.of(scope);
  const id = `${SHARED_CLUSTER_ID_PREFIX}${vpcIdSuffix(vpc)}`;
  return (stack.node.tryFindChild(id) as ecs.Cluster | undefined)
    ?? new ecs.Cluster(stack, id, { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
}

/** Eight upper-case hex characters derived from the VPC's construct path, for stable per-VPC construct IDs. */
export function vpcIdSuffix(vpc: ec2.IVpc): string {
  return shortHash(vpc.node.path).toUpperCase();
}
