import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { only, orders } from './support';
import { MultiAzService } from '../../src/multi-az-service';
import { TrafficShift } from '../../src/traffic';
import { Owner, ownerOf } from '../security/ownership';
import { synthFindings } from '../security/validators';
import { agnosticStack, envStack } from '../support/app';
import { cfnLint } from '../support/cfn-lint';

const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
const logicalId = (alarm: cloudwatch.IAlarm) => Stack.of(alarm).getLogicalId(alarm.node.defaultChild as cloudwatch.CfnAlarm);

/** The logical IDs of every alarm an EventBridge rule of the template matches by ARN. */
function alarmsMatchedByRules(template: Template): string[] {
  return Object.values(template.findResources('AWS::Events::Rule'))
    .flatMap((rule: any) => rule.Properties.EventPattern.resources.map((arn: any) => arn['Fn::GetAtt'][0]));
}

describe('outlier alarms of a MultiAzService', () => {
  test('on by default: two per zone, listed after the rollback alarms in the deployment alarms, created before the service', () => {
    const stack = envStack(3);
    const service = orders(stack);
    const template = Template.fromStack(stack);
    const outliers = service.outlierAlarms!;
    expect(outliers.zones.map((z) => z.zone)).toEqual(ZONES);
    expect(outliers.alarmNamePrefix).toMatch(/^TestStack-Orders-OutlierAlarms-[0-9a-f]+$/);
    const names = only(template, 'AWS::ECS::Service').DeploymentConfiguration.Alarms.AlarmNames;
    expect(names).toEqual([...service.alarms.alarmNames, ...ZONES.flatMap((z) => [`${outliers.alarmNamePrefix}-${z}-OutlierErrorRate`, `${outliers.alarmNamePrefix}-${z}-OutlierLatencyP99`])]);
    const serviceResource = Object.values(template.findResources('AWS::ECS::Service'))[0] as any;
    for (const alarm of outliers.alarms) expect(serviceResource.DependsOn).toContain(logicalId(alarm));
    // The same evaluation window as the rollback alarms.
    for (const alarm of outliers.alarms) {
      expect(template.toJSON().Resources[logicalId(alarm)].Properties).toMatchObject({ EvaluationPeriods: 3, DatapointsToAlarm: 2, Threshold: 1 });
    }
    // No zonal shift on outliers unless asked for.
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 0);
    template.resourceCountIs('AWS::Events::Rule', 0);
    expect(service.zonalShiftOnOutlier).toBeUndefined();
    expect(serviceResource.Metadata['cdk-safe-deploy:zonal-outlier-alarms']).toBeUndefined();
  });

  test('zonalOutlier options and the service\'s minimumRequests reach the expressions', () => {
    const stack = envStack(3);
    const service = orders(stack, { minimumRequests: 50, zonalOutlier: { errorRateFactor: 4, minimumLatency: Duration.millis(800) } });
    const template = Template.fromStack(stack);
    const [zone] = service.outlierAlarms!.zones;
    const expressionOf = (alarm: cloudwatch.IAlarm) =>
      template.toJSON().Resources[logicalId(alarm)].Properties.Metrics.find((m: any) => m.Expression).Expression;
    expect(expressionOf(zone.errorRateAlarm)).toContain('FILL(zoneRequests, 0) >= 50');
    expect(expressionOf(zone.errorRateAlarm)).toContain('> 4 * (FILL(allTarget5xx, 0)');
    expect(expressionOf(zone.latencyAlarm)).toContain('FILL(latency0, 0) > 0.8 AND');
  });

  test('enabled: false removes them from the deployment alarms, recorded in metadata and as a warning', () => {
    const stack = envStack(3);
    const service = orders(stack, { zonalOutlier: { enabled: false } });
    const template = Template.fromStack(stack);
    expect(service.outlierAlarms).toBeUndefined();
    template.resourceCountIs('AWS::CloudWatch::Alarm', service.alarms.alarmNames.length);
    const serviceResource = Object.values(template.findResources('AWS::ECS::Service'))[0] as any;
    expect(serviceResource.Properties.DeploymentConfiguration.Alarms.AlarmNames).toEqual(service.alarms.alarmNames);
    expect(serviceResource.Metadata['cdk-safe-deploy:zonal-outlier-alarms']).toBe('off');
    Annotations.fromStack(stack).hasWarning('/TestStack/Orders', Match.stringLikeRegexp('zonalOutlier.enabled is false.*\\[ack: cdk-safe-deploy:zonalOutlierAlarmsOff\\]'));
  });

  test('environment-agnostic stack: no outlier alarms, a warning, the rollback alarms stay', () => {
    const stack = agnosticStack();
    const service = orders(stack);
    expect(service.outlierAlarms!.alarmNames).toEqual([]);
    Annotations.fromStack(stack).hasWarning('/TestStack/Orders/OutlierAlarms', Match.stringLikeRegexp('cdk-safe-deploy:zonalOutlierAlarmsSkipped'));
    const names = only(Template.fromStack(stack), 'AWS::ECS::Service').DeploymentConfiguration.Alarms.AlarmNames;
    expect(names).toEqual(service.alarms.alarmNames);
  });

  test('break-glass ignoreAlarms: the outlier alarms stay, ECS watches none', () => {
    const stack = envStack(3);
    const service = orders(stack, { breakGlass: { reason: 'INC-1', ignoreAlarms: true } });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', service.alarms.alarmNames.length + 6);
    expect(only(template, 'AWS::ECS::Service').DeploymentConfiguration.Alarms.AlarmNames).toEqual([]);
  });
});

describe('zonalShiftOnOutlier', () => {
  function shifting(props: Partial<ConstructorParameters<typeof MultiAzService>[2]> = {}) {
    const stack = envStack(3);
    const service = orders(stack, { zonalShiftOnOutlier: {}, ...props });
    return { stack, service, template: Template.fromStack(stack) };
  }

  test('one rule per zone, each matching that zone\'s two outlier alarms only', () => {
    const { service, template } = shifting();
    const shift = service.zonalShiftOnOutlier!;
    expect(shift.rules).toHaveLength(3);
    expect(shift.expiresIn).toBe('1h');
    const patterns = Object.values(template.findResources('AWS::Events::Rule')).map((rule: any) => rule.Properties.EventPattern.resources);
    expect(patterns).toEqual(service.outlierAlarms!.zones.map((z) => [
      { 'Fn::GetAtt': [logicalId(z.errorRateAlarm), 'Arn'] },
      { 'Fn::GetAtt': [logicalId(z.latencyAlarm), 'Arn'] },
    ]));
  });

  test('practice-run and rollback alarms never start a shift: only the outlier alarms match', () => {
    const { service, template } = shifting({ trafficShift: TrafficShift.canary(10, Duration.minutes(5)), zonalAutoshift: {} });
    const autoshift = service.zonalAutoshift!;
    const matched = alarmsMatchedByRules(template);
    expect(matched.sort()).toEqual(service.outlierAlarms!.alarms.map(logicalId).sort());
    const practiceRun = [autoshift.deploymentInProgressAlarm, autoshift.outcomeAlarm, autoshift.blockingAlarm];
    for (const alarm of [...practiceRun, ...service.alarms.alarms]) {
      expect(matched).not.toContain(logicalId(alarm));
    }
    // And no rule matches alarms by anything but their ARN (no name prefix, no wildcard).
    for (const rule of Object.values(template.findResources('AWS::Events::Rule')) as any[]) {
      expect(Object.keys(rule.Properties.EventPattern).sort()).toEqual(['detail', 'detail-type', 'resources', 'source']);
      expect(rule.Properties.EventPattern.detail).toEqual({ state: { value: ['ALARM'] } });
    }
  });

  test('starts the shift on the service\'s load balancer; the log group keeps the service\'s logRetention', () => {
    const { stack, service, template } = shifting({
      logRetention: logs.RetentionDays.TWO_YEARS,
      zonalShiftOnOutlier: { expiresIn: Duration.minutes(30) },
    });
    const lbId = stack.getLogicalId(service.loadBalancer.node.defaultChild as any);
    const roleId = stack.getLogicalId(service.zonalShiftOnOutlier!.stateMachine.role.node.defaultChild as any);
    const [policy] = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } })) as any[];
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual({ Effect: 'Allow', Action: 'arc-zonal-shift:StartZonalShift', Resource: { Ref: lbId } });
    const logGroupId = stack.getLogicalId(service.zonalShiftOnOutlier!.logGroup.node.defaultChild as any);
    expect(template.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBe(731);
    expect(JSON.stringify(only(template, 'AWS::StepFunctions::StateMachine').DefinitionString)).toContain('\\"ExpiresIn\\":\\"30m\\"');
    expect(service.describeDeployment()).toContain('  zonal shift: enabled (an outlier alarm starts one, expiring after 30m); zonal autoshift: off');
  });

  test('fails when the outlier alarms are turned off', () => {
    expect(() => shifting({ zonalOutlier: { enabled: false } })).toThrow(/zonalShiftOnOutlier needs the per-zone outlier alarms, but zonalOutlier.enabled is false/);
  });

  test('fails when the zones are not known at synth', () => {
    expect(() => orders(agnosticStack(), { zonalShiftOnOutlier: {} })).toThrow(/zonalShiftOnOutlier needs the per-zone outlier alarms, but the zones are not known at synth/);
  });

  test('fails when expiresIn is beyond 72 hours', () => {
    expect(() => shifting({ zonalShiftOnOutlier: { expiresIn: Duration.hours(80) } })).toThrow(/zonalShiftOnOutlier.expiresIn must be a whole number of minutes from 1 minute to 72 hours/);
  });

  test('zonal autoshift starts no practice run while a zone is an outlier: the outlier alarms block it, beside the user\'s', () => {
    const stack = envStack(3);
    const own = new cloudwatch.Alarm(stack, 'Own', { alarmName: 'own', metric: new cloudwatch.Metric({ namespace: 'Own', metricName: 'M' }), threshold: 1, evaluationPeriods: 1 });
    const service = orders(stack, { zonalAutoshift: { blockingAlarms: [own] } });
    const template = Template.fromStack(stack);
    const autoshift = service.zonalAutoshift!;
    const composite = template.toJSON().Resources[stack.getLogicalId(autoshift.blockingAlarm.node.defaultChild as any)];
    const rule = JSON.stringify(composite.Properties.AlarmRule);
    for (const alarm of [autoshift.deploymentInProgressAlarm, own, ...service.outlierAlarms!.alarms]) {
      expect(rule).toContain(logicalId(alarm));
    }
    // The regional rollback alarms stay outcome alarms, not blocking ones.
    expect(rule).not.toContain(logicalId(service.alarms.serverErrorRateAlarm));
    // Turned off, the outlier alarms block nothing: the deployment-in-progress alarm blocks alone.
    const plain = orders(envStack(3), { zonalAutoshift: {}, zonalOutlier: { enabled: false } });
    expect(plain.zonalAutoshift!.blockingAlarm).toBe(plain.zonalAutoshift!.deploymentInProgressAlarm);
  });

  test('cfn-lint finds no error', () => {
    const { template } = shifting({ zonalAutoshift: {} });
    expect(cfnLint(template.toJSON())).toEqual({ errors: 0, errorLines: [] });
  });

  test('AwsSolutionsChecks: the zonal shift adds only the documented findings, the outlier alarms none', () => {
    const stack = envStack(3);
    const app = stack.node.root as App;
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    orders(stack, { zonalShiftOnOutlier: {} });
    const findings = synthFindings(app);
    const owner = ownerOf(app);
    expect(findings.filter((f) => f.acknowledgedAt !== undefined)).toEqual([]);
    expect(findings.filter((f) => owner(f.path) === Owner.USER)).toEqual([]);
    const fromShift = findings.filter((f) => f.path.includes('/ZonalShiftOnOutlier/'));
    // Explained in docs/security.md: the wildcards of DescribeAvailabilityZones (no resource-level permissions) and of log
    // delivery; no X-Ray tracing (it would add xray:* on *).
    expect([...new Set(fromShift.map((f) => f.rule))].sort()).toEqual(['AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-SF2']);
    expect(findings.filter((f) => f.path.includes('/OutlierAlarms/'))).toEqual([]);
  });
});
