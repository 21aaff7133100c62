import { Lazy } from 'aws-cdk-lib';
import {
  dashboardLimitViolations, executedVersionSearch, lambdaHookQuery, MAX_ALARMS_PER_ALARM_WIDGET, MAX_METRICS_PER_DASHBOARD, MAX_METRICS_PER_WIDGET,
  MAX_WIDGETS_PER_DASHBOARD, newVersionErrorRateExpression, previousInvocationsExpression, previousVersionErrorRateExpression,
  renameMetricIds, serviceHookQuery, sumExpression, validateDashboardName,
} from '../../src/dashboards/layout';

describe('validateDashboardName', () => {
  test('accepts letters, digits, - and _ up to 255 characters, and tokens', () => {
    expect(() => validateDashboardName('orders-deployments_2', 'dashboardName')).not.toThrow();
    expect(() => validateDashboardName('a'.repeat(255), 'dashboardName')).not.toThrow();
    expect(() => validateDashboardName(undefined, 'dashboardName')).not.toThrow();
    expect(() => validateDashboardName(Lazy.string({ produce: () => 'x' }), 'dashboardName')).not.toThrow();
  });

  test('fails when the name has a character PutDashboard refuses', () => {
    expect(() => validateDashboardName('orders deployments', 'dashboardName')).toThrow(/dashboardName must be 1 to 255 characters among A-Z, a-z, 0-9, '-' and '_'.*got 'orders deployments'/);
    expect(() => validateDashboardName('orders.deployments', 'dashboardName')).toThrow(/got 'orders.deployments'/);
  });

  test('fails when the name is empty or longer than 255 characters', () => {
    expect(() => validateDashboardName('', 'dashboardName')).toThrow(/got '' \(0 characters\)/);
    expect(() => validateDashboardName('a'.repeat(256), 'dashboardName')).toThrow(/\(256 characters\)/);
  });
});

describe('dashboardLimitViolations', () => {
  test('nothing within the limits', () => {
    expect(dashboardLimitViolations([{ title: 'a', metrics: MAX_METRICS_PER_WIDGET }, { title: 'b', metrics: 0 }])).toEqual([]);
  });

  test('more than 500 widgets', () => {
    const widgets = Array.from({ length: MAX_WIDGETS_PER_DASHBOARD + 1 }, (_, i) => ({ title: `w${i}`, metrics: 1 }));
    expect(dashboardLimitViolations(widgets)).toEqual(["the dashboard has 501 widgets, more than CloudWatch's 500"]);
  });

  test('more than 500 metrics in one widget', () => {
    expect(dashboardLimitViolations([{ title: 'big', metrics: 501 }])).toEqual(["widget 'big' uses 501 metrics and expressions, more than CloudWatch's 500 per widget"]);
  });

  test('more than 100 alarms in an alarm-status widget', () => {
    expect(dashboardLimitViolations([{ title: 'alarms', metrics: 0, alarms: MAX_ALARMS_PER_ALARM_WIDGET }])).toEqual([]);
    expect(dashboardLimitViolations([{ title: 'alarms', metrics: 0, alarms: 101 }])).toEqual(["widget 'alarms' lists 101 alarms, more than the 100 an alarm-status widget takes"]);
  });

  test('more than 2,500 metrics in the dashboard', () => {
    const widgets = Array.from({ length: 6 }, (_, i) => ({ title: `w${i}`, metrics: 450 }));
    expect(6 * 450).toBeGreaterThan(MAX_METRICS_PER_DASHBOARD);
    expect(dashboardLimitViolations(widgets)).toEqual(["the dashboard uses 2700 metrics, more than CloudWatch's 2500 per dashboard"]);
  });
});

test('the executed-version SEARCH matches the FunctionName + Resource + ExecutedVersion dimension set exactly', () => {
  expect(executedVersionSearch('Duration', 'p99', 60, 'api', 'api:live')).toBe(
    'SEARCH(\'{AWS/Lambda,ExecutedVersion,FunctionName,Resource} MetricName="Duration" FunctionName="api" Resource="api:live"\', \'p99\', 60)',
  );
});

test('version error-rate expressions', () => {
  expect(newVersionErrorRateExpression()).toBe('IF(newInvocations > 0, 100 * FILL(newErrors, 0) / newInvocations, 0)');
  expect(previousInvocationsExpression()).toBe('aliasInvocations - FILL(newInvocations, 0)');
  expect(previousVersionErrorRateExpression()).toBe('IF(previousInvocations > 0, 100 * (FILL(aliasErrors, 0) - FILL(newErrors, 0)) / previousInvocations, 0)');
});

describe('renameMetricIds', () => {
  test('renames whole ids only', () => {
    expect(renameMetricIds('IF(requests >= 20, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)', ['requests', 'target5xx', 'elb5xx'], 'z0'))
      .toBe('IF(requests_z0 >= 20, 100 * (FILL(target5xx_z0, 0) + FILL(elb5xx_z0, 0)) / requests_z0, 0)');
    expect(renameMetricIds('requestsTotal + requests', ['requests'], 'z1')).toBe('requestsTotal + requests_z1');
    expect(renameMetricIds('FILL(a, 0)', [], 'z1')).toBe('FILL(a, 0)');
  });

  test('fails when the suffix cannot be part of a metric id', () => {
    expect(() => renameMetricIds('a', ['a'], 'eu-west-1a')).toThrow(/got 'eu-west-1a'/);
  });
});

test('sumExpression', () => {
  expect(sumExpression(['healthy0', 'healthy1'])).toBe('FILL(healthy0, 0) + FILL(healthy1, 0)');
  expect(() => sumExpression([])).toThrow(/at least one metric id/);
});

test('Logs Insights queries filter on the hooks\' own log fields', () => {
  expect(lambdaHookQuery('api')).toEqual([
    'fields @timestamp, phase, deploymentId, currentVersion, targetVersion, status, reported, reason',
    'filter message = "lifecycle hook finished" and functionName = "api"',
    'sort @timestamp desc',
    'limit 100',
  ]);
  expect(serviceHookQuery('arn:aws:ecs:eu-west-1:123456789012:service/c/s')).toEqual([
    'fields @timestamp, stage, hookStatus, serviceDeploymentArn, targetServiceRevisionArn, reason',
    'filter serviceArn = "arn:aws:ecs:eu-west-1:123456789012:service/c/s" and (hookStatus = "SUCCEEDED" or hookStatus = "FAILED")',
    'sort @timestamp desc',
    'limit 100',
  ]);
  expect(lambdaHookQuery('a"b\\c')[1]).toBe('filter message = "lifecycle hook finished" and functionName = "a\\"b\\\\c"');
});
