import { Duration, Fn, Lazy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ERROR_RATE_METRIC_IDS, LambdaAlarmSettings, errorRateExpression, versionTag } from './lambda-alarm-math';

/** What the metric helpers need to scope a Lambda metric. */
export interface LambdaMetricTarget {
  readonly function: lambda.IFunction;
  readonly aliasName: string;
}

/**
 * A metric of one executed version behind an alias: dimensions `FunctionName`,
 * `Resource=<function>:<alias>` and `ExecutedVersion`. CloudWatch matches dimension sets
 * exactly, so only this set separates the new version from the old one during a shift.
 */
export function versionMetric(
  target: LambdaMetricTarget, version: lambda.IVersion, metricName: string, props: cloudwatch.MetricOptions = {},
): cloudwatch.Metric {
  return aliasMetric(target, metricName, { ...props, dimensionsMap: { ...aliasDimensions(target), ExecutedVersion: version.version } });
}

/** A metric of the alias as a whole: dimensions `FunctionName` and `Resource=<function>:<alias>`. */
export function aliasMetric(target: LambdaMetricTarget, metricName: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/Lambda',
    metricName,
    statistic: cloudwatch.Stats.SUM,
    ...props,
    dimensionsMap: props.dimensionsMap ?? aliasDimensions(target),
  });
}

function aliasDimensions(target: LambdaMetricTarget): cloudwatch.DimensionsMap {
  // Built from the names, not the alias ARN: that is what Lambda publishes, and it keeps the
  // alarm free of a reference to the alias (which depends on the alarm).
  return {
    FunctionName: target.function.functionName,
    Resource: Fn.join(':', [target.function.functionName, target.aliasName]),
  };
}

/** Props of {@link LambdaVersionAlarms}. */
export interface LambdaVersionAlarmsProps extends LambdaMetricTarget {
  /** The version under deployment (the function's current version). */
  readonly version: lambda.Version;
  /** Validated thresholds. */
  readonly settings: LambdaAlarmSettings;
}

/**
 * The three rollback alarms of one Lambda version: error rate (metric math with a low-traffic
 * guard), p99 duration, and throttles at the alias.
 *
 * Every version gets fresh alarms: their logical IDs and names end in the version's hash, so a
 * change that publishes a new version makes CloudFormation create new alarms (no data, so not in
 * ALARM) and delete the old ones. An alarm merely retargeted would keep its state, and the old
 * version's errors could roll back the release that fixes them.
 */
export class LambdaVersionAlarms extends Construct {
  public readonly errorRate: cloudwatch.Alarm;
  public readonly latency: cloudwatch.Alarm;
  public readonly throttles: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: LambdaVersionAlarmsProps) {
    super(scope, id);
    const s = props.settings;
    const period = Duration.seconds(s.periodSeconds);
    const stack = Stack.of(this);
    const versionResource = props.version.node.defaultChild as lambda.CfnVersion;
    const tag = Lazy.uncachedString({ produce: () => versionTag(stack.resolve(versionResource.logicalId)) });
    const common = {
      evaluationPeriods: s.evaluationPeriods,
      datapointsToAlarm: s.evaluationPeriods,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    };
    const alarmName = (suffix: string) => Fn.join('-', [props.function.functionName, tag, suffix]);

    this.errorRate = new cloudwatch.Alarm(this, 'ErrorRate', {
      ...common,
      alarmName: alarmName('error-rate'),
      alarmDescription: `Rollback: errors of the new version, ${s.errorRatePercent}% of invocations, or ${s.lowTrafficErrors} errors while below ${s.minInvocations} invocations per period`,
      metric: new cloudwatch.MathExpression({
        expression: errorRateExpression(s),
        usingMetrics: {
          [ERROR_RATE_METRIC_IDS.errors]: versionMetric(props, props.version, 'Errors', { period }),
          [ERROR_RATE_METRIC_IDS.invocations]: versionMetric(props, props.version, 'Invocations', { period }),
        },
        period,
        label: 'error rule breached (1) or not (0)',
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    this.latency = new cloudwatch.Alarm(this, 'Latency', {
      ...common,
      alarmName: alarmName('p99-duration'),
      alarmDescription: `Rollback: p99 duration of the new version above ${s.latencyThresholdMs} ms`,
      metric: versionMetric(props, props.version, 'Duration', { period, statistic: cloudwatch.Stats.p(99) }),
      threshold: s.latencyThresholdMs,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    this.throttles = new cloudwatch.Alarm(this, 'Throttles', {
      ...common,
      alarmName: alarmName('throttles'),
      alarmDescription: `Rollback: ${s.throttles} or more throttled requests per period at the alias ${props.aliasName}`,
      metric: aliasMetric(props, 'Throttles', { period }),
      threshold: s.throttles,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });

    for (const alarm of this.all) {
      const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm;
      const base = stack.resolve(cfn.logicalId) as string;
      cfn.overrideLogicalId(Lazy.uncachedString({ produce: () => `${base}${stack.resolve(tag)}` }));
    }
  }

  /** The three alarms, in a fixed order. */
  public get all(): cloudwatch.Alarm[] {
    return [this.errorRate, this.latency, this.throttles];
  }
}
