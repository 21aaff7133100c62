import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { dashboardBody, dashboards, expressions, plainMetrics, widget } from './support';
import { LambdaDeploymentDashboard } from '../../src/dashboards';
import { MAX_METRICS_PER_WIDGET } from '../../src/dashboards/layout';
import { blueGreen, FUNCTION_PROPS, resourceOf } from '../blue-green-lambda/support';
import { envStack } from '../support/app';
import { cfnLint } from '../support/cfn-lint';

const FN = '<Ref ApiFunction6BF808ED>';
const RESOURCE = `${FN}:live`;

function versionOf(stack: Stack): string {
  return resourceOf(Template.fromStack(stack), 'AWS::Lambda::Version', 'ApiFunctionCurrentVersion').id;
}

function search(metricName: string, statistic: string): string {
  return `SEARCH('{AWS/Lambda,ExecutedVersion,FunctionName,Resource} MetricName="${metricName}" FunctionName="${FN}" Resource="${RESOURCE}"', '${statistic}', 60)`;
}

describe('BlueGreenLambda dashboard', () => {
  test('none by default', () => {
    const api = blueGreen();
    expect(api.dashboard).toBeUndefined();
    expect(Object.keys(dashboards(Stack.of(api)))).toEqual([]);
  });

  test('dashboard: true defines one dashboard with a generated name, the widgets in a fixed layout', () => {
    const api = blueGreen({ dashboard: true });
    const stack = Stack.of(api);
    expect(api.dashboard).toBeInstanceOf(cloudwatch.Dashboard);
    expect(api.node.findChild('Dashboard').node.findChild('Resource')).toBe(api.dashboard);
    const { body, properties } = dashboardBody(stack, 'ApiDashboard');
    expect(properties.DashboardName).toBeUndefined();
    expect(body.start).toBe('-PT3H');
    expect(body.widgets.map((w: any) => [w.type, w.properties.title ?? '(text)', w.x, w.y, w.width, w.height])).toEqual([
      ['text', '(text)', 0, 0, 24, 2],
      ['metric', 'Invocations by executed version', 0, 2, 8, 6],
      ['metric', 'Errors by executed version', 8, 2, 8, 6],
      ['metric', 'Error rate (%): new version vs the version it replaces', 16, 2, 8, 6],
      ['metric', 'p99 duration (ms) by executed version', 0, 8, 8, 6],
      ['metric', 'Throttles at alias live', 8, 8, 8, 6],
      ['alarm', 'Rollback alarms', 16, 8, 8, 6],
      ['log', 'Verification hooks: how each deployment phase ended (newest first)', 0, 14, 24, 6],
    ]);
    expect(body.widgets[0].properties.markdown).toContain(`Version under deployment: **<GetAtt ${versionOf(stack)}.Version>**`);
  });

  test('every version executed through the live alias is its own line (SEARCH on the ExecutedVersion dimension set)', () => {
    const api = blueGreen({ dashboard: true });
    const { body } = dashboardBody(Stack.of(api), 'ApiDashboard');
    expect(expressions(widget(body, 'Invocations by executed version'))).toEqual([{ label: 'Invocations', expression: search('Invocations', 'Sum'), period: 60 }]);
    expect(expressions(widget(body, 'Errors by executed version'))).toEqual([{ label: 'Errors', expression: search('Errors', 'Sum'), period: 60 }]);
    expect(expressions(widget(body, 'p99 duration (ms) by executed version'))).toEqual([{ label: 'p99 duration', expression: search('Duration', 'p99'), period: 60 }]);
  });

  test('the error rate of the new version against the version it replaces, with the rollback threshold', () => {
    const api = blueGreen({ dashboard: true, errorRateThresholdPercent: 2 });
    const stack = Stack.of(api);
    const version = `<GetAtt ${versionOf(stack)}.Version>`;
    const w = widget(dashboardBody(stack, 'ApiDashboard').body, 'Error rate (%): new version vs the version it replaces');
    expect(expressions(w)).toEqual([
      { label: `new version ${version}`, expression: 'IF(newInvocations > 0, 100 * FILL(newErrors, 0) / newInvocations, 0)', period: 60 },
      { label: 'version it replaces', expression: 'IF(previousInvocations > 0, 100 * (FILL(aliasErrors, 0) - FILL(newErrors, 0)) / previousInvocations, 0)', period: 60 },
      { expression: 'aliasInvocations - FILL(newInvocations, 0)', period: 60, visible: false, id: 'previousInvocations' },
    ]);
    const versioned = { ExecutedVersion: version, FunctionName: FN, Resource: RESOURCE };
    const alias = { FunctionName: FN, Resource: RESOURCE };
    expect(plainMetrics(w).map((m) => [m.metricName, m.dimensions, m.options.id, m.options.stat, m.options.visible])).toEqual([
      ['Errors', versioned, 'newErrors', 'Sum', false],
      ['Invocations', versioned, 'newInvocations', 'Sum', false],
      ['Errors', alias, 'aliasErrors', 'Sum', false],
      ['Invocations', alias, 'aliasInvocations', 'Sum', false],
    ]);
    expect(w.properties.annotations.horizontal).toEqual([{ value: 2, label: 'rollback at 2%', color: '#d62728', yAxis: 'left' }]);
  });

  test('the p99 duration and throttles graphs draw the rollback thresholds', () => {
    const api = blueGreen({ dashboard: true, latencyThreshold: Duration.millis(750), throttlesThreshold: 4, alarmPeriod: Duration.minutes(2) });
    const { body } = dashboardBody(Stack.of(api), 'ApiDashboard');
    const duration = widget(body, 'p99 duration (ms) by executed version');
    expect(duration.properties.annotations.horizontal).toEqual([{ value: 750, label: 'rollback above 750 ms', color: '#d62728', yAxis: 'left' }]);
    expect(expressions(duration)[0].expression).toContain("'p99', 120)");
    const throttles = widget(body, 'Throttles at alias live');
    expect(plainMetrics(throttles)).toEqual([{
      namespace: 'AWS/Lambda', metricName: 'Throttles', dimensions: { FunctionName: FN, Resource: RESOURCE }, options: { label: 'Throttles', period: 120, stat: 'Sum' },
    }]);
    expect(throttles.properties.annotations.horizontal).toEqual([{ value: 4, label: 'rollback at 4', color: '#d62728', yAxis: 'left' }]);
  });

  test('the alarm widget shows every rollback alarm, those added after the dashboard too', () => {
    const api = blueGreen({ dashboard: true });
    const stack = Stack.of(api);
    const extra = new cloudwatch.Alarm(stack, 'Extra', { metric: api.metricErrors(), threshold: 1, evaluationPeriods: 1 });
    api.addAlarm(extra);
    const template = Template.fromStack(stack);
    const alarmIds = ['ApiAlarmsErrorRate', 'ApiAlarmsLatency', 'ApiAlarmsThrottles'].map((p) => resourceOf(template, 'AWS::CloudWatch::Alarm', p).id);
    const w = widget(dashboardBody(stack, 'ApiDashboard').body, 'Rollback alarms');
    expect(w.properties.alarms).toEqual([...alarmIds, resourceOf(template, 'AWS::CloudWatch::Alarm', 'Extra').id].map((id) => `<GetAtt ${id}.Arn>`));
  });

  test('the hook widget queries both built-in hooks\' logs for this function\'s verdicts', () => {
    const api = blueGreen({ dashboard: true });
    const stack = Stack.of(api);
    const template = Template.fromStack(stack);
    const pre = resourceOf(template, 'AWS::Logs::LogGroup', 'SafeDeployLambdaResourcesPreTrafficHookLogs').id;
    const post = resourceOf(template, 'AWS::Logs::LogGroup', 'SafeDeployLambdaResourcesPostTrafficHookLogs').id;
    const w = widget(dashboardBody(stack, 'ApiDashboard').body, 'Verification hooks: how each deployment phase ended (newest first)');
    expect(w.properties.view).toBe('table');
    expect(w.properties.query).toBe(
      `SOURCE '<Ref ${pre}>' | SOURCE '<Ref ${post}>' | fields @timestamp, phase, deploymentId, currentVersion, targetVersion, status, reported, reason\n`
      + `| filter message = "lifecycle hook finished" and functionName = "${FN}"\n| sort @timestamp desc\n| limit 100`,
    );
  });

  test('custom hooks: only the built-in hook\'s logs are queried, and no hook widget without a built-in hook', () => {
    const stack = envStack();
    const hook = new lambda.Function(stack, 'MyHook', FUNCTION_PROPS);
    blueGreen({ dashboard: true, postTrafficHook: hook, bakeTime: undefined }, stack);
    const pre = resourceOf(Template.fromStack(stack), 'AWS::Logs::LogGroup', 'SafeDeployLambdaResourcesPreTrafficHookLogs').id;
    expect(widget(dashboardBody(stack, 'ApiDashboard').body, 'Verification hooks: how each deployment phase ended (newest first)').properties.query)
      .toMatch(new RegExp(`^SOURCE '<Ref ${pre}>' \\| fields `));

    const both = envStack();
    const preHook = new lambda.Function(both, 'Pre', FUNCTION_PROPS);
    const postHook = new lambda.Function(both, 'Post', FUNCTION_PROPS);
    blueGreen({ dashboard: true, preTrafficHook: preHook, postTrafficHook: postHook }, both);
    expect(dashboardBody(both, 'ApiDashboard').body.widgets.map((w: any) => w.type)).not.toContain('log');
  });

  test('dashboardName names the dashboard', () => {
    const api = blueGreen({ dashboard: true, dashboardName: 'api-deployments' });
    expect(dashboardBody(Stack.of(api), 'ApiDashboard').properties.DashboardName).toBe('api-deployments');
  });

  test('fails when dashboardName is not a valid dashboard name', () => {
    expect(() => blueGreen({ dashboard: true, dashboardName: 'api deployments' })).toThrow(/dashboardName must be 1 to 255 characters among A-Z, a-z, 0-9, '-' and '_'.*got 'api deployments'/);
  });

  test('fails when dashboardName is given without dashboard: true', () => {
    expect(() => blueGreen({ dashboardName: 'api-deployments' })).toThrow(/dashboardName is 'api-deployments' but dashboard is not true.*Set dashboard: true, or remove dashboardName/);
  });

  test('stays within the CloudWatch dashboard limits', () => {
    const api = blueGreen({ dashboard: true });
    const { text, body } = dashboardBody(Stack.of(api), 'ApiDashboard');
    expect(body.widgets.length).toBe(8);
    const perWidget = body.widgets.map((w: any) => w.properties.metrics?.length ?? 0);
    expect(perWidget).toEqual([0, 1, 1, 7, 1, 1, 0, 0]);
    expect(Math.max(...perWidget)).toBeLessThanOrEqual(MAX_METRICS_PER_WIDGET);
    // No size limit is documented for DashboardBody; the body stays small (measured, with placeholders for references).
    expect(text.length).toBeLessThan(6_000);
  });

  test('cfn-lint finds no errors in a stack with the dashboard', () => {
    const api = blueGreen({ dashboard: true, dashboardName: 'api-deployments' });
    expect(cfnLint(Template.fromStack(Stack.of(api)).toJSON())).toEqual({ errors: 0, errorLines: [] });
  });
});

describe('LambdaDeploymentDashboard on its own', () => {
  function standalone(extra: Partial<ConstructorParameters<typeof LambdaDeploymentDashboard>[2]> = {}) {
    const stack = envStack();
    const fn = new lambda.Function(stack, 'Fn', FUNCTION_PROPS);
    return new LambdaDeploymentDashboard(stack, 'Dash', { function: fn, aliasName: 'prod', version: fn.currentVersion, ...extra });
  }

  test('no thresholds, no alarms and no hook logs: graphs without lines, a note instead of the alarm widget, no log widget', () => {
    const d = standalone();
    const { body } = dashboardBody(Stack.of(d), 'Dash');
    expect(body.widgets.map((w: any) => w.type)).toEqual(['text', 'metric', 'metric', 'metric', 'metric', 'metric', 'text']);
    expect(body.widgets.filter((w: any) => w.properties.annotations)).toEqual([]);
    expect(body.widgets[6]).toEqual({ type: 'text', width: 8, height: 6, x: 16, y: 8, properties: { markdown: '### Rollback alarms\n\nNo rollback alarms.' } });
    expect(widget(body, 'Throttles at alias prod')).toBeDefined();
  });

  test('fails when period is not a whole number of minutes', () => {
    expect(() => standalone({ period: Duration.seconds(90) })).toThrow(/period must be a whole number of minutes.*got 1 minute 30 seconds/);
    expect(() => standalone({ period: Duration.seconds(30) })).toThrow(/period must be a whole number of minutes/);
  });

  test('fails when errorRateThresholdPercent is not a percentage', () => {
    expect(() => standalone({ errorRateThresholdPercent: 0 })).toThrow(/errorRateThresholdPercent must be a percentage above 0 and at most 100, got 0/);
    expect(() => standalone({ errorRateThresholdPercent: 150 })).toThrow(/got 150/);
  });
});
