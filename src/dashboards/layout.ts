/**
 * Pure parts of the deployment dashboards: CloudWatch limits, name validation, the metric-math and
 * SEARCH expressions and the Logs Insights queries the widgets show. Plain strings and numbers in,
 * plain strings out (tokens pass through as part of the strings), so they are tested without a stack.
 */
import { Token } from 'aws-cdk-lib';

/** CloudWatch: a dashboard body holds at most 500 widgets (Dashboard Body Structure and Syntax; CloudWatch service quotas). */
export const MAX_WIDGETS_PER_DASHBOARD = 500;
/** CloudWatch: a graph uses at most 500 metrics and expressions, hidden ones included ("Using math expressions with CloudWatch metrics"). */
export const MAX_METRICS_PER_WIDGET = 500;
/** CloudWatch service quotas: at most 2,500 metrics per dashboard, across all widgets. */
export const MAX_METRICS_PER_DASHBOARD = 2500;
/** An alarm-status widget lists 1 to 100 alarm ARNs (Dashboard Body Structure and Syntax, "Properties of an Alarm Status Widget Object"). */
export const MAX_ALARMS_PER_ALARM_WIDGET = 100;
/** PutDashboard: a dashboard name has at most 255 characters. */
export const MAX_DASHBOARD_NAME_LENGTH = 255;
/** Width of the dashboard grid, in columns. */
export const GRID_COLUMNS = 24;

/**
 * Throws unless `name` can name a CloudWatch dashboard: PutDashboard accepts 1 to 255 characters
 * among A-Z, a-z, 0-9, `-` and `_`. A token is accepted as is (checked by CloudFormation at deploy time).
 *
 * @param prop the prop named in the message
 */
export function validateDashboardName(name: string | undefined, prop: string): void {
  if (name === undefined || Token.isUnresolved(name)) return;
  if (name.length === 0 || name.length > MAX_DASHBOARD_NAME_LENGTH || !/^[A-Za-z0-9_-]+$/.test(name)) {
    throw new Error(
      `${prop} must be 1 to ${MAX_DASHBOARD_NAME_LENGTH} characters among A-Z, a-z, 0-9, '-' and '_' (CloudWatch PutDashboard), ` +
      `got '${name}' (${name.length} characters). Use e.g. 'orders-deployments', or leave it out to let CloudFormation generate a name.`,
    );
  }
}

/** The metric widgets of a dashboard, reduced to what the limits count. */
export interface WidgetCount {
  /** The widget's title, for messages. */
  readonly title: string;
  /** Metrics and expressions the widget uses (shown or not). */
  readonly metrics: number;
  /** Alarms an alarm-status widget lists. */
  readonly alarms?: number;
}

/**
 * The CloudWatch dashboard limits that `widgets` break, as messages (empty when none): widgets per
 * dashboard, metrics per widget, metrics per dashboard, alarms per alarm-status widget.
 */
export function dashboardLimitViolations(widgets: WidgetCount[]): string[] {
  const problems: string[] = [];
  if (widgets.length > MAX_WIDGETS_PER_DASHBOARD) {
    problems.push(`the dashboard has ${widgets.length} widgets, more than CloudWatch's ${MAX_WIDGETS_PER_DASHBOARD}`);
  }
  for (const w of widgets) {
    if (w.metrics > MAX_METRICS_PER_WIDGET) {
      problems.push(`widget '${w.title}' uses ${w.metrics} metrics and expressions, more than CloudWatch's ${MAX_METRICS_PER_WIDGET} per widget`);
    }
    if ((w.alarms ?? 0) > MAX_ALARMS_PER_ALARM_WIDGET) {
      problems.push(`widget '${w.title}' lists ${w.alarms} alarms, more than the ${MAX_ALARMS_PER_ALARM_WIDGET} an alarm-status widget takes`);
    }
  }
  const total = widgets.reduce((sum, w) => sum + w.metrics, 0);
  if (total > MAX_METRICS_PER_DASHBOARD) {
    problems.push(`the dashboard uses ${total} metrics, more than CloudWatch's ${MAX_METRICS_PER_DASHBOARD} per dashboard`);
  }
  return problems;
}

/**
 * A SEARCH expression returning one time series per executed version behind an alias: for
 * invocations through an alias, Lambda also publishes its metrics with the dimension set
 * `FunctionName`, `Resource` (`<function>:<alias>`) and `ExecutedVersion` (Lambda Developer Guide,
 * "Working with Lambda function metrics"). The schema in braces matches that dimension set exactly,
 * so neither the alias-wide nor the per-function series are included.
 *
 * @param resource the alias as Lambda names it: `<function>:<alias>`
 */
export function executedVersionSearch(metricName: string, statistic: string, periodSeconds: number, functionName: string, resource: string): string {
  return `SEARCH('{AWS/Lambda,ExecutedVersion,FunctionName,Resource} MetricName="${metricName}" FunctionName="${functionName}" Resource="${resource}"', '${statistic}', ${periodSeconds})`;
}

/** Ids of the metrics inside the version error-rate expressions. */
export const VERSION_RATE_IDS = {
  newErrors: 'newErrors',
  newInvocations: 'newInvocations',
  aliasErrors: 'aliasErrors',
  aliasInvocations: 'aliasInvocations',
  previousInvocations: 'previousInvocations',
} as const;

/** Error rate of the new version, in percent of its invocations; 0 without invocations, no data without any data. */
export function newVersionErrorRateExpression(): string {
  const { newErrors, newInvocations } = VERSION_RATE_IDS;
  return `IF(${newInvocations} > 0, 100 * FILL(${newErrors}, 0) / ${newInvocations}, 0)`;
}

/** Invocations through the alias that the new version did not execute: those of the version being replaced. */
export function previousInvocationsExpression(): string {
  const { aliasInvocations, newInvocations } = VERSION_RATE_IDS;
  return `${aliasInvocations} - FILL(${newInvocations}, 0)`;
}

/**
 * Error rate of the other version behind the alias (the one being replaced), in percent of its
 * invocations: the alias-wide counts minus the new version's. An alias routes to at most two
 * versions, so during a shift this is exactly the old version's rate. 0 while it serves nothing.
 */
export function previousVersionErrorRateExpression(): string {
  const { aliasErrors, newErrors, previousInvocations } = VERSION_RATE_IDS;
  return `IF(${previousInvocations} > 0, 100 * (FILL(${aliasErrors}, 0) - FILL(${newErrors}, 0)) / ${previousInvocations}, 0)`;
}

/** Double quotes escaped for a string literal inside a Logs Insights query. */
function quoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Logs Insights query over the Lambda verification hooks' logs: one row per hook invocation that
 * ended for `functionName` (the hooks log `lifecycle hook finished` with the deployment id, the
 * phase, the versions, the status reported to CodeDeploy and the reason), newest first. One
 * command a line, without the leading pipe: the dashboard widget joins the lines with pipes.
 */
export function lambdaHookQuery(functionName: string): string[] {
  return [
    'fields @timestamp, phase, deploymentId, currentVersion, targetVersion, status, reported, reason',
    `filter message = "lifecycle hook finished" and functionName = ${quoted(functionName)}`,
    'sort @timestamp desc',
    'limit 100',
  ];
}

/**
 * Logs Insights query over the ECS verification hook's logs: one row per answer that ends a
 * lifecycle stage for `serviceArn` (SUCCEEDED or FAILED; the IN_PROGRESS waits are left out), with
 * the stage, the service deployment and the reason, newest first.
 */
export function serviceHookQuery(serviceArn: string): string[] {
  return [
    'fields @timestamp, stage, hookStatus, serviceDeploymentArn, targetServiceRevisionArn, reason',
    `filter serviceArn = ${quoted(serviceArn)} and (hookStatus = "SUCCEEDED" or hookStatus = "FAILED")`,
    'sort @timestamp desc',
    'limit 100',
  ];
}

/**
 * `expression` with each of `ids` renamed to `<id>_<suffix>`, whole words only. A graph may not
 * hold two different metrics under one id, so the same rate expression drawn once per zone or per
 * target group needs its own ids each time.
 */
export function renameMetricIds(expression: string, ids: string[], suffix: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(suffix)) throw new Error(`a metric id suffix must be letters, digits and '_', got '${suffix}'`);
  const unique = [...new Set(ids)].sort((a, b) => b.length - a.length);
  if (unique.length === 0) return expression;
  const pattern = new RegExp(`\\b(${unique.map((id) => id.replace(/[^A-Za-z0-9_]/g, '')).join('|')})\\b`, 'g');
  return expression.replace(pattern, (id) => `${id}_${suffix}`);
}

/** Sum of the metrics with `ids`, missing data counted as 0. */
export function sumExpression(ids: string[]): string {
  if (ids.length === 0) throw new Error('expected at least one metric id to sum');
  return ids.map((id) => `FILL(${id}, 0)`).join(' + ');
}
