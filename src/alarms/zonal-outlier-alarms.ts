import { Annotations, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import * as alb from './alb-metrics';
import {
  alarmNamePrefixOf,
  DEFAULT_MINIMUM_REQUESTS,
  resolveServiceAlarmSettings,
  validateAlarmNamePrefix,
  zonesAreConcrete,
} from './service-alarm-math';
import {
  errorRateOutlierExpression,
  latencyOutlierExpression,
  OUTLIER_METRIC_IDS,
  resolveZonalOutlierSettings,
  zonalOutlierAlarmNames,
  ZonalOutlierSettings,
} from './zonal-outlier-math';

/**
 * When one Availability Zone counts as clearly worse than the others (a gray failure).
 */
export interface ZonalOutlierThresholds {
  /**
   * How many times the other zones' combined 5xx rate one zone's 5xx rate must exceed. Greater than 1.
   *
   * @default 3
   */
  readonly errorRateFactor?: number;

  /**
   * 5xx rate, in percent of the zone's requests, that the zone must exceed as well, so a zone at
   * 0.03 % next to zones at 0.01 % is not an outlier.
   *
   * @default 1
   */
  readonly minimumErrorRatePercent?: number;

  /**
   * How many times the p99 target response time of the slowest other zone one zone's p99 must
   * exceed. Greater than 1.
   *
   * @default 2
   */
  readonly latencyFactor?: number;

  /**
   * p99 target response time the zone must exceed as well.
   *
   * @default Duration.millis(500)
   */
  readonly minimumLatency?: Duration;

  /**
   * Requests per period that the zone, and the other zones together, must each receive before the
   * zone is compared with them.
   *
   * @default - the rollback alarms' `minimumRequests` (20)
   */
  readonly minimumRequests?: number;
}

/**
 * The per-zone outlier alarms of a `MultiAzService`: on or off, and their thresholds.
 */
export interface ZonalOutlierOptions extends ZonalOutlierThresholds {
  /**
   * Whether the per-zone outlier alarms exist.
   *
   * Turning them off removes them from the service's deployment alarms; the service records that in
   * its metadata (`cdk-safe-deploy:zonal-outlier-alarms: off`) and as the synth warning
   * `cdk-safe-deploy:zonalOutlierAlarmsOff`.
   *
   * @default true
   */
  readonly enabled?: boolean;
}

/**
 * Properties of {@link ZonalOutlierAlarms}.
 */
export interface ZonalOutlierAlarmsProps extends ZonalOutlierThresholds {
  /** The load balancer in front of the service; every alarm reads its `AWS/ApplicationELB` metrics. */
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;

  /**
   * The Availability Zones the service runs in, by name; two outlier alarms are created for each.
   *
   * Between 2 and 8, each listed once. When the zones are tokens (an environment-agnostic stack), no
   * outlier alarm can be named at synth: none is created, with a warning.
   */
  readonly availabilityZones: string[];

  /**
   * Prefix of every alarm name. Must be a literal string: ECS deployment alarms are referenced by name.
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
   * Number of outlier periods, among the evaluated ones, that raise an alarm.
   *
   * @default - 2, or `evaluationPeriods` when it is lower
   */
  readonly datapointsToAlarm?: number;
}

/** The outlier alarms of one Availability Zone. */
export interface ZoneOutlierAlarms {
  /** The zone's name, as in the `AvailabilityZone` dimension of the load balancer's metrics. */
  readonly zone: string;
  /** In ALARM while the zone's 5xx rate is an outlier. */
  readonly errorRateAlarm: cloudwatch.Alarm;
  /** In ALARM while the zone's p99 target response time is an outlier. */
  readonly latencyAlarm: cloudwatch.Alarm;
}

/**
 * Per-zone outlier alarms of a load-balanced service: gray failures, where one Availability Zone is
 * clearly worse than the others while the load balancer as a whole may still look healthy.
 *
 * For each zone:
 * - a 5xx-rate outlier alarm: the zone's 5xx rate (target plus load balancer) exceeds `errorRateFactor`
 *   times the other zones' combined rate, and `minimumErrorRatePercent`;
 * - a p99 latency outlier alarm: the zone's p99 target response time exceeds `latencyFactor` times
 *   the slowest other zone's, and `minimumLatency`;
 *
 * both evaluated only when the zone, and the other zones together, received `minimumRequests` in the
 * period. The other zones' figures are the load balancer's minus the zone's. Every alarm has a
 * literal, deterministic name, for ECS deployment alarms.
 */
export class ZonalOutlierAlarms extends Construct {
  /** The outlier alarms of each zone, in zone order (empty when the zones are tokens). */
  public readonly zones: ZoneOutlierAlarms[];
  /** Every outlier alarm: per zone, the 5xx-rate one then the latency one. */
  public readonly alarms: cloudwatch.IAlarm[];
  /** Literal names of `alarms`, in the same order, for ECS `deploymentAlarms`. */
  public readonly alarmNames: string[];
  /** The prefix of every alarm name. */
  public readonly alarmNamePrefix: string;

  private readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  private readonly period: Duration;
  private readonly zoneNames: string[];

  constructor(scope: Construct, id: string, props: ZonalOutlierAlarmsProps) {
    super(scope, id);
    this.period = props.period ?? Duration.minutes(1);
    if (this.period.isUnresolved() || props.minimumLatency?.isUnresolved()) {
      throw new Error('period and minimumLatency must be concrete durations (they set alarm periods and expressions at synth), got a token; pass e.g. Duration.minutes(1)');
    }
    const window = resolveServiceAlarmSettings({
      periodSeconds: this.period.toSeconds({ integral: false }),
      evaluationPeriods: props.evaluationPeriods,
      datapointsToAlarm: props.datapointsToAlarm,
    });
    const settings = resolveZonalOutlierSettings({
      errorRateFactor: props.errorRateFactor,
      minimumErrorRatePercent: props.minimumErrorRatePercent,
      latencyFactor: props.latencyFactor,
      minimumLatencySeconds: props.minimumLatency && props.minimumLatency.toMilliseconds() / 1000,
      minimumRequests: props.minimumRequests ?? DEFAULT_MINIMUM_REQUESTS,
    });
    this.loadBalancer = props.loadBalancer;
    if (props.alarmNamePrefix !== undefined) validateAlarmNamePrefix(props.alarmNamePrefix);
    this.alarmNamePrefix = props.alarmNamePrefix ?? alarmNamePrefixOf(this);

    const concrete = zonesAreConcrete(props.availabilityZones);
    if (!concrete) {
      Annotations.of(this).addWarningV2('cdk-safe-deploy:zonalOutlierAlarmsSkipped',
        'The Availability Zones are not known at synth (environment-agnostic stack), so no per-zone outlier alarms are created; '
        + 'bind the stack to an account and region (env) to get a 5xx-rate and a latency outlier alarm per zone.');
    }
    this.zoneNames = concrete ? [...props.availabilityZones] : [];
    const names = concrete ? zonalOutlierAlarmNames(this.alarmNamePrefix, this.zoneNames) : [];
    this.zones = names.map((zoneNames, i) => {
      const zoneScope = new Construct(this, zoneNames.zone);
      const alarm = (alarmId: string, alarmName: string, metric: cloudwatch.IMetric, alarmDescription: string) =>
        new cloudwatch.Alarm(zoneScope, alarmId, {
          alarmName,
          metric,
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: window.evaluationPeriods,
          datapointsToAlarm: window.datapointsToAlarm,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          alarmDescription,
        });
      const guard = `evaluated when the zone and the other zones together each receive at least ${settings.minimumRequests} requests per period.`;
      return {
        zone: zoneNames.zone,
        errorRateAlarm: alarm('OutlierErrorRate', zoneNames.errorRate, this.errorRateOutlier(zoneNames.zone, settings),
          `5xx rate in ${zoneNames.zone} above ${settings.errorRateFactor} times the other zones' combined rate and above ${settings.minimumErrorRatePercent}%, ${guard}`),
        latencyAlarm: alarm('OutlierLatencyP99', zoneNames.latency, this.latencyOutlier(i, settings),
          `p99 target response time in ${zoneNames.zone} above ${settings.latencyFactor} times the slowest other zone's and above ${settings.minimumLatencySeconds} s, ${guard}`),
      };
    });
    this.alarms = this.zones.flatMap((z) => [z.errorRateAlarm, z.latencyAlarm]);
    this.alarmNames = names.flatMap((n) => [n.errorRate, n.latency]);
  }

  private scope(zone?: string): alb.AlbMetricScope {
    return { loadBalancer: this.loadBalancer, zone, period: this.period };
  }

  private errorRateOutlier(zone: string, settings: ZonalOutlierSettings): cloudwatch.IMetric {
    const ids = OUTLIER_METRIC_IDS;
    return new cloudwatch.MathExpression({
      expression: errorRateOutlierExpression(settings),
      usingMetrics: {
        [ids.zoneRequests]: alb.requestCount(this.scope(zone)),
        [ids.zoneTarget5xx]: alb.targetServerErrors(this.scope(zone)),
        [ids.zoneElb5xx]: alb.loadBalancerServerErrors(this.scope(zone)),
        [ids.allRequests]: alb.requestCount(this.scope()),
        [ids.allTarget5xx]: alb.targetServerErrors(this.scope()),
        [ids.allElb5xx]: alb.loadBalancerServerErrors(this.scope()),
      },
      label: `5xx rate outlier in ${zone} (1 = outlier)`,
      period: this.period,
    });
  }

  private latencyOutlier(zoneIndex: number, settings: ZonalOutlierSettings): cloudwatch.IMetric {
    const ids = OUTLIER_METRIC_IDS;
    const zone = this.zoneNames[zoneIndex];
    const usingMetrics: Record<string, cloudwatch.IMetric> = {
      [ids.zoneRequests]: alb.requestCount(this.scope(zone)),
      [ids.allRequests]: alb.requestCount(this.scope()),
    };
    this.zoneNames.forEach((z, i) => { usingMetrics[ids.latency(i)] = alb.targetResponseTimeP99(this.scope(z)); });
    return new cloudwatch.MathExpression({
      expression: latencyOutlierExpression(settings, zoneIndex, this.zoneNames.length),
      usingMetrics,
      label: `p99 latency outlier in ${zone} (1 = outlier)`,
      period: this.period,
    });
  }
}
