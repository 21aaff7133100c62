import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { dashboardLimitViolations } from '../../src/dashboards/layout';
import { LateAlarmStatusWidget, widgetCounts, withUniqueIds } from '../../src/dashboards/widgets';
import { envStack } from '../support/app';

const metric = (name: string) => new cloudwatch.Metric({ namespace: 'NS', metricName: name });

test('widgetCounts counts every metric and expression a widget renders, hidden ones included', () => {
  const rate = new cloudwatch.MathExpression({ expression: 'a / b', usingMetrics: { a: metric('A'), b: metric('B') } });
  const counts = widgetCounts([
    new cloudwatch.TextWidget({ markdown: 'x' }),
    new cloudwatch.GraphWidget({ title: 'rate', left: [rate, metric('C')] }),
  ]);
  expect(counts).toEqual([{ title: 'text', metrics: 0 }, { title: 'rate', metrics: 4 }]);
});

test('the limit check of a dashboard catches a graph with too many metrics', () => {
  const left = Array.from({ length: 501 }, (_, i) => metric(`M${i}`));
  expect(dashboardLimitViolations(widgetCounts([new cloudwatch.GraphWidget({ title: 'wide', left })])))
    .toEqual(["widget 'wide' uses 501 metrics and expressions, more than CloudWatch's 500 per widget"]);
});

test('LateAlarmStatusWidget reads its alarms when rendered, at the position the layout gave it', () => {
  const stack = envStack();
  const alarms: cloudwatch.IAlarm[] = [];
  const w = new LateAlarmStatusWidget('Rollback alarms', () => alarms, 8, 6);
  const alarm = new cloudwatch.Alarm(stack, 'A', { metric: metric('A'), threshold: 1, evaluationPeriods: 1, alarmName: 'a' });
  alarms.push(alarm);
  w.position(16, 8);
  const [json] = stack.resolve(w.toJson());
  expect(json).toEqual({
    type: 'alarm',
    width: 8,
    height: 6,
    x: 16,
    y: 8,
    properties: { title: 'Rollback alarms', alarms: [{ 'Fn::GetAtt': [stack.resolve((alarm.node.defaultChild as cloudwatch.CfnAlarm).logicalId), 'Arn'] }] },
  });
});

test('withUniqueIds renames the ids of an expression and of the expressions inside it; a plain metric stays as is', () => {
  const inner = new cloudwatch.MathExpression({ expression: 'a - b', usingMetrics: { a: metric('A'), b: metric('B') } });
  const outer = new cloudwatch.MathExpression({ expression: 'IF(d > 0, a / d, 0)', usingMetrics: { a: metric('A'), d: inner } });
  const renamed = withUniqueIds(outer, 'z1', 'zone 1') as cloudwatch.MathExpression;
  expect(renamed.expression).toBe('IF(d_z1 > 0, a_z1 / d_z1, 0)');
  expect(renamed.label).toBe('zone 1');
  expect(Object.keys(renamed.usingMetrics)).toEqual(['a_z1', 'd_z1']);
  expect((renamed.usingMetrics.d_z1 as cloudwatch.MathExpression).expression).toBe('a_z1 - b_z1');
  const plain = metric('P');
  expect(withUniqueIds(plain, 'z1')).toBe(plain);
});

test('LateAlarmStatusWidget without alarms renders a text widget in its place (an alarm-status widget takes 1 to 100 alarms)', () => {
  const w = new LateAlarmStatusWidget('Rollback alarms', () => [], 8, 6);
  w.position(16, 8);
  expect(w.toJson()).toEqual([{ type: 'text', width: 8, height: 6, x: 16, y: 8, properties: { markdown: '### Rollback alarms\n\nNo rollback alarms.' } }]);
});

test('widgetCounts counts the alarms of an alarm-status widget', () => {
  const stack = envStack();
  const alarms = Array.from({ length: 3 }, (_, i) => new cloudwatch.Alarm(stack, `A${i}`, { metric: metric(`A${i}`), threshold: 1, evaluationPeriods: 1 }));
  expect(widgetCounts([new LateAlarmStatusWidget('Rollback alarms', () => alarms, 8, 6)])).toEqual([{ title: 'Rollback alarms', metrics: 0, alarms: 3 }]);
});
