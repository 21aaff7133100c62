import { Aspects, CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { shortHash } from '../private/hash';

/** Construct ID of the per-stack network shared by every MultiAzService without a vpc or cluster. */
export const SHARED_NETWORK_ID = 'MultiAzServiceNetwork';

/** Construct ID of aws-cdk-lib's per-stack provider that empties a VPC's default security group. */
const RESTRICT_DEFAULT_SG_PROVIDER_ID = 'Custom::VpcRestrictDefaultSGCustomResourceProvider';
/** Resource type of aws-cdk-lib's custom resource that empties a VPC's default security group. */
const RESTRICT_DEFAULT_SG_RESOURCE_TYPE = 'Custom::VpcRestrictDefaultSG';

/** How long the shared network's log groups keep their logs unless the first service says otherwise. */
export const DEFAULT_NETWORK_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/** Settings of the shared network, decided by the first service of the stack (unset: the default, or what the first service chose). */
export interface SharedNetworkOptions {
  /** Retention of the flow-log group and of the default-security-group function's log group (default `DEFAULT_NETWORK_LOG_RETENTION`). */
  readonly logRetention?: logs.RetentionDays;
  /** Whether the VPC's default security group loses its rules, through aws-cdk-lib's custom resource (default true). */
  readonly restrictDefaultSecurityGroup?: boolean;
}

interface ResolvedNetworkOptions {
  readonly logRetention: logs.RetentionDays;
  readonly restrictDefaultSecurityGroup: boolean;
}

/**
 * The default network of the MultiAzServices in a stack: ONE VPC (public and private subnets in
 * every zone, one NAT gateway per zone so that losing a zone never cuts the others' egress,
 * rejected-traffic flow logs, no public IPs assigned on launch, the default security group
 * emptied) and ONE ECS cluster (Container Insights on). Shared because a VPC per service would
 * exhaust the default quotas of five VPCs and five Elastic IPs per region.
 *
 * The first service in the stack decides the zones and the options; a later service may use
 * fewer of the zones, and must not ask for other options.
 *
 * The flow log is an L1 `CfnFlowLog` with its own role and log group: aws-cdk-lib's `FlowLog`
 * acknowledges `CloudFormation-Validate::F3002` and `F3003` (schema errors), which aws-cdk-lib
 * matches app-wide and would hide in the user's stacks.
 */
export class SharedServiceNetwork extends Construct {
  /**
   * The stack's shared network, defined on first use with `zones` (concrete names, or the
   * stack's two token zones in an environment-agnostic stack).
   */
  public static of(scope: Construct, zones: string[], options: SharedNetworkOptions): SharedServiceNetwork {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(SHARED_NETWORK_ID) as SharedServiceNetwork | undefined;
    if (existing) {
      existing.requireZones(zones);
      existing.requireOptions(scope, options);
      return existing;
    }
    return new SharedServiceNetwork(stack, SHARED_NETWORK_ID, zones, {
      logRetention: options.logRetention ?? DEFAULT_NETWORK_LOG_RETENTION,
      restrictDefaultSecurityGroup: options.restrictDefaultSecurityGroup ?? true,
    });
  }

  public readonly vpc: ec2.Vpc;
  public readonly cluster: ecs.Cluster;
  /** The VPC's flow log (rejected traffic). */
  public readonly flowLog: ec2.CfnFlowLog;
  /** The flow log's log group. */
  public readonly flowLogGroup: logs.LogGroup;
  /** The log group of aws-cdk-lib's default-security-group function, when the group is restricted. */
  public readonly restrictDefaultSecurityGroupLogGroup?: logs.LogGroup;

  private readonly options: ResolvedNetworkOptions;

  private constructor(scope: Construct, id: string, zones: string[], options: ResolvedNetworkOptions) {
    super(scope, id);
    this.options = options;
    const concrete = zones.every((z) => !Token.isUnresolved(z));
    // Zone names are literal in an environment-bound stack (cfn-lint W3010, reported): the
    // per-zone rollback alarms and the capacity plan are built for these exact zones.
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ...(concrete ? { availabilityZones: zones } : { maxAzs: zones.length }),
      natGateways: zones.length,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      ],
      restrictDefaultSecurityGroup: options.restrictDefaultSecurityGroup,
    });

    this.flowLogGroup = new logs.LogGroup(this, 'FlowLogGroup', { retention: options.logRetention });
    const flowLogRole = new iam.Role(this, 'FlowLogRole', {
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com'),
      description: 'Lets VPC Flow Logs write the MultiAzService network flow log',
    });
    this.flowLogGroup.grantWrite(flowLogRole);
    this.flowLogGroup.grant(flowLogRole, 'logs:DescribeLogStreams');
    this.flowLog = new ec2.CfnFlowLog(this, 'FlowLog', {
      resourceId: this.vpc.vpcId,
      resourceType: 'VPC',
      trafficType: 'REJECT',
      logDestinationType: 'cloud-watch-logs',
      logGroupName: this.flowLogGroup.logGroupName,
      deliverLogsPermissionArn: flowLogRole.roleArn,
    });

    if (options.restrictDefaultSecurityGroup) {
      this.restrictDefaultSecurityGroupLogGroup = this.providerLogGroup(options.logRetention);
    }
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: this.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
  }

  /**
   * Defines the log group of aws-cdk-lib's default-security-group function before the function
   * first runs, so that its logs expire instead of going to a group Lambda would create without
   * a retention. The function is shared by every VPC of the stack that restricts its default
   * group (yours too): every such custom resource waits for the group, or Lambda could create it
   * first and the group's creation would fail.
   */
  private providerLogGroup(retention: logs.RetentionDays): logs.LogGroup | undefined {
    const stack = Stack.of(this);
    const provider = stack.node.tryFindChild(RESTRICT_DEFAULT_SG_PROVIDER_ID);
    const handler = provider?.node.tryFindChild('Handler') as CfnResource | undefined;
    const customResource = this.vpc.node.tryFindChild('RestrictDefaultSecurityGroupCustomResource');
    if (!handler || !customResource) {
      throw new Error('aws-cdk-lib no longer defines the default-security-group provider where cdk-safe-deploy expects it; set restrictDefaultSecurityGroup: false and report this.');
    }
    const group = new logs.LogGroup(this, 'RestrictDefaultSecurityGroupLogs', {
      logGroupName: `/aws/lambda/${handler.ref}`,
      retention,
    });
    const groupResource = group.node.defaultChild as CfnResource;
    Aspects.of(stack).add({
      visit: (node) => {
        if (CfnResource.isCfnResource(node) && node.cfnResourceType === RESTRICT_DEFAULT_SG_RESOURCE_TYPE) node.addResourceDependency(groupResource);
      },
    });
    return group;
  }

  private requireOptions(scope: Construct, options: SharedNetworkOptions): void {
    const mine = this.options;
    for (const key of ['logRetention', 'restrictDefaultSecurityGroup'] as const) {
      if (options[key] !== undefined && options[key] !== mine[key]) {
        throw new Error(
          `${key} is ${options[key]} on ${scope.node.path}, but the stack's shared MultiAzService network was defined with ${mine[key]} by the first service in the stack. ` +
          'Give every service of the stack that uses the shared network the same value, or pass your own vpc.',
        );
      }
    }
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
