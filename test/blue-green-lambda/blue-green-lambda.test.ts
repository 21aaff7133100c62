import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { blueGreen, FUNCTION_PROPS, resourceOf } from './support';
import { TrafficShift } from '../../src/traffic';
import { CheckPhase } from '../../src/verification';
import {
  CONFIG_DIGEST_ENV, decodeHookConfigTags, hookConfigDigest, MANAGED_TAG_KEY, PHASE_ENV, HOOK_TIMEOUT_SECONDS,
} from '../../src/verification/lambda-hook/config';
import { envStack } from '../support/app';

function tagsOf(template: Template, prefix = 'ApiFunction'): Record<string, any> {
  const fn = resourceOf(template, 'AWS::Lambda::Function', prefix).resource;
  return Object.fromEntries((fn.Properties.Tags as Array<{ Key: string; Value: any }>).map((t) => [t.Key, t.Value]));
}

describe('versions and aliases', () => {
  const stack = envStack();
  const api = blueGreen({}, stack);
  const template = Template.fromStack(stack);
  const version = resourceOf(template, 'AWS::Lambda::Version', 'ApiFunctionCurrentVersion');

  test('publishes the current version of the function', () => {
    expect(version.id).toMatch(/^ApiFunctionCurrentVersion[0-9A-F]{8}[0-9a-f]{32}$/);
    expect(version.resource.Properties.FunctionName).toEqual({ Ref: resourceOf(template, 'AWS::Lambda::Function', 'ApiFunction').id });
    expect(api.version.node.path).toBe('TestStack/Api/Function/CurrentVersion');
  });

  test('the live alias is moved by CodeDeploy with both built-in hooks', () => {
    const alias = resourceOf(template, 'AWS::Lambda::Alias', 'ApiAlias').resource;
    expect(alias.Properties).toMatchObject({ Name: 'live', FunctionVersion: { 'Fn::GetAtt': [version.id, 'Version'] } });
    expect(alias.Properties.RoutingConfig).toBeUndefined();
    expect(alias.UpdatePolicy.CodeDeployLambdaAliasUpdate).toEqual({
      ApplicationName: { Ref: resourceOf(template, 'AWS::CodeDeploy::Application', 'SafeDeployLambdaResources').id },
      DeploymentGroupName: { Ref: resourceOf(template, 'AWS::CodeDeploy::DeploymentGroup', 'ApiDeploymentGroup').id },
      BeforeAllowTrafficHook: { Ref: resourceOf(template, 'AWS::Lambda::Function', 'SafeDeployLambdaResourcesPreTrafficHook').id },
      AfterAllowTrafficHook: { Ref: resourceOf(template, 'AWS::Lambda::Function', 'SafeDeployLambdaResourcesPostTrafficHook').id },
    });
  });

  test('the preview alias points at the newest version without routing or update policy', () => {
    const preview = resourceOf(template, 'AWS::Lambda::Alias', 'ApiPreviewAlias').resource;
    expect(preview.Properties).toMatchObject({ Name: 'preview', FunctionVersion: { 'Fn::GetAtt': [version.id, 'Version'] } });
    expect(preview.Properties.RoutingConfig).toBeUndefined();
    expect(preview.UpdatePolicy).toBeUndefined();
    expect(preview.Properties.ProvisionedConcurrencyConfig).toBeUndefined();
  });

  test('the live alias depends on the preview alias, the alarms, the deployment group, the hooks and CodeDeploy\'s invoke permission', () => {
    const dependsOn: string[] = resourceOf(template, 'AWS::Lambda::Alias', 'ApiAlias').resource.DependsOn;
    expect(dependsOn).toEqual(expect.arrayContaining([
      resourceOf(template, 'AWS::Lambda::Alias', 'ApiPreviewAlias').id,
      resourceOf(template, 'AWS::CloudWatch::Alarm', 'ApiAlarmsErrorRate').id,
      resourceOf(template, 'AWS::CloudWatch::Alarm', 'ApiAlarmsLatency').id,
      resourceOf(template, 'AWS::CloudWatch::Alarm', 'ApiAlarmsThrottles').id,
      resourceOf(template, 'AWS::CodeDeploy::DeploymentGroup', 'ApiDeploymentGroup').id,
      resourceOf(template, 'AWS::Lambda::Function', 'SafeDeployLambdaResourcesPreTrafficHook').id,
      resourceOf(template, 'AWS::Lambda::Function', 'SafeDeployLambdaResourcesPostTrafficHook').id,
      resourceOf(template, 'AWS::IAM::Policy', 'SafeDeployLambdaResourcesServiceRole').id,
    ]));
  });

  test('custom alias names', () => {
    const s = envStack();
    blueGreen({ liveAliasName: 'prod', previewAliasName: 'next' }, s);
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::Lambda::Alias', { Name: 'prod' });
    t.hasResourceProperties('AWS::Lambda::Alias', { Name: 'next' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Throttles',
      Dimensions: Match.arrayWith([{ Name: 'Resource', Value: { 'Fn::Join': [':', [Match.anyValue(), 'prod']] } }]),
    });
  });
});

describe('deployment group', () => {
  test('rolls back on failure, alarm and manual stop, watching the three version alarms', () => {
    const stack = envStack();
    blueGreen({}, stack);
    const template = Template.fromStack(stack);
    const group = resourceOf(template, 'AWS::CodeDeploy::DeploymentGroup', 'ApiDeploymentGroup').resource;
    expect(group.Properties.AutoRollbackConfiguration).toEqual({
      Enabled: true,
      Events: expect.arrayContaining(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM', 'DEPLOYMENT_STOP_ON_REQUEST']),
    });
    expect(group.Properties.AutoRollbackConfiguration.Events).toHaveLength(3);
    const alarmIds = ['ErrorRate', 'Latency', 'Throttles'].map((k) => resourceOf(template, 'AWS::CloudWatch::Alarm', `ApiAlarms${k}`).id);
    expect(group.Properties.AlarmConfiguration).toEqual({ Enabled: true, Alarms: alarmIds.map((id) => ({ Name: { Ref: id } })) });
    expect(group.DependsOn).toEqual(expect.arrayContaining(alarmIds));
    expect(group.Properties.DeploymentConfigName).toBe('CodeDeployDefault.LambdaAllAtOnce');
    expect(group.Properties.ServiceRoleArn).toEqual({ 'Fn::GetAtt': [resourceOf(template, 'AWS::IAM::Role', 'SafeDeployLambdaResourcesServiceRole').id, 'Arn'] });
  });

  test('addAlarm adds to the deployment group and the alias waits for it', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    const extra = new cloudwatch.Alarm(stack, 'Extra', { metric: api.metricErrors(), threshold: 1, evaluationPeriods: 1 });
    api.addAlarm(extra);
    const template = Template.fromStack(stack);
    const extraId = resourceOf(template, 'AWS::CloudWatch::Alarm', 'Extra').id;
    const group = resourceOf(template, 'AWS::CodeDeploy::DeploymentGroup', 'ApiDeploymentGroup').resource;
    expect(group.Properties.AlarmConfiguration.Alarms).toContainEqual({ Name: { Ref: extraId } });
    expect(resourceOf(template, 'AWS::Lambda::Alias', 'ApiAlias').resource.DependsOn).toContain(extraId);
    expect(api.rollbackAlarms).toHaveLength(4);
  });

  test.each([
    [TrafficShift.canary(10, Duration.minutes(5)), 'CodeDeployDefault.LambdaCanary10Percent5Minutes'],
    [TrafficShift.linear(10, Duration.minutes(1)), 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute'],
  ])('a plan that matches a predefined configuration uses it (%#)', (plan, name) => {
    const stack = envStack();
    blueGreen({ trafficShift: plan }, stack);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', { DeploymentConfigName: name });
    template.resourceCountIs('AWS::CodeDeploy::DeploymentConfig', 0);
  });

  test('identical custom plans share one DeploymentConfig per stack', () => {
    const stack = envStack();
    blueGreen({ trafficShift: TrafficShift.canary(20, Duration.minutes(7)) }, stack, 'A');
    blueGreen({ trafficShift: TrafficShift.canary(20, Duration.minutes(7)) }, stack, 'B');
    blueGreen({ trafficShift: TrafficShift.linear(25, Duration.minutes(4)) }, stack, 'C');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CodeDeploy::DeploymentConfig', 2);
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentConfig', {
      ComputePlatform: 'Lambda',
      TrafficRoutingConfig: { Type: 'TimeBasedCanary', TimeBasedCanary: { CanaryPercentage: 20, CanaryInterval: 7 } },
    });
    const canaryId = resourceOf(template, 'AWS::CodeDeploy::DeploymentConfig', 'SafeDeployCanary20').id;
    for (const g of ['A', 'B']) {
      expect(resourceOf(template, 'AWS::CodeDeploy::DeploymentGroup', `${g}DeploymentGroup`).resource.Properties.DeploymentConfigName).toEqual({ Ref: canaryId });
    }
  });
});

describe('rollback alarms', () => {
  const stack = envStack();
  const api = blueGreen({ timeout: Duration.seconds(10) }, stack);
  const template = Template.fromStack(stack);
  const versionId = resourceOf(template, 'AWS::Lambda::Version', 'ApiFunctionCurrentVersion').id;
  const fnId = resourceOf(template, 'AWS::Lambda::Function', 'ApiFunction').id;
  const versionDims = [
    { Name: 'ExecutedVersion', Value: { 'Fn::GetAtt': [versionId, 'Version'] } },
    { Name: 'FunctionName', Value: { Ref: fnId } },
    { Name: 'Resource', Value: { 'Fn::Join': [':', [{ Ref: fnId }, 'live']] } },
  ];
  const hash8 = versionId.slice(-32, -24);

  test('error rate: metric math over errors and invocations of the new version only', () => {
    const alarm = resourceOf(template, 'AWS::CloudWatch::Alarm', 'ApiAlarmsErrorRate');
    expect(alarm.resource.Properties).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
    });
    const metrics = alarm.resource.Properties.Metrics;
    expect(metrics[0].Expression).toBe('IF(FILL(invocations, 0) < 20, FILL(errors, 0) >= 3, 100 * FILL(errors, 0) / FILL(invocations, 0) >= 5)');
    for (const [id, name] of [['errors', 'Errors'], ['invocations', 'Invocations']]) {
      const m = metrics.find((x: any) => x.Id === id);
      expect(m.MetricStat).toEqual({ Metric: { Namespace: 'AWS/Lambda', MetricName: name, Dimensions: versionDims }, Period: 60, Stat: 'Sum' });
    }
  });

  test('p99 duration of the new version, 80% of the timeout by default', () => {
    const alarm = resourceOf(template, 'AWS::CloudWatch::Alarm', 'ApiAlarmsLatency').resource;
    expect(alarm.Properties).toMatchObject({
      MetricName: 'Duration',
      ExtendedStatistic: 'p99',
      Threshold: 8000,
      Dimensions: versionDims,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  test('throttles at the alias level (throttled requests execute no version)', () => {
    const alarm = resourceOf(template, 'AWS::CloudWatch::Alarm', 'ApiAlarmsThrottles').resource;
    expect(alarm.Properties).toMatchObject({ MetricName: 'Throttles', Statistic: 'Sum', Threshold: 10, Dimensions: versionDims.slice(1) });
  });

  test('logical IDs and names end in the version hash', () => {
    for (const [kind, suffix] of [['ErrorRate', 'error-rate'], ['Latency', 'p99-duration'], ['Throttles', 'throttles']]) {
      const alarm = resourceOf(template, 'AWS::CloudWatch::Alarm', `ApiAlarms${kind}`);
      expect(alarm.id.endsWith(hash8)).toBe(true);
      expect(alarm.resource.Properties.AlarmName).toEqual({ 'Fn::Join': ['-', [{ Ref: fnId }, `${hash8}-${suffix}`]] });
    }
  });

  test('thresholds are tunable', () => {
    const s = envStack();
    blueGreen({
      errorRateThresholdPercent: 2,
      minInvocationsForErrorRate: 50,
      lowTrafficErrorThreshold: 5,
      latencyThreshold: Duration.millis(900),
      throttlesThreshold: 3,
      alarmPeriod: Duration.minutes(5),
      alarmEvaluationPeriods: 3,
    }, s);
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      EvaluationPeriods: 3,
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'IF(FILL(invocations, 0) < 50, FILL(errors, 0) >= 5, 100 * FILL(errors, 0) / FILL(invocations, 0) >= 2)' })]),
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Duration', Threshold: 900, Period: 300, EvaluationPeriods: 3 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Throttles', Threshold: 3 });
  });

  test('metric helpers scope to one executed version (aws-cdk-lib #14248)', () => {
    const s = Stack.of(api);
    const old = lambda.Version.fromVersionAttributes(s, 'Old', { lambda: api.function, version: '7' });
    expect(s.resolve(api.metricErrors(old).dimensions)).toEqual({
      FunctionName: { Ref: fnId }, Resource: { 'Fn::Join': [':', [{ Ref: fnId }, 'live']] }, ExecutedVersion: '7',
    });
    expect(s.resolve(api.metricInvocations().dimensions).ExecutedVersion).toEqual({ 'Fn::GetAtt': [versionId, 'Version'] });
    expect(api.metricDuration().statistic).toBe('p99');
    expect(api.metricDuration(undefined, { statistic: 'Average' }).statistic).toBe('Average');
    expect(s.resolve(api.metricThrottles().dimensions)).toEqual({ FunctionName: { Ref: fnId }, Resource: { 'Fn::Join': [':', [{ Ref: fnId }, 'live']] } });
  });
});

describe('shared per-stack resources', () => {
  test.each([1, 3])('one application, service role and hook set for %i functions', (n) => {
    const stack = envStack();
    for (let i = 0; i < n; i++) blueGreen({}, stack, `Fn${i}`);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CodeDeploy::Application', 1);
    template.resourceCountIs('AWS::CodeDeploy::DeploymentGroup', n);
    template.resourceCountIs('AWS::Lambda::Function', n + 3);
    template.resourceCountIs('AWS::IAM::Role', n + 3);
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 2);
    // policies of the shared roles do not grow with the number of functions
    expect(policyBytes(template)).toBe(sharedPolicyBytes());
  });

  function policyBytes(template: Template): number {
    return Object.values(template.findResources('AWS::IAM::Policy')).map((p) => JSON.stringify(p).length).reduce((a, b) => a + b, 0);
  }

  function sharedPolicyBytes(): number {
    const stack = envStack();
    blueGreen({}, stack, 'Fn0');
    return policyBytes(Template.fromStack(stack));
  }

  test('hooks: phase env, 15-minute timeout, no async retries, on-failure reporter, own log groups', () => {
    const stack = envStack();
    blueGreen({}, stack);
    const template = Template.fromStack(stack);
    const reporter = resourceOf(template, 'AWS::Lambda::Function', 'SafeDeployLambdaResourcesReportFailure').id;
    for (const [id, phase] of [['PreTrafficHook', 'BeforeAllowTraffic'], ['PostTrafficHook', 'AfterAllowTraffic']]) {
      const fn = resourceOf(template, 'AWS::Lambda::Function', `SafeDeployLambdaResources${id}`);
      expect(fn.resource.Properties).toMatchObject({
        Timeout: HOOK_TIMEOUT_SECONDS,
        Runtime: 'nodejs22.x',
        Environment: { Variables: { [PHASE_ENV]: phase } },
        LoggingConfig: { LogGroup: { Ref: resourceOf(template, 'AWS::Logs::LogGroup', `SafeDeployLambdaResources${id}Logs`).id } },
      });
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: fn.id },
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: 3600,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [reporter, 'Arn'] } } },
      });
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  test('CodeDeploy role: the Limited managed policy and invoke of the two hooks only (unqualified, no :*)', () => {
    const stack = envStack();
    blueGreen({}, stack);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'codedeploy.amazonaws.com' } })] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited']] }],
    });
    const policy = resourceOf(template, 'AWS::IAM::Policy', 'SafeDeployLambdaResourcesServiceRole').resource;
    const hooks = ['PreTrafficHook', 'PostTrafficHook'].map((h) => resourceOf(template, 'AWS::Lambda::Function', `SafeDeployLambdaResources${h}`).id);
    expect(policy.Properties.PolicyDocument.Statement).toEqual([{
      Action: 'lambda:InvokeFunction',
      Effect: 'Allow',
      Resource: hooks.map((h) => ({ 'Fn::GetAtt': [h, 'Arn'] })),
    }]);
  });

  test('hook role: scoped to the application, tagged functions and alarms of the account, never *', () => {
    const stack = envStack();
    blueGreen({}, stack);
    const template = Template.fromStack(stack);
    const app = resourceOf(template, 'AWS::CodeDeploy::Application', 'SafeDeployLambdaResources').id;
    const statements = resourceOf(template, 'AWS::IAM::Policy', 'SafeDeployLambdaResourcesHookRole').resource.Properties.PolicyDocument.Statement;
    const arn = (service: string, rest: any[]) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:eu-west-1:123456789012:${rest[0]}`, ...rest.slice(1)]] });
    expect(statements).toEqual(expect.arrayContaining([
      {
        Action: ['codedeploy:PutLifecycleEventHookExecutionStatus', 'codedeploy:GetDeployment', 'codedeploy:GetDeploymentGroup'],
        Effect: 'Allow',
        Resource: arn('codedeploy', ['deploymentgroup:', { Ref: app }, '/*']),
      },
      { Action: 'codedeploy:GetApplicationRevision', Effect: 'Allow', Resource: arn('codedeploy', ['application:', { Ref: app }]) },
      {
        Action: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration', 'lambda:ListTags'],
        Effect: 'Allow',
        Resource: arn('lambda', ['function:*']),
        Condition: { StringEquals: { [`aws:ResourceTag/${MANAGED_TAG_KEY}`]: 'TestStackSafeDeployLambdaResources85BD4546' } },
      },
      { Action: 'cloudwatch:DescribeAlarms', Effect: 'Allow', Resource: arn('cloudwatch', ['alarm:*']) },
    ]));
    const everyResource = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Resource].flat()));
    expect(everyResource).not.toContain('*');
  });

  test('each function carries the hook-set tag the IAM condition checks', () => {
    const stack = envStack();
    blueGreen({}, stack);
    expect(tagsOf(Template.fromStack(stack))[MANAGED_TAG_KEY]).toBe('TestStackSafeDeployLambdaResources85BD4546');
  });
});

describe('checks in tags', () => {
  test('checks given in props and added later end up in the function tags, only their digest in the environment', () => {
    const stack = envStack();
    const api = blueGreen({ checks: [{ name: 'health', payload: { path: '/health' }, expectStatusCode: 200 }], bakeTime: Duration.minutes(3) }, stack);
    api.addCheck({ name: 'orders', phase: CheckPhase.AFTER_TRAFFIC, expectJson: { 'body.ok': true } });
    const template = Template.fromStack(stack);
    const config = decodeHookConfigTags(tagsOf(template));
    expect(config).toEqual({
      checks: [
        { name: 'health', phase: 'BeforeAllowTraffic', payload: { path: '/health' }, expectStatusCode: 200 },
        { name: 'orders', phase: 'AfterAllowTraffic', payload: {}, expectJson: { 'body.ok': true } },
      ],
      bakeSeconds: 180,
      skipVerification: false,
    });
    expect(resourceOf(template, 'AWS::Lambda::Function', 'ApiFunction').resource.Properties.Environment).toEqual({
      Variables: { [CONFIG_DIGEST_ENV]: hookConfigDigest(tagsOf(template)) },
    });
  });

  test('verification functions: ARN tag and an invoke grant for the hooks', () => {
    const stack = envStack();
    const verifier = new lambda.Function(stack, 'Verifier', FUNCTION_PROPS);
    const api = blueGreen({}, stack);
    api.addVerificationFunction({ name: 'e2e', function: verifier, phase: CheckPhase.AFTER_TRAFFIC });
    const template = Template.fromStack(stack);
    const verifierId = resourceOf(template, 'AWS::Lambda::Function', 'Verifier').id;
    expect(tagsOf(template)['cdk-safe-deploy:verifier:0']).toEqual({ 'Fn::GetAtt': [verifierId, 'Arn'] });
    expect(decodeHookConfigTags(tagsOf(template)).checks).toEqual([{ name: 'e2e', phase: 'AfterAllowTraffic', verifierIndex: 0 }]);
    const statements = resourceOf(template, 'AWS::IAM::Policy', 'SafeDeployLambdaResourcesHookRole').resource.Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual({
      Action: 'lambda:InvokeFunction',
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [verifierId, 'Arn'] },
    });
  });
});

describe('custom hooks', () => {
  test('CodeDeploy may invoke them and they may report to this deployment group only', () => {
    const stack = envStack();
    const pre = new lambda.Function(stack, 'MyPreHook', FUNCTION_PROPS);
    blueGreen({ preTrafficHook: pre }, stack);
    const template = Template.fromStack(stack);
    const preId = resourceOf(template, 'AWS::Lambda::Function', 'MyPreHook').id;
    const alias = resourceOf(template, 'AWS::Lambda::Alias', 'ApiAlias').resource;
    expect(alias.UpdatePolicy.CodeDeployLambdaAliasUpdate.BeforeAllowTrafficHook).toEqual({ Ref: preId });
    // the grant below is in place before the alias update makes CodeDeploy invoke the hook
    expect(alias.DependsOn).toContain(resourceOf(template, 'AWS::IAM::Policy', 'SafeDeployLambdaResourcesServiceRole').id);
    expect(alias.UpdatePolicy.CodeDeployLambdaAliasUpdate.AfterAllowTrafficHook).toEqual({ Ref: resourceOf(template, 'AWS::Lambda::Function', 'SafeDeployLambdaResourcesPostTrafficHook').id });
    expect(resourceOf(template, 'AWS::IAM::Policy', 'SafeDeployLambdaResourcesServiceRole').resource.Properties.PolicyDocument.Statement)
      .toContainEqual({
        Action: 'lambda:InvokeFunction',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [preId, 'Arn'] },
      });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: resourceOf(template, 'AWS::IAM::Role', 'MyPreHookServiceRole').id }],
      PolicyDocument: {
        Statement: [{
          Action: 'codedeploy:PutLifecycleEventHookExecutionStatus',
          Effect: 'Allow',
          Resource: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([{ Ref: resourceOf(template, 'AWS::CodeDeploy::DeploymentGroup', 'ApiDeploymentGroup').id }])] }),
        }],
      },
    });
  });
});

describe('callers bind to the live alias', () => {
  test('event sources from props and addEventSource attach to the alias, not the function', () => {
    const stack = envStack();
    const q1 = new sqs.Queue(stack, 'Q1');
    const q2 = new sqs.Queue(stack, 'Q2');
    const api = blueGreen({ events: [new sources.SqsEventSource(q1)] }, stack);
    api.addEventSource(new sources.SqsEventSource(q2));
    const template = Template.fromStack(stack);
    const aliasId = resourceOf(template, 'AWS::Lambda::Alias', 'ApiAlias').id;
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(2);
    const fnId = resourceOf(template, 'AWS::Lambda::Function', 'ApiFunction').id;
    for (const m of mappings) {
      const target = JSON.stringify((m as any).Properties.FunctionName);
      expect(target).toContain(`{"Ref":"${aliasId}"}`);
      expect(target).not.toContain(fnId);
    }
  });

  test('asynchronous invocation settings apply to the live alias, not to $LATEST', () => {
    const stack = envStack();
    const dlq = new sqs.Queue(stack, 'Dlq');
    blueGreen({ onFailure: new destinations.SqsDestination(dlq), retryAttempts: 0, maxEventAge: Duration.hours(1) }, stack);
    const template = Template.fromStack(stack);
    const fnId = resourceOf(template, 'AWS::Lambda::Function', 'ApiFunction').id;
    const aliasId = resourceOf(template, 'AWS::Lambda::Alias', 'ApiAlias').id;
    const configs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig'))
      .map((r: any) => r.Properties)
      .filter((p: any) => p.FunctionName.Ref === fnId);
    expect(configs).toEqual([{
      FunctionName: { Ref: fnId },
      Qualifier: { 'Fn::Select': [7, { 'Fn::Split': [':', { Ref: aliasId }] }] }, // the alias name, after the alias exists
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [resourceOf(template, 'AWS::SQS::Queue', 'Dlq').id, 'Arn'] } } },
    }]);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: resourceOf(template, 'AWS::IAM::Role', 'ApiFunctionServiceRole').id }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['sqs:SendMessage']) })]) },
    });
  });

  test('function URLs on the live and the preview alias; grantInvoke on the live alias', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    api.addFunctionUrl();
    api.addPreviewFunctionUrl();
    const user = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    api.grantInvoke(user);
    const template = Template.fromStack(stack);
    const live = resourceOf(template, 'AWS::Lambda::Alias', 'ApiAlias').id;
    const fnArn = { 'Fn::GetAtt': [resourceOf(template, 'AWS::Lambda::Function', 'ApiFunction').id, 'Arn'] };
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM', TargetFunctionArn: fnArn, Qualifier: 'live' });
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM', TargetFunctionArn: fnArn, Qualifier: 'preview' });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: resourceOf(template, 'AWS::IAM::Role', 'Caller').id }],
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'lambda:InvokeFunction', Resource: { Ref: live } })] },
    });
  });
});

describe('provisioned concurrency', () => {
  test('is set on the live alias only', () => {
    const stack = envStack();
    blueGreen({ provisionedConcurrentExecutions: 5 }, stack);
    const template = Template.fromStack(stack);
    expect(resourceOf(template, 'AWS::Lambda::Alias', 'ApiAlias').resource.Properties.ProvisionedConcurrencyConfig).toEqual({ ProvisionedConcurrentExecutions: 5 });
    expect(resourceOf(template, 'AWS::Lambda::Alias', 'ApiPreviewAlias').resource.Properties.ProvisionedConcurrencyConfig).toBeUndefined();
    expect(resourceOf(template, 'AWS::Lambda::Version', 'ApiFunctionCurrentVersion').resource.Properties.ProvisionedConcurrencyConfig).toBeUndefined();
  });
});

describe('break-glass', () => {
  test('ignoring alarms disables the alarm configuration, visibly, with a warning', () => {
    const stack = envStack();
    blueGreen({ breakGlass: { ignoreAlarms: true, reason: 'INC-42 hotfix' } }, stack);
    const template = Template.fromStack(stack);
    const group = resourceOf(template, 'AWS::CodeDeploy::DeploymentGroup', 'ApiDeploymentGroup').resource;
    expect(group.Properties.AlarmConfiguration.Enabled).toBe(false);
    expect(group.Properties.AlarmConfiguration.Alarms).toHaveLength(3);
    expect(group.Metadata['cdk-safe-deploy:break-glass']).toEqual({ ignoreAlarms: true, skipVerification: false, reason: 'INC-42 hotfix' });
    expect(decodeHookConfigTags(tagsOf(template))).toMatchObject({ skipVerification: false, breakGlassReason: 'INC-42 hotfix' });
    Annotations.fromStack(stack).hasWarning('/TestStack/Api', Match.stringLikeRegexp('break-glass is ON .*INC-42 hotfix.*\\[ack: cdk-safe-deploy:breakGlass\\]'));
  });

  test('skipping verification goes into the hook tags; alarms stay on', () => {
    const stack = envStack();
    const api = blueGreen({ breakGlass: { skipVerification: true, reason: 'CI broken' } }, stack);
    const template = Template.fromStack(stack);
    expect(decodeHookConfigTags(tagsOf(template))).toMatchObject({ skipVerification: true, breakGlassReason: 'CI broken' });
    expect(resourceOf(template, 'AWS::CodeDeploy::DeploymentGroup', 'ApiDeploymentGroup').resource.Properties.AlarmConfiguration.Enabled).toBe(true);
    expect(api.describeDeployment()).toContain('break-glass:    ON (verification skipped): CI broken');
  });

  test('zero-config: no warning at all, no break-glass metadata', () => {
    const stack = envStack();
    blueGreen({}, stack);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    expect(resourceOf(Template.fromStack(stack), 'AWS::CodeDeploy::DeploymentGroup', 'ApiDeploymentGroup').resource.Metadata).toBeUndefined();
  });
});

/** A Java function: the code is an S3 object, since Lambda takes inline code for Node.js and Python only. */
const JAVA_PROPS = {
  runtime: lambda.Runtime.JAVA_21,
  handler: 'orders.Handler::handleRequest',
  code: lambda.Code.fromBucketV2(s3.Bucket.fromBucketName(envStack(), 'Artifacts', 'orders-artifacts'), 'orders.jar'),
};

describe('describeDeployment', () => {
  test('names the plan, checks, bake window, alarms, hooks and break-glass state', () => {
    const stack = envStack();
    const verifier = new lambda.Function(stack, 'Verifier', FUNCTION_PROPS);
    const api = blueGreen({
      trafficShift: TrafficShift.canary(10, Duration.minutes(5)),
      checks: [{ name: 'health' }],
      verificationFunctions: [{ name: 'e2e', function: verifier, phase: CheckPhase.AFTER_TRAFFIC }],
      provisionedConcurrentExecutions: 2,
    }, stack);
    expect(api.describeDeployment().split('\n')).toEqual([
      'BlueGreenLambda TestStack/Api',
      '  function:       TestStack/Api/Function (nodejs22.x; a new version for every version-locked change, checks and layers included)',
      "  preview alias:  'preview' -> the new version at once, no traffic shifting",
      "  live alias:     'live' -> moved by CodeDeploy, provisioned concurrency 2",
      '  traffic:        canary: 10% for 5 min, then 100%',
      "  before traffic: built-in hook TestStack/SafeDeployLambdaResources/PreTrafficHook: start-up check + check 'health'",
      "  after traffic:  built-in hook TestStack/SafeDeployLambdaResources/PostTrafficHook: verifier 'e2e', then bake 5 minutes watching the alarms",
      '  rollback alarms (fresh per version, named <function>-<version hash>-<kind>, 2 x 1 min periods):',
      '    error-rate    >= 5% errors (>= 3 errors below 20 invocations) of the new version',
      '    p99-duration  > 2400 ms for the new version',
      "    throttles     >= 10 per period at alias 'live'",
      '  auto-rollback:  on deployment failure, on alarm, on manual stop',
      '  break-glass:    off',
    ]);
  });

  test('names the unqualified callers allowed, with their reasons', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    const caller = new lambda.Function(stack, 'Backfill', FUNCTION_PROPS);
    api.allowUnqualifiedCaller(caller, 'one-off backfill of the newest code');
    expect(api.describeDeployment().split('\n')).toContain('  unqualified caller allowed: TestStack/Backfill (one-off backfill of the newest code)');
  });

  test('says when the start-up check alone guards a runtime that gives it no reliable signal, and warns', () => {
    const stack = envStack();
    const java = blueGreen(JAVA_PROPS, stack);
    expect(java.describeDeployment()).toMatch(/before traffic: built-in hook \S+: start-up check \(only; not a reliable signal: .+; declare one check\)$/m);
    Annotations.fromStack(stack).hasWarning('/TestStack/Api', Match.stringLikeRegexp('cdk-safe-deploy:startupCheckUnreliable'));
  });

  test('says nothing of the start-up check for a runtime with a reliable signal, or once a check is declared', () => {
    const node = envStack();
    expect(blueGreen({}, node).describeDeployment()).toMatch(/: start-up check$/m);
    Annotations.fromStack(node).hasNoWarning('*', Match.stringLikeRegexp('startupCheckUnreliable'));
    const stack = envStack();
    const java = blueGreen(JAVA_PROPS, stack);
    java.addCheck({ name: 'health', payload: { path: '/health' } });
    expect(java.describeDeployment()).toMatch(/: start-up check \+ check 'health'$/m);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('startupCheckUnreliable'));
  });

  test('names a container image function\'s runtime as such', () => {
    const stack = envStack();
    const api = blueGreen({ runtime: lambda.Runtime.FROM_IMAGE, handler: lambda.Handler.FROM_IMAGE, code: lambda.Code.fromEcrImage(ecr.Repository.fromRepositoryName(stack, 'Repo', 'orders')) }, stack);
    expect(api.describeDeployment()).toContain('TestStack/Api/Function (container image; ');
  });
});
