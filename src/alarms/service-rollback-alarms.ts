import { Annotations, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import * as alb from './alb-metrics';
import {
  alarmNamePrefixOf,
  allAlarmNames,
  defaultTargetGroupLabel,
  MAX_TARGET_GROUPS,
  METRIC_IDS,
  resolveServiceAlarmSettings,
  serverErrorRateExpression,
  ServiceAlarmSettings,
  serviceAlarmNames,
  targetGroupErrorRateExpression,
  unhealthyHostsExpression,
  validateAlarmNamePrefix,
  validateTargetGroupLabels,
  zonesAreConcrete,
} from './service-alarm-math';

/**
 * Thresholds of the rollback alarms of a load-balanced service.
 */
export interface ServiceRollbackAlarmOptions {
  /**
   * Error rate, in percent of requests, above which the service rolls back.
   *
   * The load-balancer-wide and per-zone alarms count target 5xx and load-balancer 5xx
   * (`HTTPCode_Target_5XX_Count + HTTPCode_ELB_5XX_Count`) over `RequestCount`. The per-target-group
   * alarms count target 5xx and target connection errors
   * (`HTTPCode_Target_5XX_Count + TargetConnectionErrorCount`) over the target group's `RequestCount`,
   * so a canary's new revision trips at its own rate, not at its share of the whole load balancer.
   *
   * @default 5
   */
  readonly serverErrorRatePercent?: number;

  /**
   * Requests per period below which the 5xx rate is not evaluated (it counts as 0).
   *
   * Guards idle services and single zones with little traffic against rolling back on a handful of
   * errors. Applies per zone to the per-zone alarms, and per target group to the per-target-group
   * alarms (a 10 % canary sees a tenth of the requests).
   *
   * @default 20
   */
  readonly minimumRequests?: number;

  /**
   * p99 target response time above which the service rolls back (load balancer, each target group,
   * each zone).
   *
   * @default Duration.seconds(1)
   */
  readonly p99LatencyThreshold?: Duration;

  /**
   * Number of unhealthy targets, over all target groups, at which the service rolls back.
   *
   * @default 1
   */
  readonly unhealthyHostThreshold?: number;
}

/**
 * Properties of {@link ServiceRollbackAlarms}.
 */
export interface ServiceRollbackAlarmsProps extends ServiceRollbackAlarmOptions {
  /**
   * The load balancer in front of the service; every alarm reads its `AWS/ApplicationELB` metrics.
   */
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;

  /**
   * Every target group the service registers tasks in.
   *
   * Under blue/green, canary or linear deployments pass both the blue and the green target group: the
   * live one swaps at every deployment. Under rolling deployments pass the single target group.
   * At most 10 (CloudWatch's limit of metrics in one alarm).
   */
  readonly targetGroups: elbv2.ApplicationTargetGroup[];

  /**
   * Labels of `targetGroups`, in the same order, used in the per-target-group alarm names and
   * construct IDs (letters and digits, starting with a letter), e.g. `['Blue', 'Green']`.
   *
   * @default - `TargetGroup1`, `TargetGroup2`, ...
   */
  readonly targetGroupLabels?: string[];

  /**
   * The Availability Zones the service runs in; one set of per-zone alarms is created for each.
   *
   * At least 2, each listed once. When the zones are tokens (an environment-agnostic stack), the
   * per-zone alarms cannot be named at synth and are skipped with a warning.
   */
  readonly availabilityZones: string[];

  /**
   * Prefix of every alarm name.
   *
   * Must be a literal string: ECS deployment alarms are referenced by name.
   *
   * @default - derived from the stack name, the construct path and a hash of the path
   */
  readonly alarmNamePrefix?: string;

  /**
   * Period of every alarm; a whole number of minutes.
   *
   * @default Duration.minutes(1)
   */
  readonly period?: Duration;

  /**
   * Number of periods each alarm evaluates.
   *
   * @default 3
   */
  readonly evaluationPeriods?: number;

  /**
   * Number of breaching periods, among the evaluated ones, that raise an alarm.
   *
   * @default - 2, or `evaluationPeriods` when it is lower
   */
  readonly datapointsToAlarm?: number;
}

/**
 * The alarms that roll a load-balanced ECS service back: regional 5xx rate, p99 latency and
 * unhealthy targets; an error-rate and a p99 latency alarm per target group (under blue/green,
 * canary and linear deployments each target group holds one revision, so these watch the new
 * revision on its own); and a 5xx rate and a p99 latency alarm per Availability Zone.
 *
 * Every alarm has a literal, deterministic name (`alarmNames`), so it can be handed to ECS
 * `deploymentAlarms` without a circular dependency between the service and its alarms. Pass all the
 * names at once through `deploymentAlarms.alarmNames`.
 */
export class ServiceRollbackAlarms extends Construct {
  /** Regional 5xx rate (target + load balancer) over requests, guarded by the minimum request count. */
  public readonly serverErrorRateAlarm: cloudwatch.Alarm;
  /** Regional p99 target response time. */
  public readonly latencyAlarm: cloudwatch.Alarm;
  /** Unhealthy targets summed over every target group (the live one swaps under blue/green). */
  public readonly unhealthyHostsAlarm: cloudwatch.IAlarm;
  /** The regional alarms: 5xx rate, p99 latency, unhealthy targets (e.g. zonal autoshift outcome alarms). */
  public readonly regionalAlarms: cloudwatch.IAlarm[];
  /**
   * Per-target-group error-rate and p99 latency alarms, in target-group order (error rate, then
   * latency, for each).
   */
  public readonly targetGroupAlarms: cloudwatch.IAlarm[];
  /** Per-zone 5xx rate and p99 latency alarms, in zone order (empty when the zones are tokens). */
  public readonly zonalAlarms: cloudwatch.IAlarm[];
  /** Every alarm that should roll a deployment back: the regional ones, the per-target-group ones, then the per-zone ones. */
  public readonly alarms: cloudwatch.IAlarm[];
  /** Literal names of `alarms`, in the same order, for ECS `deploymentAlarms`. */
  public readonly alarmNames: string[];
  /** Literal names of `regionalAlarms`, in the same order. */
  public readonly regionalAlarmNames: string[];
  /** Literal names of `targetGroupAlarms`, in the same order. */
  public readonly targetGroupAlarmNames: string[];
  /** Literal names of `zonalAlarms`, in the same order. */
  public readonly zonalAlarmNames: string[];
  /** The labels of the target groups in alarm names, in target-group order. */
  public readonly targetGroupLabels: string[];
  /** The prefix of every alarm name. */
  public readonly alarmNamePrefix: string;
  /** Period of every alarm. */
  public readonly period: Duration;
  /** Number of periods every alarm evaluates. */
  public readonly evaluationPeriods: number;
  /** Number of breaching periods, among the evaluated ones, that raise every alarm. */
  public readonly datapointsToAlarm: number;

  private readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  private readonly targetGroups: elbv2.ApplicationTargetGroup[];
  private readonly settings: ServiceAlarmSettings;

  constructor(scope: Construct, id: string, props: ServiceRollbackAlarmsProps) {
    super(scope, id);
    validateTargetGroups(props.targetGroups);
    this.period = props.period ?? Duration.minutes(1);
    this.settings = resolveServiceAlarmSettings({
      serverErrorRatePercent: props.serverErrorRatePercent,
      minimumRequests: props.minimumRequests,
      p99LatencySeconds: concreteSeconds(props.p99LatencyThreshold, 'p99LatencyThreshold'),
      unhealthyHostThreshold: props.unhealthyHostThreshold,
      periodSeconds: concreteSeconds(this.period, 'period'),
      evaluationPeriods: props.evaluationPeriods,
      datapointsToAlarm: props.datapointsToAlarm,
    });
    this.loadBalancer = props.loadBalancer;
    this.targetGroups = [...props.targetGroups];
    this.evaluationPeriods = this.settings.evaluationPeriods;
    this.datapointsToAlarm = this.settings.datapointsToAlarm;
    this.targetGroupLabels = props.targetGroupLabels ? [...props.targetGroupLabels] : this.targetGroups.map((_, i) => defaultTargetGroupLabel(i));
    validateTargetGroupLabels(this.targetGroupLabels, this.targetGroups.length);

    const zonal = zonesAreConcrete(props.availabilityZones);
    if (!zonal) {
      Annotations.of(this).addWarningV2('cdk-safe-deploy:zonalAlarmsSkipped',
        'The Availability Zones are not known at synth (environment-agnostic stack), so no per-zone rollback alarms are created; '
        + 'bind the stack to an account and region (env) to get one 5xx-rate and one latency alarm per zone.');
    }
    if (props.alarmNamePrefix !== undefined) validateAlarmNamePrefix(props.alarmNamePrefix);
    this.alarmNamePrefix = props.alarmNamePrefix ?? alarmNamePrefixOf(this);
    const names = serviceAlarmNames(this.alarmNamePrefix, zonal ? props.availabilityZones : [], this.targetGroupLabels);

    this.serverErrorRateAlarm = this.rateAlarm(this, 'ServerErrorRate', names.serverErrorRate);
    this.latencyAlarm = this.latencyP99Alarm(this, 'LatencyP99', names.latency);
    this.unhealthyHostsAlarm = this.alarm(this, 'UnhealthyHosts', {
      alarmName: names.unhealthyHosts,
      metric: this.metricUnhealthyHosts(),
      threshold: this.settings.unhealthyHostThreshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription: `At least ${this.settings.unhealthyHostThreshold} unhealthy target(s) over ${this.targetGroups.length} target group(s).`,
    });

    const targetGroupsScope = new Construct(this, 'TargetGroups');
    this.targetGroupAlarms = names.targetGroups.flatMap((tgNames, i) => {
      const targetGroup = this.targetGroups[i];
      const tgScope = new Construct(targetGroupsScope, tgNames.label);
      return [
        this.targetGroupRateAlarm(tgScope, tgNames.errorRate, targetGroup, tgNames.label),
        this.alarm(tgScope, 'LatencyP99', {
          alarmName: tgNames.latency,
          metric: this.metricTargetGroupLatencyP99(targetGroup),
          threshold: this.settings.p99LatencySeconds,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          alarmDescription: `p99 target response time above ${this.settings.p99LatencySeconds} s in target group ${tgNames.label} (the revision it serves).`,
        }),
      ];
    });

    const zones = new Construct(this, 'Zones');
    this.zonalAlarms = names.zonal.flatMap((zoneNames) => {
      const zoneScope = new Construct(zones, zoneNames.zone);
      return [
        this.rateAlarm(zoneScope, 'ServerErrorRate', zoneNames.serverErrorRate, zoneNames.zone),
        this.latencyP99Alarm(zoneScope, 'LatencyP99', zoneNames.latency, zoneNames.zone),
      ];
    });

    this.regionalAlarms = [this.serverErrorRateAlarm, this.latencyAlarm, this.unhealthyHostsAlarm];
    this.alarms = [...this.regionalAlarms, ...this.targetGroupAlarms, ...this.zonalAlarms];
    this.alarmNames = allAlarmNames(names);
    this.regionalAlarmNames = [names.serverErrorRate, names.latency, names.unhealthyHosts];
    this.targetGroupAlarmNames = names.targetGroups.flatMap((t) => [t.errorRate, t.latency]);
    this.zonalAlarmNames = names.zonal.flatMap((z) => [z.serverErrorRate, z.latency]);
  }

  /**
   * The error rate of one target group in percent of its requests: target 5xx plus target
   * connection errors over the target group's requests.
   *
   * 0 while fewer than `minimumRequests` requests reach the target group in a period; no data
   * without requests. Under blue/green, canary and linear deployments this is the rate of the
   * revision the target group serves.
   *
   * @param targetGroup one of the target groups the alarms watch
   */
  public metricTargetGroupErrorRate(targetGroup: elbv2.ApplicationTargetGroup): cloudwatch.IMetric {
    const scope = this.targetGroupScope(targetGroup);
    return new cloudwatch.MathExpression({
      expression: targetGroupErrorRateExpression(this.settings.minimumRequests),
      usingMetrics: {
        [METRIC_IDS.requests]: alb.requestCount(scope),
        [METRIC_IDS.target5xx]: alb.targetServerErrors(scope),
        [METRIC_IDS.connectionErrors]: alb.targetConnectionErrors(scope),
      },
      label: `Error rate (%) of target group ${this.labelOf(targetGroup)}`,
      period: this.period,
    });
  }

  /**
   * The p99 target response time of one target group, in seconds.
   *
   * @param targetGroup one of the target groups the alarms watch
   */
  public metricTargetGroupLatencyP99(targetGroup: elbv2.ApplicationTargetGroup): cloudwatch.IMetric {
    return alb.targetResponseTimeP99(this.targetGroupScope(targetGroup));
  }

  /**
   * The 5xx rate in percent of requests (target and load-balancer 5xx), regional or in one zone.
   *
   * 0 while fewer than `minimumRequests` requests arrive in a period; no data without requests.
   *
   * @param zone an Availability Zone name; regional when omitted
   */
  public metricServerErrorRate(zone?: string): cloudwatch.IMetric {
    const metricScope = this.metricScope(zone);
    return new cloudwatch.MathExpression({
      expression: serverErrorRateExpression(this.settings.minimumRequests),
      usingMetrics: {
        [METRIC_IDS.requests]: alb.requestCount(metricScope),
        [METRIC_IDS.target5xx]: alb.targetServerErrors(metricScope),
        [METRIC_IDS.elb5xx]: alb.loadBalancerServerErrors(metricScope),
      },
      label: zone ? `5xx rate (%) in ${zone}` : '5xx rate (%)',
      period: this.period,
    });
  }

  /**
   * The p99 target response time in seconds, regional or in one zone.
   *
   * @param zone an Availability Zone name; regional when omitted
   */
  public metricLatencyP99(zone?: string): cloudwatch.IMetric {
    return alb.targetResponseTimeP99(this.metricScope(zone));
  }

  /**
   * The number of requests the load balancer received, regional or in one zone.
   *
   * @param zone an Availability Zone name; regional when omitted
   */
  public metricRequestCount(zone?: string): cloudwatch.IMetric {
    return alb.requestCount(this.metricScope(zone));
  }

  /**
   * The number of unhealthy targets summed over every target group, or in one zone.
   *
   * @param zone an Availability Zone name; over all zones when omitted
   */
  public metricUnhealthyHosts(zone?: string): cloudwatch.IMetric {
    const usingMetrics: Record<string, cloudwatch.IMetric> = {};
    this.targetGroups.forEach((targetGroup, i) => {
      usingMetrics[METRIC_IDS.unhealthy(i)] = alb.unhealthyHostCount({ ...this.metricScope(zone), targetGroup });
    });
    return new cloudwatch.MathExpression({
      expression: unhealthyHostsExpression(this.targetGroups.length),
      usingMetrics,
      label: zone ? `Unhealthy targets in ${zone}` : 'Unhealthy targets',
      period: this.period,
    });
  }

  private metricScope(zone?: string): alb.AlbMetricScope {
    return { loadBalancer: this.loadBalancer, zone, period: this.period };
  }

  private targetGroupScope(targetGroup: elbv2.ApplicationTargetGroup): alb.AlbMetricScope {
    this.labelOf(targetGroup);
    return { loadBalancer: this.loadBalancer, targetGroup, period: this.period };
  }

  private labelOf(targetGroup: elbv2.ApplicationTargetGroup): string {
    const index = this.targetGroups.indexOf(targetGroup);
    if (index < 0) {
      throw new Error(`targetGroup ${targetGroup.node.path} is not one of the target groups these alarms watch (${this.targetGroups.map((tg) => tg.node.path).join(', ')}); pass one of those`);
    }
    return this.targetGroupLabels[index];
  }

  private targetGroupRateAlarm(scope: Construct, alarmName: string, targetGroup: elbv2.ApplicationTargetGroup, label: string): cloudwatch.Alarm {
    const { serverErrorRatePercent, minimumRequests } = this.settings;
    return this.alarm(scope, 'ErrorRate', {
      alarmName,
      metric: this.metricTargetGroupErrorRate(targetGroup),
      threshold: serverErrorRatePercent,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      alarmDescription: `Target 5xx plus target connection errors above ${serverErrorRatePercent}% of the requests of target group ${label} `
        + `(the revision it serves), evaluated when at least ${minimumRequests} requests reach it per period.`,
    });
  }

  private rateAlarm(scope: Construct, id: string, alarmName: string, zone?: string): cloudwatch.Alarm {
    const { serverErrorRatePercent, minimumRequests } = this.settings;
    return this.alarm(scope, id, {
      alarmName,
      metric: this.metricServerErrorRate(zone),
      threshold: serverErrorRatePercent,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      alarmDescription: `5xx responses (target + load balancer) above ${serverErrorRatePercent}% of requests${where(zone)}, `
        + `evaluated when at least ${minimumRequests} requests arrive per period.`,
    });
  }

  private latencyP99Alarm(scope: Construct, id: string, alarmName: string, zone?: string): cloudwatch.Alarm {
    const { p99LatencySeconds } = this.settings;
    return this.alarm(scope, id, {
      alarmName,
      metric: this.metricLatencyP99(zone),
      threshold: p99LatencySeconds,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      alarmDescription: `p99 target response time above ${p99LatencySeconds} s${where(zone)}.`,
    });
  }

  private alarm(scope: Construct, id: string, options: AlarmOptions): cloudwatch.Alarm {
    return new cloudwatch.Alarm(scope, id, {
      ...options,
      evaluationPeriods: this.settings.evaluationPeriods,
      datapointsToAlarm: this.settings.datapointsToAlarm,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

type AlarmOptions = Pick<cloudwatch.AlarmProps, 'alarmName' | 'metric' | 'threshold' | 'comparisonOperator' | 'alarmDescription'>;

function where(zone?: string): string {
  return zone ? ` in ${zone}` : '';
}

function concreteSeconds(duration: Duration | undefined, prop: string): number | undefined {
  if (duration === undefined) return undefined;
  if (duration.isUnresolved()) {
    throw new Error(`${prop} must be a concrete duration (it sets alarm thresholds and periods at synth), got a token; pass e.g. Duration.seconds(1)`);
  }
  return duration.toMilliseconds() / 1000;
}

function validateTargetGroups(targetGroups: elbv2.ApplicationTargetGroup[]): void {
  if (targetGroups.length === 0) {
    throw new Error('targetGroups must list the service\'s target groups (both blue and green under blue/green deployments), got an empty list');
  }
  if (targetGroups.length > MAX_TARGET_GROUPS) {
    throw new Error(`targetGroups may list at most ${MAX_TARGET_GROUPS} target groups (CloudWatch's limit of metrics in one alarm), got ${targetGroups.length}`);
  }
  if (new Set(targetGroups).size !== targetGroups.length) {
    throw new Error(`targetGroups lists the same target group more than once (${targetGroups.map((tg) => tg.node.path).join(', ')}); list each once`);
  }
}
