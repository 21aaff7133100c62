/**
 * Which rollback alarm fires, and after how many minutes, when a canary's new revision fails.
 *
 * Synthesizes a MultiAzService with a canary deployment, reads every deployment alarm from the
 * template (its metrics and dimensions, math expression, threshold, comparison, period, evaluation
 * periods and datapoints to alarm), feeds each alarm one datapoint per period from a traffic model
 * (requests spread evenly over the zones, the canary share on one target group, the new revision
 * failing a share of its requests), and evaluates the alarm the way CloudWatch does (M out of N
 * breaching periods). Nothing about the alarms is typed in here: change the alarm definitions and
 * the figures follow.
 *
 * Run: npx ts-node --transpile-only -P tsconfig.dev.json bench/canary-alarms.ts
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { firstAlarmingPeriod } from '../src/alarms/service-alarm-math';
import { MultiAzService } from '../src/multi-az-service';
import { TrafficShift } from '../src/traffic';
import { azContext } from '../test/support/app';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

/** How the new revision fails. */
export type FailureMode = 'target-5xx' | 'connection-refused';

/** The traffic the alarms see while the canary runs. */
export interface CanaryScenario {
  /** Requests per minute over the whole load balancer. */
  readonly requestsPerMinute: number;
  /** Share of the requests the canary sends to the new revision, in percent. */
  readonly canaryPercent: number;
  /** Share of the new revision's requests that fail, in percent. */
  readonly failurePercent: number;
  /** How they fail: the target answers 5xx, or refuses the connection (the load balancer answers 502). */
  readonly failureMode: FailureMode;
  /** Minutes simulated. */
  readonly minutes: number;
  /** Zones of the service. */
  readonly zones?: number;
}

/** One alarm's outcome under a scenario. */
export interface AlarmOutcome {
  readonly alarmName: string;
  /** The value the alarm's metric takes in every period of the scenario. */
  readonly value: number;
  readonly threshold: number;
  /** Minutes from the first period with canary traffic to the end of the period that puts the alarm in ALARM. */
  readonly firesAfterMinutes?: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

interface Dimension { readonly Name: string; readonly Value: unknown }
interface MetricStat {
  readonly Metric: { readonly MetricName: string; readonly Dimensions?: Dimension[] };
  readonly Stat: string;
  readonly Period: number;
}
interface AlarmMetric { readonly Id: string; readonly Expression?: string; readonly MetricStat?: MetricStat; readonly ReturnData?: boolean }
interface AlarmProperties {
  readonly AlarmName: string;
  readonly Threshold: number;
  readonly ComparisonOperator: string;
  readonly EvaluationPeriods: number;
  readonly DatapointsToAlarm?: number;
  readonly Metrics?: AlarmMetric[];
  readonly MetricName?: string;
  readonly Dimensions?: Dimension[];
  readonly Period?: number;
}

/** Synthesizes a canary service and returns its deployment alarms as rendered in the template. */
export function deploymentAlarmsOf(canaryPercent: number, zones = 3): { alarms: AlarmProperties[]; greenTargetGroupId: string } {
  const app = new App({ context: azContext(ACCOUNT, REGION, zones) });
  const stack = new Stack(app, 'CanaryBench', { env: { account: ACCOUNT, region: REGION } });
  const service = new MultiAzService(stack, 'Orders', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
    zones,
    trafficShift: TrafficShift.canary(canaryPercent, Duration.minutes(10)),
  });
  const template = app.synth().getStackByName(stack.stackName).template as { Resources: Record<string, { Type: string; Properties: any }> };
  const names: string[] = Object.values(template.Resources).find((r) => r.Type === 'AWS::ECS::Service')!.Properties.DeploymentConfiguration.Alarms.AlarmNames;
  const alarms = Object.values(template.Resources)
    .filter((r) => r.Type === 'AWS::CloudWatch::Alarm' && names.includes(r.Properties.AlarmName))
    .map((r) => r.Properties as AlarmProperties);
  if (alarms.length !== names.length) throw new Error(`expected ${names.length} deployment alarms in the template, found ${alarms.length}`);
  return { alarms, greenTargetGroupId: stack.getLogicalId(service.greenTargetGroup.node.defaultChild as any) };
}

/**
 * The value of one ALB metric in one period under the scenario. The canary's share goes to the green
 * target group (the first deployment's new revision; both target groups carry the same alarms).
 */
function metricValue(stat: MetricStat, s: CanaryScenario, greenTargetGroupId: string): number {
  const dims = stat.Metric.Dimensions ?? [];
  const tg = dims.find((d) => d.Name === 'TargetGroup');
  const zone = dims.find((d) => d.Name === 'AvailabilityZone');
  const zoneShare = zone ? 1 / (s.zones ?? 3) : 1;
  const total = s.requestsPerMinute * (stat.Period / 60) * zoneShare;
  const toNew = total * (s.canaryPercent / 100);
  const failures = toNew * (s.failurePercent / 100);
  const isGreen = tg !== undefined && JSON.stringify(tg.Value).includes(greenTargetGroupId);
  const requests = tg === undefined ? total : isGreen ? toNew : total - toNew;
  const ownFailures = tg === undefined || isGreen ? failures : 0;
  switch (stat.Metric.MetricName) {
    case 'RequestCount':
      return requests;
    case 'HTTPCode_Target_5XX_Count':
      return s.failureMode === 'target-5xx' ? ownFailures : 0;
    case 'TargetConnectionErrorCount':
      return s.failureMode === 'connection-refused' ? ownFailures : 0;
    case 'HTTPCode_ELB_5XX_Count':
      // The load balancer answers 502 for a refused connection; this metric has no TargetGroup dimension.
      return s.failureMode === 'connection-refused' ? failures : 0;
    case 'TargetResponseTime':
      return 0.05;
    case 'UnHealthyHostCount':
      return 0;
    case 'HealthyHostCount':
      return 3;
    default:
      throw new Error(`no traffic model for metric ${stat.Metric.MetricName}`);
  }
}

/**
 * Evaluates the CloudWatch metric-math subset the library's alarms use: numbers, ids, + - * /, comparisons, AND, OR, IF(), FILL(),
 * and `MAX(FILL([a, b, ...], v))`: per period the highest of the series (MAX of an array of time series; MAX of a single series
 * is one number over the whole window in CloudWatch, which a per-period evaluation cannot represent, so it is refused).
 */
export function evaluateExpression(expression: string, values: Record<string, number | undefined>): number | undefined {
  const tokens = expression.match(/\s*(>=|<=|==|!=|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|[()[\]+\-*/,<>])/g)?.map((t) => t.trim()) ?? [];
  if (tokens.join('') !== expression.replace(/\s+/g, '')) throw new Error(`cannot tokenize expression: ${expression}`);
  let i = 0;
  const peek = () => tokens[i];
  const take = (expected?: string) => {
    const t = tokens[i++];
    if (expected !== undefined && t !== expected) throw new Error(`expected '${expected}' at '${t}' in ${expression}`);
    return t;
  };
  type V = number | undefined;
  const or = (): V => {
    let left = and();
    while (peek() === 'OR') { take(); const right = and(); left = left === undefined || right === undefined ? undefined : Number(left !== 0 || right !== 0); }
    return left;
  };
  const and = (): V => {
    let left = comparison();
    while (peek() === 'AND') { take(); const right = comparison(); left = left === undefined || right === undefined ? undefined : Number(left !== 0 && right !== 0); }
    return left;
  };
  const comparison = (): V => {
    const left = sum();
    const op = peek();
    if (!['>=', '<=', '>', '<', '==', '!='].includes(op)) return left;
    take();
    const right = sum();
    if (left === undefined || right === undefined) return undefined;
    const result = { '>=': left >= right, '<=': left <= right, '>': left > right, '<': left < right, '==': left === right, '!=': left !== right }[op as '>='];
    return Number(result);
  };
  const sum = (): V => {
    let left = product();
    while (peek() === '+' || peek() === '-') {
      const op = take(); const right = product();
      left = left === undefined || right === undefined ? undefined : op === '+' ? left + right : left - right;
    }
    return left;
  };
  const product = (): V => {
    let left = primary();
    while (peek() === '*' || peek() === '/') {
      const op = take(); const right = primary();
      left = left === undefined || right === undefined ? undefined : op === '*' ? left * right : right === 0 ? undefined : left / right;
    }
    return left;
  };
  const primary = (): V => {
    const t = take();
    if (t === '(') { const v = or(); take(')'); return v; }
    if (/^\d/.test(t)) return Number(t);
    if (t === 'IF') {
      take('('); const condition = or(); take(','); const then = or(); take(','); const otherwise = or(); take(')');
      return condition === undefined ? undefined : condition !== 0 ? then : otherwise;
    }
    if (t === 'FILL') {
      take('('); const v = or(); take(','); const fill = or(); take(')');
      return v ?? fill;
    }
    if (t === 'MAX') {
      take('('); take('FILL'); take('('); take('[');
      const ids = [take()];
      while (peek() === ',') { take(); ids.push(take()); }
      take(']'); take(','); const fill = or(); take(')'); take(')');
      const filled = ids.map((id) => metric(id) ?? fill);
      return filled.some((v) => v === undefined) ? undefined : Math.max(...(filled as number[]));
    }
    if (t === '[') throw new Error(`only MAX(FILL([ids], value)) is supported, in ${expression}`);
    return metric(t);
  };
  const metric = (t: string): V => {
    if (!(t in values)) throw new Error(`unknown metric id '${t}' in ${expression}`);
    return values[t];
  };
  const result = or();
  if (i !== tokens.length) throw new Error(`unexpected '${tokens[i]}' in ${expression}`);
  return result;
}

function breaches(value: number, threshold: number, operator: string): boolean {
  switch (operator) {
    case 'GreaterThanThreshold': return value > threshold;
    case 'GreaterThanOrEqualToThreshold': return value >= threshold;
    case 'LessThanThreshold': return value < threshold;
    case 'LessThanOrEqualToThreshold': return value <= threshold;
    default: throw new Error(`unsupported comparison ${operator}`);
  }
}

/** The value an alarm's metric takes in one period of the scenario. */
function alarmValue(alarm: AlarmProperties, s: CanaryScenario, greenTargetGroupId: string): { value: number; periodSeconds: number } {
  if (alarm.Metrics) {
    const values: Record<string, number> = {};
    let periodSeconds = 60;
    for (const m of alarm.Metrics) {
      if (m.MetricStat) {
        values[m.Id] = metricValue(m.MetricStat, s, greenTargetGroupId);
        periodSeconds = m.MetricStat.Period;
      }
    }
    const returned = alarm.Metrics.find((m) => m.ReturnData !== false && (m.Expression || m.MetricStat))!;
    const value = returned.Expression ? evaluateExpression(returned.Expression, values) : values[returned.Id];
    if (value === undefined) throw new Error(`alarm ${alarm.AlarmName} has no data in the scenario`);
    return { value, periodSeconds };
  }
  const stat: MetricStat = { Metric: { MetricName: alarm.MetricName!, Dimensions: alarm.Dimensions }, Stat: 'single', Period: alarm.Period! };
  return { value: metricValue(stat, s, greenTargetGroupId), periodSeconds: alarm.Period! };
}

/** Evaluates every deployment alarm of a canary service under `scenario`. */
export function canaryAlarmOutcomes(scenario: CanaryScenario): AlarmOutcome[] {
  const { alarms, greenTargetGroupId } = deploymentAlarmsOf(scenario.canaryPercent, scenario.zones ?? 3);
  return alarms.map((alarm) => {
    const { value, periodSeconds } = alarmValue(alarm, scenario, greenTargetGroupId);
    const evaluationPeriods = alarm.EvaluationPeriods;
    const window = { periodSeconds, evaluationPeriods, datapointsToAlarm: alarm.DatapointsToAlarm ?? evaluationPeriods };
    const periods = Math.floor((scenario.minutes * 60) / periodSeconds);
    const breach = breaches(value, alarm.Threshold, alarm.ComparisonOperator);
    const first = firstAlarmingPeriod(Array.from({ length: periods }, () => breach), window);
    return {
      alarmName: alarm.AlarmName,
      value,
      threshold: alarm.Threshold,
      firesAfterMinutes: first === undefined ? undefined : (first * periodSeconds) / 60,
      ...window,
    };
  });
}

function report(title: string, scenario: CanaryScenario): void {
  console.log(`\n${title}`);
  console.log(`  ${scenario.requestsPerMinute} requests/min, ${scenario.canaryPercent}% canary, new revision fails ${scenario.failurePercent}% (${scenario.failureMode}), ${scenario.minutes} min simulated`);
  for (const o of canaryAlarmOutcomes(scenario)) {
    const fires = o.firesAfterMinutes === undefined ? 'does not fire' : `FIRES after ${o.firesAfterMinutes} min`;
    const shortName = o.alarmName.replace(/^.*-[0-9a-f]{8}-/, '');
    const window = `${o.datapointsToAlarm} of ${o.evaluationPeriods} x ${o.periodSeconds / 60} min`;
    console.log(`  ${shortName.padEnd(28)} value ${o.value.toFixed(2).padStart(7)} vs ${String(o.threshold).padStart(4)}  (${window})  ${fires}`);
  }
}

if (require.main === module) {
  const canary = { canaryPercent: 10, failurePercent: 40, minutes: 10 };
  report('10% canary, new revision answers 500 to 40% of its requests', { ...canary, requestsPerMinute: 1000, failureMode: 'target-5xx' });
  report('10% canary, new revision refuses 40% of its connections', { ...canary, requestsPerMinute: 1000, failureMode: 'connection-refused' });
  report('Low traffic: the canary sees fewer requests than the minimum-request guard', { ...canary, requestsPerMinute: 150, failureMode: 'target-5xx' });
}
