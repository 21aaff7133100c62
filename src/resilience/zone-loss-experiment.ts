import { ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  describeZoneLoss,
  MAX_TAG_VALUE_LENGTH,
  planZoneLoss,
  truncate,
  validateLength,
  validateStopConditionCount,
} from './zone-loss-plan';

/** How long the zone stays impaired unless `duration` says otherwise. */
const DEFAULT_DURATION = Duration.minutes(10);
/** How long the experiment log is kept unless `logRetention` says otherwise. */
const DEFAULT_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;
/** FIS experiment logs, schema version 2 (the current one). */
const LOG_SCHEMA_VERSION = 2;
/** The tag FIS puts on the network ACL it clones for `aws:network:disrupt-connectivity`. */
const FIS_MANAGED_TAG = 'managedByFIS';
/** Log groups that already carry the delivery statement (several experiments may share one). */
const LOG_GROUPS_OPEN_TO_DELIVERY = new WeakSet<logs.ILogGroup>();

/** Construct id, under the stack, of the experiment log group every experiment of the stack shares. */
export const SHARED_LOGS_ID = 'CdkSafeDeployZoneLossLogs';

/** Whether `days` keeps logs longer than `current` (`INFINITE` is the longest; no retention set keeps them forever). */
function keptLonger(days: logs.RetentionDays, current: number | undefined): boolean {
  const forever = (d: number | undefined) => d === undefined || d === logs.RetentionDays.INFINITE;
  if (forever(current)) return false;
  return forever(days) || days > current!;
}

/**
 * What a zone-loss experiment impairs and for how long.
 */
export interface ZoneLossExperimentOptions {
  /**
   * How long the zone stays impaired: the network disruption lasts this long; with the network
   * disruption off, the experiment waits this long after stopping the tasks, so its stop
   * conditions keep watching while ECS replaces them. Whole seconds, from 1 minute to 12 hours.
   *
   * @default Duration.minutes(10)
   */
  readonly duration?: Duration;

  /**
   * Deny all traffic in and out of the zone's subnets for `duration` (FIS
   * `aws:network:disrupt-connectivity`, scope `all`): the tasks there can neither be reached nor
   * reach anything outside their subnet, as in a zone that has lost its network.
   *
   * @default true
   */
  readonly disruptNetwork?: boolean;

  /**
   * Stop the service's tasks running in the zone when the experiment starts (FIS
   * `aws:ecs:stop-task`), as in a zone that has lost its compute.
   *
   * @default true
   */
  readonly stopTasks?: boolean;

  /**
   * How long the experiment log is kept.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Properties of {@link ZoneLossExperiment}.
 */
export interface ZoneLossExperimentProps extends ZoneLossExperimentOptions {
  /**
   * The Availability Zone to impair (its name, e.g. `eu-west-1a`; a token in an
   * environment-agnostic stack).
   */
  readonly availabilityZone: string;

  /**
   * Alarms that stop the experiment when they go into ALARM: the ones that show customer impact,
   * e.g. the regional 5xx-rate and p99-latency alarms. Between 1 and 5 (FIS quota).
   *
   * Do not list alarms the impairment is expected to set off (per-zone alarms of the impaired
   * zone, unhealthy targets): the experiment would stop as soon as the zone is impaired.
   */
  readonly stopConditionAlarms: cloudwatch.IAlarm[];

  /**
   * The VPC of `subnets`: the role may create FIS's network ACL in this VPC only.
   *
   * @default - required when `disruptNetwork` is on
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The subnets of the zone whose traffic is denied; all in `availabilityZone`. Between 1 and 5.
   *
   * @default - required when `disruptNetwork` is on
   */
  readonly subnets?: ec2.ISubnet[];

  /**
   * The cluster of `service`.
   *
   * @default - required when `stopTasks` is on
   */
  readonly cluster?: ecs.ICluster;

  /**
   * The ECS service whose tasks in the zone are stopped.
   *
   * @default - required when `stopTasks` is on
   */
  readonly service?: ecs.IService;

  /**
   * The log group of the experiment log (FIS writes a log stream `/aws/fis/<experiment id>` per run).
   *
   * A resource policy on it lets the CloudWatch Logs delivery service write there.
   *
   * @default - the stack's shared experiment log group (`CdkSafeDeployZoneLossLogs`), kept for
   * the longest `logRetention` any experiment of the stack asks
   */
  readonly logGroup?: logs.ILogGroup;

  /**
   * The experiment template's name: its `Name` tag, shown in the FIS console. At most 256 characters.
   *
   * @default - `<construct path> zone loss <zone>`
   */
  readonly experimentName?: string;
}

/**
 * An AWS FIS experiment template that impairs one Availability Zone for a service: it denies all
 * traffic in and out of the zone's subnets and stops the service's tasks there, and stops itself
 * when a customer-impact alarm fires.
 *
 * The experiment proves what a multi-AZ design promises: with one zone gone the service keeps
 * serving from the others. Start it with `aws fis start-experiment --experiment-template-id
 * <experimentTemplateId>`; nothing runs until then.
 *
 * The role FIS assumes trusts `fis.amazonaws.com` for experiments of this account and region only,
 * and may do what the two FIS actions document and no more: manage the network ACL FIS clones
 * (tagged `managedByFIS=true`) in the given VPC and swap it onto the given subnets; list, describe
 * and stop tasks of the given cluster; deliver the experiment log.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html
 * @resource AWS::FIS::ExperimentTemplate
 */
export class ZoneLossExperiment extends Construct {
  /**
   * The stack's one experiment log group (`CdkSafeDeployZoneLossLogs`), open to log delivery, kept
   * for the longest retention asked of it.
   *
   * Its resource policy is an account-level CloudWatch Logs resource policy, of which an account
   * has at most 10 per Region (CloudWatch Logs `PutResourcePolicy` API reference): one per
   * experiment or per service would exhaust them, so every experiment of a stack shares this one.
   *
   * @param scope any construct of the stack
   * @param retention how long this caller needs the experiment log kept
   */
  public static sharedLogGroup(scope: Construct, retention: logs.RetentionDays): logs.ILogGroup {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(SHARED_LOGS_ID) as logs.LogGroup | undefined;
    if (existing) {
      const cfn = existing.node.defaultChild as logs.CfnLogGroup;
      if (keptLonger(retention, cfn.retentionInDays)) cfn.retentionInDays = retention === logs.RetentionDays.INFINITE ? undefined : retention;
      return existing;
    }
    const logGroup = new logs.LogGroup(stack, SHARED_LOGS_ID, { retention });
    ZoneLossExperiment.allowLogDelivery(logGroup);
    return logGroup;
  }

  /**
   * Adds to `logGroup` the resource policy that lets the CloudWatch Logs delivery service write
   * experiment logs of this account and region, so the experiment role needs no permission to
   * change resource policies itself. Adds it once per log group, however often it is called.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html#AWS-logs-infrastructure-CWL
   */
  public static allowLogDelivery(logGroup: logs.ILogGroup): void {
    if (LOG_GROUPS_OPEN_TO_DELIVERY.has(logGroup)) return;
    LOG_GROUPS_OPEN_TO_DELIVERY.add(logGroup);
    const stack = Stack.of(logGroup);
    logGroup.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSLogDeliveryWrite',
      principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: `${logGroup.logGroupName}:log-stream:*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }) },
      },
    }));
  }

  /** The experiment template. */
  public readonly template: fis.CfnExperimentTemplate;
  /** The template's ID, which `aws fis start-experiment --experiment-template-id` takes. */
  public readonly experimentTemplateId: string;
  /** The role FIS assumes to run the experiment. */
  public readonly role: iam.Role;
  /** The log group of the experiment log. */
  public readonly logGroup: logs.ILogGroup;
  /** The impaired Availability Zone. */
  public readonly availabilityZone: string;
  /** The alarms that stop the experiment. */
  public readonly stopConditionAlarms: cloudwatch.IAlarm[];

  constructor(scope: Construct, id: string, props: ZoneLossExperimentProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const disruptNetwork = props.disruptNetwork ?? true;
    const stopTasks = props.stopTasks ?? true;
    const duration = props.duration ?? DEFAULT_DURATION;
    validateStopConditionCount('stopConditionAlarms', props.stopConditionAlarms.length);
    if (disruptNetwork && (props.vpc === undefined || props.subnets === undefined)) {
      throw new Error('disruptNetwork needs the subnets of the zone and their VPC: pass vpc and subnets, or set disruptNetwork: false');
    }
    if (stopTasks && (props.cluster === undefined || props.service === undefined)) {
      throw new Error('stopTasks needs the cluster and the service whose tasks to stop: pass cluster and service, or set stopTasks: false');
    }
    const subnets = disruptNetwork ? props.subnets! : [];
    requireSubnetsInZone(subnets, props.availabilityZone);
    const name = props.experimentName ?? truncate(`${this.node.path} zone loss ${props.availabilityZone}`, MAX_TAG_VALUE_LENGTH);
    validateLength('experimentName', name, MAX_TAG_VALUE_LENGTH);

    const input = {
      zone: props.availabilityZone,
      disruptNetwork,
      stopTasks,
      subnetArns: subnets.map((subnet) => subnetArn(stack, subnet)),
      clusterName: props.cluster?.clusterName,
      serviceName: props.service?.serviceName,
      durationSeconds: duration.toSeconds(),
    };
    const plan = planZoneLoss(input);

    this.availabilityZone = props.availabilityZone;
    this.stopConditionAlarms = [...props.stopConditionAlarms];
    this.logGroup = props.logGroup ?? ZoneLossExperiment.sharedLogGroup(this, props.logRetention ?? DEFAULT_LOG_RETENTION);
    ZoneLossExperiment.allowLogDelivery(this.logGroup);

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('fis.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'fis', resource: 'experiment', resourceName: '*' }) },
      }),
      description: `Lets AWS FIS run the zone-loss experiment ${name}`,
    });
    if (disruptNetwork) this.allowNetworkDisruption(props.vpc!, input.subnetArns);
    if (stopTasks) this.allowStoppingTasks(props.cluster!);
    this.allowLogging();

    this.template = new fis.CfnExperimentTemplate(this, 'Resource', {
      description: describeZoneLoss(input, props.service ? `${props.service.node.path}` : this.node.path),
      roleArn: this.role.roleArn,
      stopConditions: props.stopConditionAlarms.map((alarm) => ({ source: 'aws:cloudwatch:alarm', value: alarm.alarmArn })),
      targets: plan.targets,
      actions: plan.actions,
      logConfiguration: {
        // CloudWatchLogsConfiguration is untyped in aws-cdk-lib: its keys are written as CloudFormation spells them.
        cloudWatchLogsConfiguration: { LogGroupArn: this.logGroup.logGroupArn },
        logSchemaVersion: LOG_SCHEMA_VERSION,
      },
      tags: { Name: name },
    });
    // FIS checks that it may assume the role, and the role's permissions, when the template is created.
    this.template.node.addDependency(this.role);
    this.experimentTemplateId = this.template.attrId;
  }

  /**
   * `aws:network:disrupt-connectivity`: FIS clones the subnet's network ACL (tagging the clone
   * `managedByFIS=true`), adds deny entries, swaps the clone onto the subnet, and at the end swaps
   * the original back and deletes the clone. The prefix-list permissions the action also lists are
   * for scope `prefix-list` only, which this experiment does not use.
   */
  private allowNetworkDisruption(vpc: ec2.IVpc, subnetArns: string[]): void {
    const stack = Stack.of(this);
    const networkAcls = stack.formatArn({ service: 'ec2', resource: 'network-acl', resourceName: '*' });
    const vpcArn = stack.formatArn({ service: 'ec2', resource: 'vpc', resourceName: vpc.vpcId });
    const managedByFis = { [`aws:RequestTag/${FIS_MANAGED_TAG}`]: 'true' };
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'DescribeNetwork',
      actions: ['ec2:DescribeNetworkAcls', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs'],
      resources: ['*'],
    }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'CreateFisNetworkAcl',
      actions: ['ec2:CreateNetworkAcl'],
      resources: [networkAcls],
      conditions: { StringEquals: managedByFis },
    }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'CreateNetworkAclInVpc',
      actions: ['ec2:CreateNetworkAcl'],
      resources: [vpcArn],
    }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'TagFisNetworkAcl',
      actions: ['ec2:CreateTags'],
      resources: [networkAcls],
      conditions: { StringEquals: { 'ec2:CreateAction': 'CreateNetworkAcl', ...managedByFis } },
    }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ChangeFisNetworkAcl',
      actions: ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl'],
      resources: [networkAcls, vpcArn],
      conditions: { StringEquals: { [`ec2:ResourceTag/${FIS_MANAGED_TAG}`]: 'true' } },
    }));
    // The swap back restores the subnet's own network ACL, which FIS did not create: any ACL of the
    // account and region, but only on the impaired subnets.
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'SwapNetworkAcl',
      actions: ['ec2:ReplaceNetworkAclAssociation'],
      resources: [...subnetArns, networkAcls],
    }));
  }

  /** `aws:ecs:stop-task`: ecs:ListTasks, ecs:DescribeTasks, ecs:StopTask and tag:GetResources, on the cluster's tasks. */
  private allowStoppingTasks(cluster: ecs.ICluster): void {
    const stack = Stack.of(this);
    const inCluster = { ArnEquals: { 'ecs:cluster': cluster.clusterArn } };
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ListClusterTasks',
      actions: ['ecs:ListTasks'],
      resources: ['*'],
      conditions: inCluster,
    }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'StopClusterTasks',
      actions: ['ecs:DescribeTasks', 'ecs:StopTask'],
      resources: [stack.formatArn({ service: 'ecs', resource: 'task', resourceName: `${cluster.clusterName}/*` })],
      conditions: inCluster,
    }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ResolveTargets',
      actions: ['tag:GetResources'],
      resources: ['*'],
    }));
  }

  /**
   * Experiment logging to CloudWatch Logs: FIS sets up a log delivery when an experiment starts.
   * The log group's resource policy is defined by `allowLogDelivery`, so the role reads resource
   * policies but does not write them.
   */
  private allowLogging(): void {
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'DeliverExperimentLog',
      actions: ['logs:CreateLogDelivery', 'logs:DescribeLogGroups', 'logs:DescribeResourcePolicies'],
      resources: ['*'],
    }));
  }
}

/** The ARN of `subnet`: `arn:<partition>:ec2:<region>:<account>:subnet/<id>`. */
function subnetArn(stack: Stack, subnet: ec2.ISubnet): string {
  return stack.formatArn({ service: 'ec2', resource: 'subnet', resourceName: subnet.subnetId });
}

/** Throws when a subnet is known to be in another zone than `zone` (tokens are not compared). */
function requireSubnetsInZone(subnets: ec2.ISubnet[], zone: string): void {
  if (Token.isUnresolved(zone)) return;
  for (const subnet of subnets) {
    const az = availabilityZoneOf(subnet);
    if (az !== undefined && !Token.isUnresolved(az) && az !== zone) {
      throw new Error(`subnets must all be in availabilityZone ${zone}, but ${subnet.node.path} is in ${az}: pass only the subnets of the impaired zone`);
    }
  }
}

/** The zone of `subnet`, or undefined for an imported subnet that was given none. */
function availabilityZoneOf(subnet: ec2.ISubnet): string | undefined {
  try {
    return subnet.availabilityZone;
  } catch {
    return undefined;
  }
}
