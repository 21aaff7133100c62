import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as arczonalshift from 'aws-cdk-lib/aws-arczonalshift';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import {
  alarmArnEnvironment,
  alarmArnLength,
  validateBlockedDates,
  validateBlockedWindows,
  validateCompositeRuleLength,
  validatePracticeRunAlarms,
} from './practice-run';
import { healthyHostCount } from '../alarms/alb-metrics';
import { alarmNamePrefixOf, deploymentInProgressExpression, METRIC_IDS } from '../alarms/service-alarm-math';

/** The load-balancer attribute that lets ARC shift traffic away from an Availability Zone. */
const ZONAL_SHIFT_ATTRIBUTE = 'zonal_shift.config.enabled';

/**
 * ARC zonal shift on an Application Load Balancer.
 *
 * aws-cdk-lib has a `zonalShift` prop for Network Load Balancers only; an ALB needs the
 * `zonal_shift.config.enabled` attribute.
 *
 * @see https://docs.aws.amazon.com/r53recovery/latest/dg/arc-zonal-shift.html
 */
export class ZonalShift {
  /**
   * Enables ARC zonal shift on the load balancer, so an operator (or zonal autoshift) can move its
   * traffic away from one impaired Availability Zone.
   */
  public static enable(loadBalancer: elbv2.ApplicationLoadBalancer): void {
    loadBalancer.setAttribute(ZONAL_SHIFT_ATTRIBUTE, 'true');
  }

  private constructor() {}
}

/**
 * When ARC may not start weekly practice runs.
 */
export interface PracticeRunBlockOptions {
  /**
   * Extra alarms that keep ARC from starting a practice run (and end a running one) while in ALARM.
   *
   * The deployment-in-progress alarm is always a blocking alarm. CloudFormation takes exactly one
   * blocking alarm, so with extra alarms all of them are combined into one composite alarm that is
   * in ALARM while any of them is. At most 99 extra alarms.
   *
   * @default - only the deployment-in-progress alarm
   */
  readonly blockingAlarms?: cloudwatch.IAlarm[];

  /**
   * Dates on which ARC starts no practice run, written `YYYY-MM-DD` (UTC).
   *
   * @default - no blocked dates
   */
  readonly blockedDates?: string[];

  /**
   * Weekly windows in which ARC starts no practice run, written `Day:HH:MM-Day:HH:MM` (UTC),
   * for example `Fri:16:00-Mon:08:00`.
   *
   * @default - no blocked windows
   */
  readonly blockedWindows?: string[];
}

/**
 * Options for zonal autoshift on a service's load balancer.
 */
export interface ZonalAutoshiftOptions extends PracticeRunBlockOptions {
  /**
   * Alarms that end a practice run (and mark it failed) when they go into ALARM while ARC has
   * shifted traffic away from one zone. Between 1 and 100; CloudFormation takes exactly one outcome
   * alarm, so several are combined into one composite alarm that is in ALARM while any of them is.
   *
   * @default - the service's regional rollback alarms (5xx rate, p99 latency, unhealthy targets), combined
   */
  readonly outcomeAlarms?: cloudwatch.IAlarm[];
}

/**
 * Properties of {@link ZonalAutoshift}.
 */
export interface ZonalAutoshiftProps extends PracticeRunBlockOptions {
  /** The load balancer ARC shifts traffic for. Zonal shift is enabled on it. */
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;

  /**
   * The blue and the green target group of a service deployed with ECS blue/green, canary or linear
   * deployments; both have healthy targets only while a deployment is in progress, which is the
   * signal of the deployment-in-progress alarm. Between 2 and 10.
   */
  readonly targetGroups: elbv2.ApplicationTargetGroup[];

  /**
   * Alarms that end a practice run (and mark it failed) when they go into ALARM while ARC has
   * shifted traffic away from one zone. Between 1 and 100; typically the regional rollback alarms.
   *
   * CloudFormation takes exactly one outcome alarm: a single alarm is used as it is, several are
   * combined into one composite alarm (`PracticeRunOutcome`) that is in ALARM while any of them is.
   */
  readonly outcomeAlarms: cloudwatch.IAlarm[];
}

/**
 * ARC zonal autoshift for a load-balanced ECS service, with weekly practice runs.
 *
 * AWS shifts the load balancer's traffic away from a zone it detects as impaired; practice runs shift
 * traffic away from one zone each week to prove the service copes. A practice run ends, failed, when
 * an outcome alarm fires; it is not started, or ended, while a blocking alarm is in ALARM.
 *
 * A practice run must never overlap a deployment: the deployment would be measured with a zone
 * missing and the practice run with a new revision rolling out. ECS publishes no "deployment in
 * progress" metric, so this construct derives one from load-balancer metrics that exist: under ECS
 * blue/green, canary and linear deployments the target group that is not live has no targets between
 * deployments, and both target groups have healthy targets from the moment the new revision is
 * registered until the old one is drained after the bake time. `deploymentInProgressAlarm` is in
 * ALARM while every target group reports healthy targets, and it is always a blocking alarm.
 *
 * CloudFormation accepts exactly one outcome alarm and one blocking alarm. Several outcome alarms are
 * combined into the composite alarm `PracticeRunOutcome`; extra blocking alarms are combined with the
 * deployment-in-progress alarm into the composite alarm `PracticeRunBlocking`. Every alarm this
 * construct creates has a literal, deterministic name: `<stack name>-<construct path>-<hash>-<alarm>`.
 *
 * @see https://docs.aws.amazon.com/r53recovery/latest/dg/arc-zonal-autoshift.html
 */
export class ZonalAutoshift extends Construct {
  /** The autoshift configuration with its practice-run configuration. */
  public readonly configuration: arczonalshift.CfnZonalAutoshiftConfiguration;
  /** In ALARM while a deployment is in progress (every target group has healthy targets). */
  public readonly deploymentInProgressAlarm: cloudwatch.Alarm;
  /** The practice run's outcome alarm: the only outcome alarm given, or a composite of all of them. */
  public readonly outcomeAlarm: cloudwatch.IAlarm;
  /** The practice run's blocking alarm: the deployment-in-progress alarm, or a composite of it and the extra blocking alarms. */
  public readonly blockingAlarm: cloudwatch.IAlarm;

  constructor(scope: Construct, id: string, props: ZonalAutoshiftProps) {
    super(scope, id);
    const extraBlocking = props.blockingAlarms ?? [];
    if (props.targetGroups.length < 2) {
      throw new Error(`targetGroups must list the blue and the green target group (the deployment-in-progress alarm needs both), got ${props.targetGroups.length}; `
        + 'zonal autoshift needs a blue/green, canary or linear deployment strategy');
    }
    validatePracticeRunAlarms(props.outcomeAlarms.length, extraBlocking.length + 1);
    validateBlockedDates(props.blockedDates ?? []);
    validateBlockedWindows(props.blockedWindows ?? []);

    ZonalShift.enable(props.loadBalancer);
    const namePrefix = alarmNamePrefixOf(this);
    const period = Duration.minutes(1);
    const usingMetrics: Record<string, cloudwatch.IMetric> = {};
    props.targetGroups.forEach((targetGroup, i) => {
      usingMetrics[METRIC_IDS.healthy(i)] = healthyHostCount({ loadBalancer: props.loadBalancer, targetGroup, period });
    });
    this.deploymentInProgressAlarm = new cloudwatch.Alarm(this, 'DeploymentInProgress', {
      alarmName: `${namePrefix}-DeploymentInProgress`,
      metric: new cloudwatch.MathExpression({
        expression: deploymentInProgressExpression(props.targetGroups.length),
        usingMetrics,
        label: 'Deployment in progress',
        period,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: 'A deployment is in progress: every target group of the service has healthy targets. Blocks zonal autoshift practice runs.',
    });

    this.outcomeAlarm = this.anyOf('PracticeRunOutcome', namePrefix, props.outcomeAlarms, 'outcomeAlarms',
      'Ends a zonal autoshift practice run, marked failed, when any of its outcome alarms fires.');
    this.blockingAlarm = this.anyOf('PracticeRunBlocking', namePrefix, [this.deploymentInProgressAlarm, ...extraBlocking], 'blockingAlarms',
      'Keeps zonal autoshift from starting a practice run, and ends a running one, while a deployment is in progress or any other blocking alarm fires.');

    const condition = (alarm: cloudwatch.IAlarm): arczonalshift.CfnZonalAutoshiftConfiguration.ControlConditionProperty =>
      ({ alarmIdentifier: alarm.alarmArn, type: 'CLOUDWATCH' });
    this.configuration = new arczonalshift.CfnZonalAutoshiftConfiguration(this, 'Resource', {
      resourceIdentifier: props.loadBalancer.loadBalancerArn,
      zonalAutoshiftStatus: 'ENABLED',
      practiceRunConfiguration: {
        outcomeAlarms: [condition(this.outcomeAlarm)],
        blockingAlarms: [condition(this.blockingAlarm)],
        blockedDates: props.blockedDates,
        blockedWindows: props.blockedWindows,
      },
    });
  }

  /**
   * The only alarm of `alarms`, or a composite alarm `id` in ALARM while any of them is; refuses a
   * composite whose rule could exceed CloudWatch's limit once the alarms' real ARNs replace the tokens.
   */
  private anyOf(id: string, namePrefix: string, alarms: cloudwatch.IAlarm[], prop: string, alarmDescription: string): cloudwatch.IAlarm {
    if (alarms.length === 1) return alarms[0];
    const stack = Stack.of(this);
    const env = alarmArnEnvironment(stack.region, stack.account);
    const arnLengths = alarms.map((alarm) => deployedArnLength(alarm, env));
    const unknownNames = alarms.filter((alarm) => Token.isUnresolved(alarm.alarmArn) && literalAlarmName(alarm) === undefined).length;
    validateCompositeRuleLength(prop, `${namePrefix}-${id}`, arnLengths, unknownNames);
    return new cloudwatch.CompositeAlarm(this, id, {
      compositeAlarmName: `${namePrefix}-${id}`,
      alarmRule: cloudwatch.AlarmRule.anyOf(...alarms),
      alarmDescription,
    });
  }
}

/** The longest the ARN of `alarm` can be once deployed: exact when it is literal, else from its name, else at the longest name. */
function deployedArnLength(alarm: cloudwatch.IAlarm, env: ReturnType<typeof alarmArnEnvironment>): number {
  if (!Token.isUnresolved(alarm.alarmArn)) return alarm.alarmArn.length;
  const name = literalAlarmName(alarm);
  return name === undefined ? alarmArnLength(env) : alarmArnLength(env, name.length);
}

/**
 * The literal name `alarm` is deployed with, if known at synth: its `alarmName`, or the `AlarmName`
 * its CloudFormation resource is given (an alarm defined in the app references its name as a token).
 */
function literalAlarmName(alarm: cloudwatch.IAlarm): string | undefined {
  if (!Token.isUnresolved(alarm.alarmName)) return alarm.alarmName;
  const resource = alarm.node.defaultChild;
  const name = resource instanceof cloudwatch.CfnAlarm || resource instanceof cloudwatch.CfnCompositeAlarm ? resource.alarmName : undefined;
  return name !== undefined && !Token.isUnresolved(name) ? name : undefined;
}
