import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { dashboardBody, dashboards, expressions, plainMetrics, widget } from './support';
import { ServiceDashboard } from '../../src/dashboards';
import { MAX_METRICS_PER_WIDGET } from '../../src/dashboards/layout';
import { orders } from '../multi-az-service/support';
import { agnosticStack, envStack } from '../support/app';
import { cfnLint } from '../support/cfn-lint';

const LB = '<GetAtt OrdersLoadBalancerB992A266.LoadBalancerFullName>';
const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

function ids(stack: Stack) {
  const t = Template.fromStack(stack);
  const one = (type: string, prefix: string) => {
    const found = Object.keys(t.findResources(type)).filter((id) => id.startsWith(prefix));
    if (found.length !== 1) throw new Error(`expected one ${type} ${prefix}, got ${found.join(', ')}`);
    return found[0];
  };
  return {
    lb: `<GetAtt ${one('AWS::ElasticLoadBalancingV2::LoadBalancer', 'OrdersLoadBalancer')}.LoadBalancerFullName>`,
    blue: `<GetAtt ${one('AWS::ElasticLoadBalancingV2::TargetGroup', 'OrdersBlueTargetGroup')}.TargetGroupFullName>`,
    green: () => `<GetAtt ${one('AWS::ElasticLoadBalancingV2::TargetGroup', 'OrdersGreenTargetGroup')}.TargetGroupFullName>`,
    service: one('AWS::ECS::Service', 'OrdersService'),
    alarms: Object.keys(t.findResources('AWS::CloudWatch::Alarm')).filter((id) => id.startsWith('OrdersAlarms')),
    hookLogs: () => one('AWS::Logs::LogGroup', 'MultiAzServiceVerifyHook'),
    cluster: one('AWS::ECS::Cluster', 'MultiAzServiceNetworkCluster'),
  };
}

describe('MultiAzService dashboard', () => {
  test('none by default', () => {
    const service = orders(envStack());
    expect(service.dashboard).toBeUndefined();
    expect(Object.keys(dashboards(Stack.of(service)))).toEqual([]);
  });

  test('dashboard: true defines one dashboard, the widgets in a fixed layout', () => {
    const service = orders(envStack(), { dashboard: true });
    expect(service.dashboard).toBeInstanceOf(cloudwatch.Dashboard);
    const { body, properties } = dashboardBody(Stack.of(service), 'OrdersDashboard');
    expect(properties.DashboardName).toBeUndefined();
    expect(body.widgets.map((w: any) => [w.type, w.properties.title ?? '(text)', w.x, w.y, w.width, w.height])).toEqual([
      ['text', '(text)', 0, 0, 24, 2],
      ['metric', 'Requests per zone', 0, 2, 6, 6],
      ['metric', '5xx rate (%) per zone', 6, 2, 6, 6],
      ['metric', 'p99 target response time (s) per zone', 12, 2, 6, 6],
      ['metric', 'Healthy targets per zone', 18, 2, 6, 6],
      ['metric', 'Requests per target group', 0, 8, 6, 6],
      ['metric', 'Error rate (%) per target group (5xx + connection errors)', 6, 8, 6, 6],
      ['metric', 'p99 target response time (s) per target group', 12, 8, 6, 6],
      ['metric', 'Healthy and unhealthy targets per target group', 18, 8, 6, 6],
      ['metric', 'CPU and memory utilization (%)', 0, 14, 8, 6],
      ['metric', 'Running and desired tasks (Container Insights)', 8, 14, 8, 6],
      ['alarm', 'Rollback alarms', 16, 14, 8, 6],
      ['log', 'Verification hook: how each lifecycle stage of each deployment ended (newest first)', 0, 20, 24, 6],
    ]);
    expect(body.widgets[0].properties.markdown).toContain('3 zones; plan: 3 tasks (1 per zone), 2 after losing a zone, baseline 2, at most 9.');
  });

  test('per zone: requests, 5xx rate (own metric ids per zone), p99 and healthy targets over both target groups, with thresholds and the plan', () => {
    const stack = envStack();
    const service = orders(stack, { dashboard: true, serverErrorRatePercent: 3, baselineTasks: 4 });
    const r = ids(stack);
    expect(r.lb).toBe(LB);
    const { body } = dashboardBody(Stack.of(service), 'OrdersDashboard');
    const label = (i: number) => `zone ${i + 1} (${ZONES[i]})`;

    expect(plainMetrics(widget(body, 'Requests per zone'))).toEqual(ZONES.map((zone, i) => ({
      namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimensions: { AvailabilityZone: zone, LoadBalancer: LB }, options: { label: label(i), period: 60, stat: 'Sum' },
    })));

    const rate = widget(body, '5xx rate (%) per zone');
    expect(expressions(rate)).toEqual(ZONES.map((_, i) => ({
      label: label(i), expression: `IF(requests_z${i} >= 20, 100 * (FILL(target5xx_z${i}, 0) + FILL(elb5xx_z${i}, 0)) / requests_z${i}, 0)`, period: 60,
    })));
    expect(plainMetrics(rate).map((m) => [m.metricName, m.dimensions.AvailabilityZone, m.options.id])).toEqual(ZONES.flatMap((zone, i) => [
      ['RequestCount', zone, `requests_z${i}`], ['HTTPCode_Target_5XX_Count', zone, `target5xx_z${i}`], ['HTTPCode_ELB_5XX_Count', zone, `elb5xx_z${i}`],
    ]));
    expect(rate.properties.annotations.horizontal).toEqual([{ label: 'rollback threshold', value: 3, color: '#d62728', yAxis: 'left' }]);

    const latency = widget(body, 'p99 target response time (s) per zone');
    expect(plainMetrics(latency).map((m) => [m.metricName, m.dimensions, m.options.stat])).toEqual(ZONES.map((zone) => ['TargetResponseTime', { AvailabilityZone: zone, LoadBalancer: LB }, 'p99']));
    expect(latency.properties.annotations.horizontal).toEqual([{ label: 'rollback threshold', value: 1, color: '#d62728', yAxis: 'left' }]);

    const healthy = widget(body, 'Healthy targets per zone');
    expect(expressions(healthy)).toEqual(ZONES.map((_, i) => ({ label: label(i), expression: `FILL(healthy0_z${i}, 0) + FILL(healthy1_z${i}, 0)`, period: 60 })));
    expect(plainMetrics(healthy).map((m) => [m.metricName, m.dimensions, m.options.id, m.options.stat])).toEqual(ZONES.flatMap((zone, i) => [
      ['HealthyHostCount', { AvailabilityZone: zone, LoadBalancer: LB, TargetGroup: r.blue }, `healthy0_z${i}`, 'Maximum'],
      ['HealthyHostCount', { AvailabilityZone: zone, LoadBalancer: LB, TargetGroup: r.green() }, `healthy1_z${i}`, 'Maximum'],
    ]));
    // baseline 4 over 3 zones: 6 tasks, 2 per zone
    expect(healthy.properties.annotations.horizontal).toEqual([{ value: 2, label: 'plan: 2 per zone', color: '#2ca02c', yAxis: 'left' }]);
  });

  test('per target group: the old and the new revision side by side, with the target-group thresholds', () => {
    const stack = envStack();
    const service = orders(stack, { dashboard: true, unhealthyHostThreshold: 2 });
    const r = ids(stack);
    const { body } = dashboardBody(Stack.of(service), 'OrdersDashboard');
    const tgs = [['Blue', r.blue], ['Green', r.green()]];
    expect(plainMetrics(widget(body, 'Requests per target group')).map((m) => [m.metricName, m.dimensions, m.options.label]))
      .toEqual(tgs.map(([label, tg]) => ['RequestCount', { LoadBalancer: LB, TargetGroup: tg }, label]));
    const errors = widget(body, 'Error rate (%) per target group (5xx + connection errors)');
    expect(expressions(errors)).toEqual(tgs.map(([label], t) => ({
      label, expression: `IF(requests_tg${t} >= 20, 100 * (FILL(target5xx_tg${t}, 0) + FILL(connectionErrors_tg${t}, 0)) / requests_tg${t}, 0)`, period: 60,
    })));
    expect(plainMetrics(errors).map((m) => [m.metricName, m.dimensions.TargetGroup, m.options.id])).toEqual(tgs.flatMap(([, tg], t) => [
      ['RequestCount', tg, `requests_tg${t}`], ['HTTPCode_Target_5XX_Count', tg, `target5xx_tg${t}`], ['TargetConnectionErrorCount', tg, `connectionErrors_tg${t}`],
    ]));
    expect(errors.properties.annotations.horizontal).toEqual([{ label: 'rollback threshold', value: 5, color: '#d62728', yAxis: 'left' }]);
    expect(plainMetrics(widget(body, 'p99 target response time (s) per target group')).map((m) => [m.dimensions.TargetGroup, m.options.label, m.options.stat]))
      .toEqual([[r.blue, 'Blue', 'p99'], [r.green(), 'Green', 'p99']]);
    const hosts = widget(body, 'Healthy and unhealthy targets per target group');
    expect(plainMetrics(hosts).map((m) => [m.metricName, m.dimensions.TargetGroup, m.options.label])).toEqual([
      ['HealthyHostCount', r.blue, 'Blue healthy'], ['UnHealthyHostCount', r.blue, 'Blue unhealthy'],
      ['HealthyHostCount', r.green(), 'Green healthy'], ['UnHealthyHostCount', r.green(), 'Green unhealthy'],
    ]);
    expect(hosts.properties.annotations.horizontal).toEqual([{ label: 'rollback at (unhealthy, all target groups)', value: 2, color: '#d62728', yAxis: 'left' }]);
  });

  test('the service: CPU and memory with the scaling target, running and desired tasks against the plan', () => {
    const stack = envStack();
    const service = orders(stack, { dashboard: true, targetCpuUtilizationPercent: 70, baselineTasks: 4, maxTasks: 12 });
    const r = ids(stack);
    const { body } = dashboardBody(Stack.of(service), 'OrdersDashboard');
    const dims = { ClusterName: `<Ref ${r.cluster}>`, ServiceName: `<GetAtt ${r.service}.Name>` };
    const cpu = widget(body, 'CPU and memory utilization (%)');
    expect(plainMetrics(cpu).map((m) => [m.namespace, m.metricName, m.dimensions, m.options.label])).toEqual([
      ['AWS/ECS', 'CPUUtilization', dims, 'CPU'], ['AWS/ECS', 'MemoryUtilization', dims, 'Memory'],
    ]);
    expect(cpu.properties.annotations.horizontal).toEqual([{ value: 70, label: 'autoscaling target 70% CPU', color: '#ff7f0e', yAxis: 'left' }]);
    const tasks = widget(body, 'Running and desired tasks (Container Insights)');
    expect(plainMetrics(tasks).map((m) => [m.namespace, m.metricName, m.dimensions, m.options.label])).toEqual([
      ['ECS/ContainerInsights', 'RunningTaskCount', dims, 'running'], ['ECS/ContainerInsights', 'DesiredTaskCount', dims, 'desired'],
    ]);
    expect(tasks.properties.annotations.horizontal.map((a: any) => [a.value, a.label])).toEqual([
      [6, 'plan minimum 6'], [4, 'after losing a zone 4'], [12, 'maximum 12'],
    ]);
  });

  test('the alarm widget shows every rollback alarm; the hook widget this service\'s verdicts', () => {
    const stack = envStack();
    const service = orders(stack, { dashboard: true });
    const r = ids(stack);
    const { body } = dashboardBody(Stack.of(service), 'OrdersDashboard');
    expect(r.alarms).toHaveLength(13);
    // Every deployment alarm: the rollback alarms, then the per-zone outlier alarms (2 per zone).
    const deploymentAlarms = [...service.alarms.alarms, ...service.outlierAlarms!.alarms];
    expect(deploymentAlarms).toHaveLength(13 + 6);
    expect(widget(body, 'Rollback alarms').properties.alarms).toEqual(
      deploymentAlarms.map((a) => `<GetAtt ${Stack.of(service).resolve((a.node.defaultChild as cloudwatch.CfnAlarm).logicalId)}.Arn>`),
    );
    expect(widget(body, 'Rollback alarms').properties.alarms).toEqual(expect.arrayContaining(r.alarms.map((id) => `<GetAtt ${id}.Arn>`)));
    expect(widget(body, 'Verification hook: how each lifecycle stage of each deployment ended (newest first)').properties.query).toBe(
      `SOURCE '<Ref ${r.hookLogs()}>' | fields @timestamp, stage, hookStatus, serviceDeploymentArn, targetServiceRevisionArn, reason\n`
      + `| filter serviceArn = "<Ref ${r.service}>" and (hookStatus = "SUCCEEDED" or hookStatus = "FAILED")\n| sort @timestamp desc\n| limit 100`,
    );
  });

  test('rolling: one target group, no hook widget', () => {
    const stack = envStack();
    const service = orders(stack, { dashboard: true, rolling: true });
    const r = ids(stack);
    const { body } = dashboardBody(Stack.of(service), 'OrdersDashboard');
    expect(plainMetrics(widget(body, 'Requests per target group')).map((m) => [m.dimensions.TargetGroup, m.options.label])).toEqual([[r.blue, 'Blue']]);
    expect(expressions(widget(body, 'Healthy targets per zone')).map((e) => e.expression)).toEqual(ZONES.map((_, i) => `FILL(healthy0_z${i}, 0)`));
    expect(body.widgets.map((w: any) => w.type)).not.toContain('log');
  });

  test('break-glass skipVerification: no hook widget', () => {
    const service = orders(envStack(), { dashboard: true, breakGlass: { reason: 'INC-7', skipVerification: true } });
    expect(dashboardBody(Stack.of(service), 'OrdersDashboard').body.widgets.map((w: any) => w.type)).not.toContain('log');
  });

  test('environment-agnostic stack: one line per zone index, the zone names filled in at deploy time', () => {
    const service = orders(agnosticStack(), { dashboard: true });
    const { body } = dashboardBody(Stack.of(service), 'OrdersDashboard');
    const requests = plainMetrics(widget(body, 'Requests per zone'));
    expect(requests.map((m) => [m.dimensions.AvailabilityZone, m.options.label])).toEqual([
      ['<Select 0>', 'zone 1 (<Select 0>)'], ['<Select 1>', 'zone 2 (<Select 1>)'],
    ]);
    expect(expressions(widget(body, '5xx rate (%) per zone')).map((e) => e.label)).toEqual(['zone 1 (<Select 0>)', 'zone 2 (<Select 1>)']);
  });

  test('dashboardName names the dashboard', () => {
    const service = orders(envStack(), { dashboard: true, dashboardName: 'orders' });
    expect(dashboardBody(Stack.of(service), 'OrdersDashboard').properties.DashboardName).toBe('orders');
  });

  test('fails when dashboardName is not a valid dashboard name', () => {
    expect(() => orders(envStack(), { dashboard: true, dashboardName: 'a'.repeat(256) })).toThrow(/dashboardName must be 1 to 255 characters.*\(256 characters\)/);
  });

  test('fails when dashboardName is given without dashboard: true', () => {
    expect(() => orders(envStack(), { dashboardName: 'orders' })).toThrow(/dashboardName is 'orders' but dashboard is not true/);
  });

  test('stays within the CloudWatch dashboard limits with 6 zones', () => {
    const service = orders(envStack(6), { dashboard: true, zones: 6 });
    const { text, body } = dashboardBody(Stack.of(service), 'OrdersDashboard');
    const perWidget = body.widgets.map((w: any) => w.properties.metrics?.length ?? 0);
    expect(perWidget).toEqual([0, 6, 24, 6, 18, 2, 8, 2, 4, 2, 2, 0, 0]);
    expect(Math.max(...perWidget)).toBeLessThanOrEqual(MAX_METRICS_PER_WIDGET);
    expect(widget(body, 'Rollback alarms').properties.alarms).toHaveLength(3 + 4 + 12 + 12); // regional, per target group, per zone, outlier (2 per zone)
    // No size limit is documented for DashboardBody; measured with placeholders for references.
    expect(perWidget.reduce((a: number, b: number) => a + b, 0)).toBe(74);
    expect(text.length).toBeLessThan(25_000);
  });

  test('cfn-lint finds no errors in a stack with the dashboard', () => {
    const stack = envStack();
    orders(stack, { dashboard: true, dashboardName: 'orders' });
    expect(cfnLint(Template.fromStack(stack).toJSON())).toEqual({ errors: 0, errorLines: [] });
  });
});

describe('ServiceDashboard on its own', () => {
  test('fails when targetGroups are not the target groups the alarms watch', () => {
    const stack = envStack();
    const service = orders(stack);
    expect(() => new ServiceDashboard(stack, 'Dash', {
      service: service.service,
      loadBalancer: service.loadBalancer,
      targetGroups: [service.blueTargetGroup],
      alarms: service.alarms,
      availabilityZones: service.availabilityZones,
    })).toThrow(/targetGroups lists 1 target group\(s\) but alarms watches 2 \(Blue, Green\)/);
  });

  test('fails when targetCpuUtilizationPercent is not a percentage', () => {
    const stack = envStack();
    const service = orders(stack);
    expect(() => new ServiceDashboard(stack, 'Dash', {
      service: service.service,
      loadBalancer: service.loadBalancer,
      targetGroups: [service.blueTargetGroup, service.greenTargetGroup],
      alarms: service.alarms,
      availabilityZones: service.availabilityZones,
      targetCpuUtilizationPercent: 0,
    })).toThrow(/targetCpuUtilizationPercent must be a percentage above 0 and at most 100, got 0/);
  });

  test('without a capacity plan, a CPU target or hook logs: no plan lines, no log widget', () => {
    const stack = envStack();
    const service = orders(stack);
    new ServiceDashboard(stack, 'Dash', {
      service: service.service,
      loadBalancer: service.loadBalancer,
      targetGroups: [service.blueTargetGroup, service.greenTargetGroup],
      alarms: service.alarms,
      availabilityZones: service.availabilityZones,
    });
    const { body } = dashboardBody(stack, 'Dash');
    expect(widget(body, 'Healthy targets per zone').properties.annotations).toBeUndefined();
    expect(widget(body, 'Running and desired tasks (Container Insights)').properties.annotations).toBeUndefined();
    expect(widget(body, 'CPU and memory utilization (%)').properties.annotations).toBeUndefined();
    expect(body.widgets.map((w: any) => w.type)).not.toContain('log');
  });
});
