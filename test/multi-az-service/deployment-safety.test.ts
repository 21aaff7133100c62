import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CfnScalableTarget } from 'aws-cdk-lib/aws-applicationautoscaling';
import { only, orders } from './support';
import { MultiAzServiceProps } from '../../src/multi-az-service';
import { evaluateTemplate } from '../../src/policy/rules';
import { TrafficShift } from '../../src/traffic';
import { envStack } from '../support/app';

function synth(props: Partial<MultiAzServiceProps> = {}) {
  const stack = envStack(3);
  const service = orders(stack, props);
  const template = Template.fromStack(stack);
  const serviceResource = Object.values(template.findResources('AWS::ECS::Service'))[0] as any;
  return { stack, service, template, serviceResource };
}

describe('rollback alarms per target group', () => {
  test('the deployment alarms list an error-rate and a latency alarm for both the blue and the green target group', () => {
    const { service, serviceResource, template } = synth({ trafficShift: TrafficShift.canary(10, Duration.minutes(5)) });
    const names: string[] = serviceResource.Properties.DeploymentConfiguration.Alarms.AlarmNames;
    const prefix = service.alarms.alarmNamePrefix;
    for (const label of ['Blue', 'Green']) {
      expect(names).toContain(`${prefix}-${label}-ErrorRate`);
      expect(names).toContain(`${prefix}-${label}-LatencyP99`);
    }
    // The load-balancer-wide and per-zone alarms stay.
    expect(names).toEqual(expect.arrayContaining([`${prefix}-ServerErrorRate`, `${prefix}-eu-west-1a-ServerErrorRate`]));
    const dimensionsOf = (name: string) => JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: name } }))[0]);
    expect(dimensionsOf(`${prefix}-Blue-ErrorRate`)).toMatch(/OrdersBlueTargetGroup[0-9A-F]{8}","TargetGroupFullName/);
    expect(dimensionsOf(`${prefix}-Green-ErrorRate`)).toMatch(/OrdersGreenTargetGroup[0-9A-F]{8}","TargetGroupFullName/);
    expect(dimensionsOf(`${prefix}-Green-ErrorRate`)).toMatch(/TargetConnectionErrorCount/);
  });

  test('a rolling service watches its one target group', () => {
    const { service, serviceResource } = synth({ rolling: true });
    const names: string[] = serviceResource.Properties.DeploymentConfiguration.Alarms.AlarmNames;
    expect(service.alarms.targetGroupLabels).toEqual(['Blue']);
    expect(names.filter((n) => /-(Blue|Green)-/.test(n))).toEqual([`${service.alarms.alarmNamePrefix}-Blue-ErrorRate`, `${service.alarms.alarmNamePrefix}-Blue-LatencyP99`]);
  });
});

describe('canary shorter than its alarm', () => {
  test('warns when the canary step ends before its target group\'s alarm can fire', () => {
    const { stack } = synth({ trafficShift: TrafficShift.canary(10, Duration.minutes(1)) });
    Annotations.fromStack(stack).hasWarning('/TestStack/Orders', Match.stringLikeRegexp(
      'trafficShift: the canary step lasts 1 min, but its target group\'s rollback alarm needs at least 2 min \\(2 breaching periods of 1 min\\) to fire.*Use a canary interval of at least 2 min\\..*\\[ack: cdk-safe-deploy:canaryShorterThanAlarm\\]'));
  });

  test('no warning when the canary step lasts at least as long as the alarm needs', () => {
    const { stack } = synth({ trafficShift: TrafficShift.canary(10, Duration.minutes(2)) });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('canaryShorterThanAlarm'))).toEqual([]);
  });
});

describe('break-glass', () => {
  test('off by default: alarms wired, hook registered, no metadata, no warning', () => {
    const { stack, serviceResource, template } = synth();
    expect(serviceResource.Properties.DeploymentConfiguration.Alarms).toMatchObject({ Enable: true, Rollback: true });
    expect(Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) => id.startsWith('MultiAzServiceVerifyHook'))).toHaveLength(1);
    expect(serviceResource.Properties.DeploymentConfiguration.LifecycleHooks).toHaveLength(1);
    expect(serviceResource.Metadata?.['cdk-safe-deploy:break-glass']).toBeUndefined();
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('break-glass'))).toEqual([]);
  });

  test('ignoreAlarms takes the alarms out of the deployment configuration and keeps the circuit breaker and the hook', () => {
    const { serviceResource, template, service } = synth({ breakGlass: { reason: 'INC-1234: hotfix while the old revision trips Blue-ErrorRate', ignoreAlarms: true } });
    const config = serviceResource.Properties.DeploymentConfiguration;
    expect(config.Alarms).toEqual({ AlarmNames: [], Enable: false, Rollback: false });
    expect(config.DeploymentCircuitBreaker).toEqual({ Enable: true, Rollback: true });
    expect(config.LifecycleHooks).toHaveLength(1);
    // The alarms themselves stay, for dashboards and the next deployment.
    template.resourceCountIs('AWS::CloudWatch::Alarm', service.alarms.alarmNames.length + service.outlierAlarms!.alarmNames.length);
    expect(serviceResource.Metadata['cdk-safe-deploy:break-glass']).toEqual({
      ignoreAlarms: true,
      skipVerification: false,
      reason: 'INC-1234: hotfix while the old revision trips Blue-ErrorRate',
    });
  });

  test('skipVerification registers no verification hook and keeps the alarms', () => {
    const { serviceResource, template } = synth({ breakGlass: { reason: 'INC-1235: hook cannot reach the tasks', skipVerification: true } });
    const config = serviceResource.Properties.DeploymentConfiguration;
    expect(config.LifecycleHooks).toBeUndefined();
    expect(config.Alarms).toMatchObject({ Enable: true, Rollback: true });
    expect(Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) => id.startsWith('MultiAzServiceVerifyHook'))).toEqual([]);
    expect(Object.keys(template.findResources('AWS::IAM::Role')).filter((id) => id.includes('VerifyHookInvokeRole'))).toEqual([]);
    expect(serviceResource.Metadata['cdk-safe-deploy:break-glass']).toMatchObject({ ignoreAlarms: false, skipVerification: true });
  });

  test('warns with cdk-safe-deploy:breakGlass, naming what is off and why', () => {
    const { stack } = synth({ breakGlass: { reason: 'INC-1236', ignoreAlarms: true, skipVerification: true } });
    Annotations.fromStack(stack).hasWarning('/TestStack/Orders', Match.stringLikeRegexp(
      'break-glass is ON for TestStack/Orders \\(ON \\(alarms ignored, verification skipped\\): INC-1236\\)\\. The next deployment of this service is not protected; remove breakGlass right after it\\..*\\[ack: cdk-safe-deploy:breakGlass\\]'));
  });

  test('describeDeployment shows the switch, the unwatched alarms and the skipped verification', () => {
    const { service } = synth({ breakGlass: { reason: 'INC-1237', ignoreAlarms: true, skipVerification: true } });
    const text = service.describeDeployment();
    expect(text).toMatch(/circuit breaker rolls back \(deployment alarms off: break-glass\)/);
    expect(text).toMatch(/verification: skipped \(break-glass\)/);
    expect(text).toMatch(/rollback alarms \(19; NOT watched by ECS during this deployment \(break-glass\)\)/);
    expect(text).toMatch(/break-glass: ON \(alarms ignored, verification skipped\): INC-1237$/);
  });

  test('rolling services may ignore alarms', () => {
    const { serviceResource } = synth({ rolling: true, breakGlass: { reason: 'INC-1238', ignoreAlarms: true } });
    expect(serviceResource.Properties.DeploymentConfiguration.Alarms.Enable).toBe(false);
    expect(serviceResource.Properties.DeploymentConfiguration.DeploymentCircuitBreaker).toEqual({ Enable: true, Rollback: true });
  });
});

describe('describeDeployment lists the alarms by scope', () => {
  test('load balancer, each target group, each zone, with the alarm window', () => {
    const { service } = synth();
    const text = service.describeDeployment();
    const prefix = service.alarms.alarmNamePrefix;
    expect(text).toMatch(/rollback alarms \(19; any in ALARM rolls the deployment back; 2 of 3 periods of 1 min breaching, so at the earliest 2 min after a fault starts\):/);
    expect(text).toContain(`    load balancer (5xx rate, p99 latency, unhealthy targets):\n      - ${prefix}-ServerErrorRate`);
    expect(text).toContain(`    target group Blue (error rate and p99 latency of the revision it serves):\n      - ${prefix}-Blue-ErrorRate\n      - ${prefix}-Blue-LatencyP99`);
    expect(text).toContain(`    target group Green (error rate and p99 latency of the revision it serves):\n      - ${prefix}-Green-ErrorRate\n      - ${prefix}-Green-LatencyP99`);
    expect(text).toContain(`    per zone (5xx rate, p99 latency):\n      - ${prefix}-eu-west-1a-ServerErrorRate`);
    const outliers = service.outlierAlarms!.alarmNamePrefix;
    expect(text).toContain('    per zone, against the other zones (5xx rate and p99 latency outliers):\n'
      + `      - ${outliers}-eu-west-1a-OutlierErrorRate\n      - ${outliers}-eu-west-1a-OutlierLatencyP99`);
    expect(text).toContain('  zonal shift: enabled; zonal autoshift: off');
    expect(text).toMatch(/break-glass: off$/);
    expect(only(Template.fromStack(service.node.scope as any), 'AWS::ECS::Service').DeploymentConfiguration.Alarms.AlarmNames).toHaveLength(19);
  });
});

describe('declared baseline for the deployment-safety policy', () => {
  const capacityFindings = (template: Template) =>
    evaluateTemplate(template.toJSON(), { stackName: 'TestStack' }).filter((f) => f.rule === 'SafeDeploy-ECS-ZoneLossCapacity');

  test('the service resource carries its baseline, and the statically stable plan passes the capacity rule', () => {
    const { serviceResource, template } = synth({ baselineTasks: 4 });
    expect(serviceResource.Metadata?.['cdk-safe-deploy:baseline-tasks']).toBe(4);
    expect(capacityFindings(template)).toEqual([]);
  });

  test('a scalable-target minimum lowered below the plan (escape hatch) breaks the capacity rule against the baseline', () => {
    const stack = envStack(3);
    const service = orders(stack, { baselineTasks: 4 });
    const target = service.node.findAll().find((c) => c instanceof CfnScalableTarget) as CfnScalableTarget;
    // 3 tasks in 3 zones: losing a zone leaves 2, fewer than the declared baseline of 4 (but more than 1).
    target.minCapacity = 3;
    const template = Template.fromStack(stack);
    const findings = capacityFindings(template);
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toMatch(/declared baseline of 4/);
  });
});
