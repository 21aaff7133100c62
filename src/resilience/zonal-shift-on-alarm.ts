import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { ZonalShift } from './zonal-shift';

/** ARC: a zonal shift is first set to expire within 1 minute to 72 hours (StartZonalShift `expiresIn`). */
const MIN_EXPIRY_MINUTES = 1;
const MAX_EXPIRY_MINUTES = 72 * 60;
/** ARC keeps a zonal shift's comment to at most 128 characters (StartZonalShift `comment`). */
export const MAX_ZONAL_SHIFT_COMMENT_LENGTH = 128;

/** How long EventBridge retries starting the state machine for one alarm event. */
const MAX_EVENT_AGE = Duration.minutes(15);

/** Error names of the state machine's failed ends, for alarms on failed executions and for operators. */
export const ZONAL_SHIFT_ERRORS = {
  /** The zone name did not resolve to a zone ID (DescribeAvailabilityZones failed or returned none). */
  zoneNotResolved: 'ZoneNotResolved',
  /** ARC refused with ConflictException: a shift, autoshift or practice run is already active for the load balancer. */
  conflict: 'ZonalShiftConflict',
  /** ARC refused otherwise: zonal shift not enabled on the load balancer, permissions, validation, throttling. */
  rejected: 'ZonalShiftRejected',
};

/**
 * The `expiresIn` string ARC expects for `duration`: a whole number followed by `m` (minutes) or `h`
 * (hours), e.g. `60m` is written `1h`, `90m` stays `90m`. Throws unless it is whole minutes between
 * 1 minute and 72 hours.
 */
export function arcExpiresIn(duration: Duration): string {
  if (duration.isUnresolved()) {
    throw new Error('zonalShiftOnOutlier.expiresIn must be a concrete duration (it is written into the state machine at synth), got a token; pass e.g. Duration.hours(1)');
  }
  const minutes = duration.toMilliseconds() / 60_000;
  if (!Number.isInteger(minutes) || minutes < MIN_EXPIRY_MINUTES || minutes > MAX_EXPIRY_MINUTES) {
    throw new Error(`zonalShiftOnOutlier.expiresIn must be a whole number of minutes from 1 minute to 72 hours (ARC's range for a new zonal shift), got ${duration.toHumanString()}; for example Duration.hours(1)`);
  }
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}

/**
 * How an alarm starts a zonal shift.
 */
export interface ZonalShiftOnAlarmOptions {
  /**
   * How long the zonal shift stays active before ARC ends it and traffic returns to the zone.
   * Whole minutes, from 1 minute to 72 hours (ARC's range). An operator can cancel or extend it.
   *
   * @default Duration.hours(1)
   */
  readonly expiresIn?: Duration;

  /**
   * How long the state machine's execution logs are kept.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/** The alarms that, in ALARM, shift traffic away from one Availability Zone. */
export interface ZoneShiftAlarms {
  /** The zone's name (e.g. `eu-west-1a`); the state machine resolves it to the zone ID ARC takes. */
  readonly zone: string;
  /** The alarms whose transition to ALARM starts a zonal shift away from `zone`. At least one. */
  readonly alarms: cloudwatch.IAlarm[];
}

/**
 * Properties of {@link ZonalShiftOnAlarm}.
 */
export interface ZonalShiftOnAlarmProps extends ZonalShiftOnAlarmOptions {
  /** The load balancer ARC shifts traffic for. Zonal shift is enabled on it. */
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;

  /** Per zone, the alarms that shift traffic away from it. At least one zone, each listed once. */
  readonly zones: ZoneShiftAlarms[];
}

/**
 * Starts an ARC zonal shift away from an Availability Zone when one of that zone's alarms goes
 * into ALARM.
 *
 * One EventBridge rule per zone matches the `CloudWatch Alarm State Change` events of exactly that
 * zone's alarms (by ARN) whose new state is `ALARM`, and starts the state machine with the zone's
 * name, the alarm's name and the reason for the change. The state machine, with no Lambda function:
 *
 * 1. resolves the zone name to its zone ID with EC2 `DescribeAvailabilityZones` (names map to
 *    different IDs in different accounts, and ARC takes the ID);
 * 2. calls ARC `StartZonalShift` on the load balancer, away from that zone ID, expiring after
 *    `expiresIn`, with a comment naming the alarm and its reason;
 * 3. ends in `ShiftStarted`, or fails with a named error: `ZoneNotResolved`, `ZonalShiftConflict`
 *    (a shift, autoshift or practice run is already active for the load balancer: ARC shifts one zone
 *    at a time, so a second zone's alarm or a repeated alarm ends here) or `ZonalShiftRejected`.
 *
 * Every execution is logged, with its input and output, to `logGroup`; Standard executions also keep
 * their history for 90 days.
 *
 * @see https://docs.aws.amazon.com/arc-zonal-shift/latest/api/API_StartZonalShift.html
 */
export class ZonalShiftOnAlarm extends Construct {
  /** The state machine that resolves the zone ID and starts the zonal shift. */
  public readonly stateMachine: sfn.StateMachine;
  /** The state machine's execution log. */
  public readonly logGroup: logs.LogGroup;
  /** The role EventBridge assumes to start the state machine. */
  public readonly eventsRole: iam.Role;
  /** One rule per zone, in the order of `zones`. */
  public readonly rules: events.Rule[];
  /** The `expiresIn` value passed to ARC, e.g. `1h`. */
  public readonly expiresIn: string;

  constructor(scope: Construct, id: string, props: ZonalShiftOnAlarmProps) {
    super(scope, id);
    this.expiresIn = arcExpiresIn(props.expiresIn ?? Duration.hours(1));
    validateZones(props.zones);
    ZonalShift.enable(props.loadBalancer);

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      // Standard: each execution's history stays visible for 90 days, and it runs at most once per event.
      stateMachineType: sfn.StateMachineType.STANDARD,
      queryLanguage: sfn.QueryLanguage.JSONATA,
      definitionBody: sfn.DefinitionBody.fromChainable(this.definition(props.loadBalancer)),
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      // No X-Ray tracing: it would add xray:* on `*` to the role; the execution log records every step.
      tracingEnabled: false,
      comment: 'Starts an ARC zonal shift away from the Availability Zone whose alarm went into ALARM.',
    });

    this.eventsRole = new iam.Role(this, 'EventsRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: 'Lets EventBridge start the zonal shift state machine when an outlier alarm goes into ALARM',
    });
    const zonesScope = new Construct(this, 'Zones');
    this.rules = props.zones.map((zone) => new events.Rule(zonesScope, zone.zone, {
      description: `Starts a zonal shift away from ${zone.zone} when one of its outlier alarms goes into ALARM`,
      eventPattern: {
        source: ['aws.cloudwatch'],
        detailType: ['CloudWatch Alarm State Change'],
        resources: zone.alarms.map((alarm) => alarm.alarmArn),
        detail: { state: { value: ['ALARM'] } },
      },
      targets: [new targets.SfnStateMachine(this.stateMachine, {
        role: this.eventsRole,
        // A shift must answer a current alarm: EventBridge stops retrying a failed start after 15 minutes.
        maxEventAge: MAX_EVENT_AGE,
        input: events.RuleTargetInput.fromObject({
          zone: zone.zone,
          alarmName: events.EventField.fromPath('$.detail.alarmName'),
          reason: events.EventField.fromPath('$.detail.state.reason'),
        }),
      })],
    }));
  }

  private definition(loadBalancer: elbv2.ApplicationLoadBalancer): sfn.IChainable {
    const resolveZoneId = tasks.CallAwsService.jsonata(this, 'ResolveZoneId', {
      comment: 'The zone ID of the zone name (ARC takes zone IDs; names map to different IDs in different accounts).',
      service: 'ec2',
      action: 'describeAvailabilityZones',
      parameters: { ZoneNames: ['{% $states.input.zone %}'] },
      // DescribeAvailabilityZones supports no resource-level permissions.
      iamResources: ['*'],
      iamAction: 'ec2:DescribeAvailabilityZones',
      assign: {
        zone: '{% $states.input.zone %}',
        alarmName: '{% $states.input.alarmName %}',
        reason: '{% $states.input.reason %}',
        zoneId: '{% $states.result.AvailabilityZones[0].ZoneId %}',
      },
    });
    const startZonalShift = tasks.CallAwsService.jsonata(this, 'StartZonalShift', {
      comment: 'Shifts the load balancer\'s traffic away from the zone until the shift expires.',
      service: 'arczonalshift',
      action: 'startZonalShift',
      parameters: {
        ResourceIdentifier: loadBalancer.loadBalancerArn,
        AwayFrom: '{% $zoneId %}',
        ExpiresIn: this.expiresIn,
        Comment: `{% $substring('Alarm ' & $alarmName & ' in ' & $zone & ': ' & $reason, 0, ${MAX_ZONAL_SHIFT_COMMENT_LENGTH}) %}`,
      },
      iamResources: [loadBalancer.loadBalancerArn],
      iamAction: 'arc-zonal-shift:StartZonalShift',
    });
    const zoneNotResolved = sfn.Fail.jsonata(this, 'ZoneNotResolved', {
      comment: 'The zone name did not resolve to a zone ID: no shift.',
      error: ZONAL_SHIFT_ERRORS.zoneNotResolved,
      cause: '{% $states.input.Cause %}',
    });
    const conflict = sfn.Fail.jsonata(this, 'ShiftConflict', {
      comment: 'ARC refused: a zonal shift, autoshift or practice run is already active for the load balancer (one zone at a time).',
      error: ZONAL_SHIFT_ERRORS.conflict,
      cause: '{% $states.input.Cause %}',
    });
    const rejected = sfn.Fail.jsonata(this, 'ShiftRejected', {
      comment: 'ARC refused for another reason (zonal shift not enabled, permissions, validation, throttling): no shift.',
      error: ZONAL_SHIFT_ERRORS.rejected,
      cause: '{% $states.input.Cause %}',
    });
    const whyNotStarted = sfn.Choice.jsonata(this, 'WhyNotStarted')
      .when(sfn.Condition.jsonata('{% $contains($states.input.Error, \'ConflictException\') %}'), conflict)
      .otherwise(rejected);
    resolveZoneId.addCatch(zoneNotResolved, { errors: [sfn.Errors.ALL] });
    startZonalShift.addCatch(whyNotStarted, { errors: [sfn.Errors.ALL] });
    return resolveZoneId.next(startZonalShift).next(sfn.Succeed.jsonata(this, 'ShiftStarted', {
      comment: 'ARC started the zonal shift; it ends at its expiry, or when an operator cancels it.',
    }));
  }
}

function validateZones(zones: ZoneShiftAlarms[]): void {
  if (zones.length === 0) {
    throw new Error('zones must list at least one Availability Zone with its alarms, got none');
  }
  for (const zone of zones) {
    if (Token.isUnresolved(zone.zone)) {
      throw new Error('zones: each zone must be a literal Availability Zone name (it is written into the zone\'s rule at synth), got a token; bind the stack to an account and region (env)');
    }
    if (zone.alarms.length === 0) {
      throw new Error(`zones: ${zone.zone} lists no alarm; give each zone at least one alarm that shifts traffic away from it`);
    }
  }
  const names = zones.map((z) => z.zone);
  const duplicates = names.filter((name, i) => names.indexOf(name) !== i);
  if (duplicates.length > 0) {
    throw new Error(`zones lists ${[...new Set(duplicates)].join(', ')} more than once; list each zone once with all its alarms`);
  }
}
