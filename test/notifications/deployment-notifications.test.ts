import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DeploymentNotifications, NotificationFormat } from '../../src/notifications';
import {
  alarmStateChangePattern, codeDeployDeploymentPattern, CodeDeployState, EcsDeploymentEvent, ecsDeploymentPattern, RollbackFilter,
} from '../../src/notifications/event-patterns';
import { chatInputTemplate, codeDeployStopped, ecsRollingBack, inputTemplate } from '../../src/notifications/messages';
import { blueGreen, resourceOf } from '../blue-green-lambda/support';
import { orders } from '../multi-az-service/support';
import { synthFindings } from '../security/validators';
import { envStack } from '../support/app';
import { cfnLint } from '../support/cfn-lint';

const rules = (t: Template, prefix: string) => Object.entries(t.findResources('AWS::Events::Rule')).filter(([id]) => id.startsWith(prefix));
const ref = (stack: Stack, x: unknown) => stack.resolve(x);

describe('BlueGreenLambda notifications', () => {
  test('none without the prop', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    const t = Template.fromStack(stack);
    expect(api.notifications).toBeUndefined();
    t.resourceCountIs('AWS::SNS::Topic', 0);
    t.resourceCountIs('AWS::Events::Rule', 0);
    expect(t.findResources('AWS::CodeDeploy::DeploymentGroup', { Properties: { TriggerConfigurations: Match.anyValue() } })).toEqual({});
  });

  test('one rule per CodeDeploy state, filtered to this application and deployment group, with its message', () => {
    const stack = envStack();
    const api = blueGreen({ notifications: {} }, stack);
    const t = Template.fromStack(stack);
    const app = ref(stack, api.deploymentGroup.application.applicationName);
    const group = ref(stack, api.deploymentGroup.deploymentGroupName);
    const found = Object.fromEntries(rules(t, 'ApiNotifications').map(([id, r]) => [id.replace(/^ApiNotifications|[0-9A-F]{8}$/g, ''), r.Properties]));
    expect(Object.keys(found).sort()).toEqual(['AlarmStateChanged', 'DeploymentFailed', 'DeploymentStarted', 'DeploymentStopped', 'DeploymentSucceeded']);
    const states: Record<string, CodeDeployState> = {
      DeploymentStarted: CodeDeployState.START,
      DeploymentSucceeded: CodeDeployState.SUCCESS,
      DeploymentFailed: CodeDeployState.FAILURE,
      DeploymentStopped: CodeDeployState.STOP,
    };
    for (const [name, state] of Object.entries(states)) {
      expect(found[name].EventPattern).toEqual(codeDeployDeploymentPattern(app, group, state));
      expect(found[name].Targets).toHaveLength(1);
      expect(found[name].Targets[0].Arn).toEqual(ref(stack, api.notifications!.topic.topicArn));
    }
    expect(found.DeploymentStopped.Targets[0].InputTransformer).toEqual({
      InputPathsMap: codeDeployStopped('BlueGreenLambda TestStack/Api').paths,
      InputTemplate: inputTemplate(codeDeployStopped('BlueGreenLambda TestStack/Api')),
    });
  });

  test('the alarm rule matches the three rollback alarms and those added later with addAlarm', () => {
    const stack = envStack();
    const api = blueGreen({ notifications: {} }, stack);
    const extra = new cloudwatch.Alarm(stack, 'SloBurn', { metric: api.metricErrors(), threshold: 10, evaluationPeriods: 1 });
    api.addAlarm(extra);
    const t = Template.fromStack(stack);
    const [[, rule]] = rules(t, 'ApiNotificationsAlarmStateChanged');
    expect(rule.Properties.EventPattern).toEqual(ref(stack, alarmStateChangePattern(
      [api.errorRateAlarm, api.latencyAlarm, api.throttlesAlarm, extra].map((a) => a.alarmArn))));
  });

  test('alarmStateChanges: false leaves the alarm rule out', () => {
    const stack = envStack();
    const api = blueGreen({ notifications: { alarmStateChanges: false } }, stack);
    api.addAlarm(new cloudwatch.Alarm(stack, 'SloBurn', { metric: api.metricErrors(), threshold: 10, evaluationPeriods: 1 }));
    const t = Template.fromStack(stack);
    expect(rules(t, 'ApiNotificationsAlarmStateChanged')).toEqual([]);
    expect(rules(t, 'ApiNotifications')).toHaveLength(4);
  });

  test('the rollback trigger on the deployment group, published with the service role, which may publish to the topic and use its key', () => {
    const stack = envStack();
    const api = blueGreen({ notifications: {} }, stack);
    const t = Template.fromStack(stack);
    const n = api.notifications!;
    const topic = ref(stack, n.topic.topicArn);
    const group = resourceOf(t, 'AWS::CodeDeploy::DeploymentGroup', 'ApiDeploymentGroup');
    expect(group.resource.Properties.TriggerConfigurations).toEqual([
      { TriggerName: 'cdk-safe-deploy-rollback', TriggerTargetArn: topic, TriggerEvents: ['DeploymentRollback'] },
    ]);
    const policy = resourceOf(t, 'AWS::IAM::Policy', 'ApiNotificationsRollbackTriggerPolicy');
    expect(policy.resource.Properties.Roles).toEqual([{ Ref: resourceOf(t, 'AWS::IAM::Role', 'SafeDeployLambdaResourcesServiceRole').id }]);
    expect(policy.resource.Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'sns:Publish', Resource: topic },
      { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: ref(stack, n.encryptionKey!.keyArn) },
    ]);
    // CodeDeploy may check that it can publish when the trigger is configured: the policy comes first.
    expect(group.resource.DependsOn).toContain(policy.id);
  });

  test('the live alias (whose update starts a deployment) waits for the rules', () => {
    const stack = envStack();
    blueGreen({ notifications: {} }, stack);
    const t = Template.fromStack(stack);
    const alias = resourceOf(t, 'AWS::Lambda::Alias', 'ApiAlias');
    for (const [id] of rules(t, 'ApiNotifications')) expect(alias.resource.DependsOn).toContain(id);
  });

  test('format CHAT: chat JSON in every rule, and no CodeDeploy trigger (its JSON is not a chat notification)', () => {
    const stack = envStack();
    blueGreen({ notifications: { format: NotificationFormat.CHAT } }, stack);
    const t = Template.fromStack(stack);
    const found = rules(t, 'ApiNotifications');
    expect(found).toHaveLength(5);
    for (const [, rule] of found) expect(JSON.parse(rule.Properties.Targets[0].InputTransformer.InputTemplate)).toMatchObject({ version: '1.0', source: 'custom' });
    const [[, stopped]] = rules(t, 'ApiNotificationsDeploymentStopped');
    expect(stopped.Properties.Targets[0].InputTransformer.InputTemplate).toBe(chatInputTemplate(codeDeployStopped('BlueGreenLambda TestStack/Api')));
    const group = resourceOf(t, 'AWS::CodeDeploy::DeploymentGroup', 'ApiDeploymentGroup');
    expect(group.resource.Properties.TriggerConfigurations).toBeUndefined();
    expect(Object.keys(t.findResources('AWS::IAM::Policy')).filter((id) => id.includes('Notifications'))).toEqual([]);
  });

  test('a second deployment group on the same notifications fails', () => {
    const stack = envStack();
    const api = blueGreen({ notifications: {} }, stack);
    const other = blueGreen({}, stack, 'Other');
    expect(() => api.notifications!.watchLambdaDeploymentGroup(other.deploymentGroup, api.function.role!))
      .toThrow(/already notifies the deployments of a deployment group: use one DeploymentNotifications per deployment group/);
  });
});

describe('the topic the construct creates', () => {
  test('is encrypted with a key of the stack (rotation on) that EventBridge may use, and refuses requests without TLS', () => {
    const stack = envStack();
    const api = blueGreen({ notifications: {} }, stack);
    const t = Template.fromStack(stack);
    const key = resourceOf(t, 'AWS::KMS::Key', 'CdkSafeDeployNotificationsTextKey');
    expect(key.resource.Properties.EnableKeyRotation).toBe(true);
    expect(key.resource.Properties.KeyPolicy.Statement).toEqual([
      { Effect: 'Allow', Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:root']] } }, Action: 'kms:*', Resource: '*' },
      // No aws:SourceArn/SourceAccount: not supported for EventBridge to encrypted topics (SNS Developer Guide).
      {
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      },
      { Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:GenerateDataKey*', 'kms:Decrypt'], Resource: '*' },
    ]);
    const topic = resourceOf(t, 'AWS::SNS::Topic', 'CdkSafeDeployNotificationsTextTopic');
    expect(topic.resource.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [key.id, 'Arn'] });
    const policy = resourceOf(t, 'AWS::SNS::TopicPolicy', 'CdkSafeDeployNotificationsTextTopicPolicy');
    const ruleArns = rules(t, 'ApiNotifications').map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] }));
    expect(policy.resource.Properties.PolicyDocument.Statement).toEqual([
      { Sid: 'AllowPublishThroughSSLOnly', Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: { Ref: topic.id }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      {
        Sid: `EventBridgePublish${api.notifications!.node.addr}`,
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: { Ref: topic.id },
        Condition: { ArnEquals: { 'aws:SourceArn': ruleArns } },
      },
    ]);
    expect(ruleArns).toHaveLength(5);
  });
});

describe('one topic per stack', () => {
  test('every construct of the stack that notifies shares one topic and one key; each adds its own scoped publish statement', () => {
    const stack = envStack();
    const api = blueGreen({ notifications: {} }, stack);
    const other = blueGreen({ notifications: {} }, stack, 'Other');
    const svc = orders(stack, { notifications: {} });
    expect(other.notifications!.topic).toBe(api.notifications!.topic);
    expect(svc.notifications!.topic).toBe(api.notifications!.topic);
    expect(svc.notifications!.encryptionKey).toBe(api.notifications!.encryptionKey);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SNS::Topic', 1);
    t.resourceCountIs('AWS::KMS::Key', 1);
    const statements = resourceOf(t, 'AWS::SNS::TopicPolicy', 'CdkSafeDeployNotificationsTextTopicPolicy').resource.Properties.PolicyDocument.Statement;
    expect(statements.map((st: any) => st.Sid).sort()).toEqual([
      'AllowPublishThroughSSLOnly',
      ...[api, other, svc].map((c) => `EventBridgePublish${c.notifications!.node.addr}`),
    ].sort());
    const keyStatements = resourceOf(t, 'AWS::KMS::Key', 'CdkSafeDeployNotificationsTextKey').resource.Properties.KeyPolicy.Statement;
    expect(keyStatements.filter((st: any) => st.Principal?.Service === 'events.amazonaws.com')).toHaveLength(1);
  });

  test('chat-formatted notifications get a topic of their own, so a chat channel never receives plain text', () => {
    const stack = envStack();
    const text = blueGreen({ notifications: {} }, stack);
    const chat = blueGreen({ notifications: { format: NotificationFormat.CHAT } }, stack, 'Other');
    expect(chat.notifications!.topic).not.toBe(text.notifications!.topic);
    expect(chat.notifications!.topic.node.path).toBe('TestStack/CdkSafeDeployNotificationsChat/Topic');
    Template.fromStack(stack).resourceCountIs('AWS::SNS::Topic', 2);
  });
});

describe('a topic of your own', () => {
  test('defined in the app: its topic policy and its key policy let EventBridge in; no topic or key is created', () => {
    const stack = envStack();
    const key = new kms.Key(stack, 'OpsKey', { enableKeyRotation: true });
    const topic = new sns.Topic(stack, 'Ops', { masterKey: key, enforceSSL: true });
    const api = blueGreen({ notifications: { topic } }, stack);
    const t = Template.fromStack(stack);
    expect(api.notifications!.topic).toBe(topic);
    expect(api.notifications!.encryptionKey).toBeUndefined();
    t.resourceCountIs('AWS::SNS::Topic', 1);
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish' })]) },
    });
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:GenerateDataKey*', 'kms:Decrypt'], Resource: '*' }]) },
    });
    const policy = resourceOf(t, 'AWS::IAM::Policy', 'ApiNotificationsRollbackTriggerPolicy');
    expect(policy.resource.Properties.PolicyDocument.Statement[1]).toEqual({
      Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: ref(stack, key.keyArn),
    });
  });

  test('shared by two constructs: one EventBridge statement each, one key statement', () => {
    const stack = envStack();
    const key = new kms.Key(stack, 'OpsKey', { enableKeyRotation: true });
    const topic = new sns.Topic(stack, 'Ops', { masterKey: key, enforceSSL: true });
    blueGreen({ notifications: { topic } }, stack);
    orders(stack, { notifications: { topic } });
    const t = Template.fromStack(stack);
    const statements = resourceOf(t, 'AWS::SNS::TopicPolicy', 'OpsPolicy').resource.Properties.PolicyDocument.Statement;
    expect(statements.filter((s: any) => s.Principal?.Service === 'events.amazonaws.com')).toHaveLength(2);
    const keyStatements = resourceOf(t, 'AWS::KMS::Key', 'OpsKey').resource.Properties.KeyPolicy.Statement;
    expect(keyStatements.filter((s: any) => s.Principal?.Service === 'events.amazonaws.com')).toHaveLength(1);
  });

  test('imported: a warning says which policies to add', () => {
    const stack = envStack();
    const topic = sns.Topic.fromTopicArn(stack, 'Ops', 'arn:aws:sns:eu-west-1:123456789012:ops');
    blueGreen({ notifications: { topic } }, stack);
    Annotations.fromStack(stack).hasWarning('/TestStack/Api/Notifications',
      Match.stringLikeRegexp('is imported.*events.amazonaws.com sns:Publish.*aws:SourceArn.*kms:GenerateDataKey.*\\[ack: cdk-safe-deploy:notificationTopicPolicy\\]'));
  });

  test('in another stack: no statement that would make the stacks depend on each other, and a warning', () => {
    const stack = envStack();
    const shared = new Stack(stack.node.root as App, 'Shared', { env: { account: '123456789012', region: 'eu-west-1' } });
    const key = new kms.Key(shared, 'OpsKey', { enableKeyRotation: true });
    const topic = new sns.Topic(shared, 'Ops', { masterKey: key, enforceSSL: true });
    blueGreen({ notifications: { topic } }, stack);
    const sharedTemplate = Template.fromStack(shared);
    const topicStatements = resourceOf(sharedTemplate, 'AWS::SNS::TopicPolicy', 'OpsPolicy').resource.Properties.PolicyDocument.Statement;
    expect(topicStatements.map((st: any) => st.Sid)).toEqual(['AllowPublishThroughSSLOnly']);
    // The key statement names no resource of this stack, so it can stay.
    sharedTemplate.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:GenerateDataKey*', 'kms:Decrypt'], Resource: '*' }]) },
    });
    Template.fromStack(stack);
    Annotations.fromStack(stack).hasWarning('/TestStack/Api/Notifications', Match.stringLikeRegexp('is in another stack.*sns:Publish.*aws:SourceArn'));
  });

  test('fails when it is encrypted with the AWS managed key alias/aws/sns', () => {
    const stack = envStack();
    const topic = new sns.Topic(stack, 'Ops', { masterKey: kms.Alias.fromAliasName(stack, 'AwsSns', 'alias/aws/sns') });
    expect(() => blueGreen({ notifications: { topic } }, stack))
      .toThrow(/topic TestStack\/Ops is encrypted with the AWS managed key alias\/aws\/sns, whose key policy cannot let EventBridge .* use it/);
  });
});

describe('MultiAzService notifications', () => {
  test('four rules on the service\'s deployment events, a rollback told apart, and one rule over every deployment alarm (rollback and outlier alarms)', () => {
    const stack = envStack();
    const svc = orders(stack, { notifications: {} });
    const t = Template.fromStack(stack);
    const arn = ref(stack, svc.service.serviceArn);
    const found = Object.fromEntries(rules(t, 'OrdersNotifications').map(([id, r]) => [id.replace(/^OrdersNotifications|[0-9A-F]{8}$/g, ''), r.Properties]));
    expect(found.DeploymentStarted.EventPattern).toEqual(ecsDeploymentPattern(arn, EcsDeploymentEvent.IN_PROGRESS, RollbackFilter.NOT_ROLLBACK));
    expect(found.RollbackStarted.EventPattern).toEqual(ecsDeploymentPattern(arn, EcsDeploymentEvent.IN_PROGRESS, RollbackFilter.ONLY_ROLLBACK));
    expect(found.DeploymentCompleted.EventPattern).toEqual(ecsDeploymentPattern(arn, EcsDeploymentEvent.COMPLETED));
    expect(found.DeploymentFailed.EventPattern).toEqual(ecsDeploymentPattern(arn, EcsDeploymentEvent.FAILED));
    expect(found.RollbackStarted.Targets[0].InputTransformer.InputTemplate).toBe(inputTemplate(ecsRollingBack('MultiAzService TestStack/Orders')));
    const deploymentAlarms = [...svc.alarms.alarms, ...svc.outlierAlarms!.alarms];
    expect(found.AlarmStateChanged.EventPattern).toEqual(ref(stack, alarmStateChangePattern(deploymentAlarms.map((a) => a.alarmArn))));
    expect(svc.alarms.alarms.length).toBeGreaterThan(10);
    // No CodeDeploy here: no trigger, no role policy.
    expect(Object.keys(t.findResources('AWS::IAM::Policy')).filter((id) => id.includes('Notifications'))).toEqual([]);
    expect(t.findResources('AWS::CodeDeploy::DeploymentGroup')).toEqual({});
  });

  test('a second service on the same notifications fails', () => {
    const stack = envStack();
    const svc = orders(stack, { notifications: {} });
    expect(() => svc.notifications!.watchEcsService(svc.service)).toThrow(/already notifies the deployments of a service/);
  });
});

describe('DeploymentNotifications on its own', () => {
  test('fails when the label holds characters that would break the template', () => {
    const stack = envStack();
    expect(() => new DeploymentNotifications(stack, 'N', { label: 'api <prod>' })).toThrow(/label must be non-empty text without </);
  });

  test('fails when the deployment group is not defined in the app', () => {
    const stack = envStack();
    const api = blueGreen({}, stack);
    const n = new DeploymentNotifications(stack, 'N');
    const imported = { ...api.deploymentGroup, node: { defaultChild: undefined, path: 'TestStack/Imported' } } as any;
    expect(() => n.watchLambdaDeploymentGroup(imported, api.function.role!)).toThrow(/deploymentGroup TestStack\/Imported is not defined in this app/);
  });

  test('the default label is the scope path', () => {
    const stack = envStack();
    const n = new DeploymentNotifications(stack, 'N');
    n.watchAlarm(new cloudwatch.Alarm(stack, 'A', { metric: new cloudwatch.Metric({ namespace: 'X', metricName: 'Y' }), threshold: 1, evaluationPeriods: 1 }));
    const [[, rule]] = rules(Template.fromStack(stack), 'NAlarmStateChanged');
    expect(JSON.parse(rule.Properties.Targets[0].InputTransformer.InputTemplate)).toMatch(/^\[TestStack\] Rollback alarm/);
  });
});

test('cfn-lint finds no error in a stack with both constructs notifying', () => {
  const stack = envStack();
  blueGreen({ notifications: {} }, stack);
  orders(stack, { notifications: {} });
  expect(cfnLint(Template.fromStack(stack).toJSON())).toEqual({ errors: 0, errorLines: [] });
});

test('AwsSolutionsChecks reports nothing on the notification resources', () => {
  const stack = envStack();
  const app = stack.node.root as App;
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  blueGreen({ notifications: {} }, stack);
  orders(stack, { notifications: {} });
  const findings = synthFindings(app).filter((f) => f.path.includes('/Notifications/'));
  expect(findings.map((f) => `${f.rule} ${f.path}`)).toEqual([]);
});

test('a rolling MultiAzService notifies the same deployment events (its circuit breaker rolls back too)', () => {
  const stack = envStack();
  const svc = orders(stack, { rolling: true, notifications: {} });
  const t = Template.fromStack(stack);
  const names = rules(t, 'OrdersNotifications').map(([id]) => id.replace(/^OrdersNotifications|[0-9A-F]{8}$/g, '')).sort();
  expect(names).toEqual(['AlarmStateChanged', 'DeploymentCompleted', 'DeploymentFailed', 'DeploymentStarted', 'RollbackStarted']);
  const [[, alarmRule]] = rules(t, 'OrdersNotificationsAlarmStateChanged');
  expect(alarmRule.Properties.EventPattern.resources).toHaveLength(svc.alarms.alarms.length + svc.outlierAlarms!.alarms.length);
});
