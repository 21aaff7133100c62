import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ZoneLossExperiment, ZoneLossExperimentProps } from '../../src/resilience';
import { only, orders } from '../multi-az-service/support';
import { synthFindings } from '../security/validators';
import { agnosticStack, envStack } from '../support/app';
import { cfnLint } from '../support/cfn-lint';

const ZONE = 'eu-west-1a';
const REGION_ACCOUNT = 'eu-west-1:123456789012';

interface Setup {
  readonly stack: Stack;
  readonly vpc: ec2.Vpc;
  readonly cluster: ecs.Cluster;
  readonly service: ecs.IBaseService;
  readonly errors: cloudwatch.Alarm;
  readonly latency: cloudwatch.Alarm;
}

function setup(): Setup {
  const stack = envStack(3);
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 3,
    natGateways: 0,
    subnetConfiguration: [{ name: 'App', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  Validations.of(vpc).acknowledge({ id: 'CloudFormation-Validate::W3010', reason: 'zones named on purpose: the experiment impairs one named zone' });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const service = ecs.FargateService.fromFargateServiceAttributes(stack, 'Service', { cluster, serviceName: 'orders' });
  const alarm = (id: string) => new cloudwatch.Alarm(stack, id, {
    alarmName: `orders-${id}`,
    metric: new cloudwatch.Metric({ namespace: 'Orders', metricName: id }),
    threshold: 1,
    evaluationPeriods: 1,
  });
  return { stack, vpc, cluster, service, errors: alarm('Errors'), latency: alarm('Latency') };
}

function subnetsIn(s: Setup, zone = ZONE): ec2.ISubnet[] {
  return s.vpc.isolatedSubnets.filter((subnet) => subnet.availabilityZone === zone);
}

function experiment(s: Setup, props: Partial<ZoneLossExperimentProps> = {}, id = 'ZoneLoss'): ZoneLossExperiment {
  return new ZoneLossExperiment(s.stack, id, {
    availabilityZone: ZONE,
    stopConditionAlarms: [s.errors, s.latency],
    vpc: s.vpc,
    subnets: subnetsIn(s),
    cluster: s.cluster,
    service: s.service,
    ...props,
  });
}

const logicalId = (s: Setup, c: { node: { defaultChild?: any } }) => s.stack.getLogicalId(c.node.defaultChild);
/** `arn:<partition>:<service>:eu-west-1:123456789012:<resource...>`, as CloudFormation renders a formatted ARN. */
const arn = (service: string, resource: string, ...rest: any[]) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:${REGION_ACCOUNT}:${resource}`, ...rest]] });

describe('ZoneLossExperiment', () => {
  test('disrupts the zone\'s subnets for 10 minutes and stops the service\'s tasks in the zone, stopped by exactly the given alarms', () => {
    const s = setup();
    const zoneLoss = experiment(s);
    const template = Template.fromStack(s.stack);
    const [subnet] = subnetsIn(s);
    template.resourceCountIs('AWS::FIS::ExperimentTemplate', 1);
    expect(only(template, 'AWS::FIS::ExperimentTemplate')).toEqual({
      Description: 'Zone loss of eu-west-1a for TestStack/Service: denies all traffic in and out of 1 subnet(s) there '
        + 'and stops the service\'s tasks running there, for 10 min. Stops early when a customer-impact alarm fires.',
      RoleArn: { 'Fn::GetAtt': [logicalId(s, zoneLoss.role), 'Arn'] },
      StopConditions: [
        { Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': [logicalId(s, s.errors), 'Arn'] } },
        { Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': [logicalId(s, s.latency), 'Arn'] } },
      ],
      Targets: {
        ZoneSubnets: {
          ResourceType: 'aws:ec2:subnet',
          ResourceArns: [arn('ec2', 'subnet/', { Ref: logicalId(s, subnet) })],
          SelectionMode: 'ALL',
        },
        ZoneTasks: {
          ResourceType: 'aws:ecs:task',
          Parameters: { cluster: { Ref: logicalId(s, s.cluster) }, service: 'orders' },
          Filters: [{ Path: 'AvailabilityZone', Values: [ZONE] }],
          SelectionMode: 'ALL',
        },
      },
      Actions: {
        DisruptZoneNetwork: {
          ActionId: 'aws:network:disrupt-connectivity',
          Description: 'Deny all traffic in and out of the zone\'s subnets',
          Parameters: { scope: 'all', duration: 'PT10M' },
          Targets: { Subnets: 'ZoneSubnets' },
        },
        StopZoneTasks: {
          ActionId: 'aws:ecs:stop-task',
          Description: 'Stop the service\'s tasks running in the zone',
          Targets: { Tasks: 'ZoneTasks' },
        },
      },
      LogConfiguration: {
        CloudWatchLogsConfiguration: { LogGroupArn: { 'Fn::GetAtt': [logicalId(s, zoneLoss.logGroup), 'Arn'] } },
        LogSchemaVersion: 2,
      },
      Tags: { Name: 'TestStack/ZoneLoss zone loss eu-west-1a' },
    });
    expect(zoneLoss.experimentTemplateId).toBe(zoneLoss.template.attrId);
  });

  test('the role trusts FIS for experiments of this account and region only', () => {
    const s = setup();
    experiment(s);
    Template.fromStack(s.stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'fis.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': '123456789012' },
            ArnLike: { 'aws:SourceArn': arn('fis', 'experiment/*') },
          },
        }],
      },
    });
  });

  test('the role may do what the two actions and the log delivery document, scoped to the VPC, the subnets and the cluster', () => {
    const s = setup();
    const zoneLoss = experiment(s);
    const [subnet] = subnetsIn(s);
    const networkAcls = arn('ec2', 'network-acl/*');
    const vpcArn = arn('ec2', 'vpc/', { Ref: logicalId(s, s.vpc) });
    const inCluster = { ArnEquals: { 'ecs:cluster': { 'Fn::GetAtt': [logicalId(s, s.cluster), 'Arn'] } } };
    expect(only(Template.fromStack(s.stack), 'AWS::IAM::Policy').PolicyDocument.Statement).toEqual([
      { Sid: 'DescribeNetwork', Effect: 'Allow', Action: ['ec2:DescribeNetworkAcls', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs'], Resource: '*' },
      { Sid: 'CreateFisNetworkAcl', Effect: 'Allow', Action: 'ec2:CreateNetworkAcl', Resource: networkAcls, Condition: { StringEquals: { 'aws:RequestTag/managedByFIS': 'true' } } },
      { Sid: 'CreateNetworkAclInVpc', Effect: 'Allow', Action: 'ec2:CreateNetworkAcl', Resource: vpcArn },
      {
        Sid: 'TagFisNetworkAcl',
        Effect: 'Allow',
        Action: 'ec2:CreateTags',
        Resource: networkAcls,
        Condition: { StringEquals: { 'ec2:CreateAction': 'CreateNetworkAcl', 'aws:RequestTag/managedByFIS': 'true' } },
      },
      {
        Sid: 'ChangeFisNetworkAcl',
        Effect: 'Allow',
        Action: ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl'],
        Resource: [networkAcls, vpcArn],
        Condition: { StringEquals: { 'ec2:ResourceTag/managedByFIS': 'true' } },
      },
      { Sid: 'SwapNetworkAcl', Effect: 'Allow', Action: 'ec2:ReplaceNetworkAclAssociation', Resource: [arn('ec2', 'subnet/', { Ref: logicalId(s, subnet) }), networkAcls] },
      { Sid: 'ListClusterTasks', Effect: 'Allow', Action: 'ecs:ListTasks', Resource: '*', Condition: inCluster },
      {
        Sid: 'StopClusterTasks',
        Effect: 'Allow',
        Action: ['ecs:DescribeTasks', 'ecs:StopTask'],
        Resource: arn('ecs', 'task/', { Ref: logicalId(s, s.cluster) }, '/*'),
        Condition: inCluster,
      },
      { Sid: 'ResolveTargets', Effect: 'Allow', Action: 'tag:GetResources', Resource: '*' },
      { Sid: 'DeliverExperimentLog', Effect: 'Allow', Action: ['logs:CreateLogDelivery', 'logs:DescribeLogGroups', 'logs:DescribeResourcePolicies'], Resource: '*' },
    ]);
    // The template waits for the role and its policy: FIS checks both when the template is created.
    expect(Template.fromStack(s.stack).toJSON().Resources[logicalId(s, zoneLoss)].DependsOn).toEqual(expect.arrayContaining([
      logicalId(s, zoneLoss.role), s.stack.getLogicalId(zoneLoss.role.node.findChild('DefaultPolicy').node.defaultChild as any),
    ]));
  });

  test('keeps the experiment log for a year in a log group the log delivery service may write to', () => {
    const s = setup();
    const zoneLoss = experiment(s);
    const template = Template.fromStack(s.stack);
    expect(template.toJSON().Resources[logicalId(s, zoneLoss.logGroup)].Properties).toEqual({ RetentionInDays: 365 });
    const statements = JSON.stringify(only(template, 'AWS::Logs::ResourcePolicy').PolicyDocument);
    expect(statements).toContain('\\"Principal\\":{\\"Service\\":\\"delivery.logs.amazonaws.com\\"}');
    expect(statements).toContain('\\"Action\\":[\\"logs:CreateLogStream\\",\\"logs:PutLogEvents\\"]');
    expect(statements).toContain('\\"StringEquals\\":{\\"aws:SourceAccount\\":\\"123456789012\\"}');
    expect(statements).toContain(`:logs:${REGION_ACCOUNT}:*\\"}}`);
    expect(statements).toContain(':log-stream:*');
  });

  test('takes a duration, a log retention and a name', () => {
    const s = setup();
    experiment(s, { duration: Duration.minutes(90), logRetention: logs.RetentionDays.ONE_MONTH, experimentName: 'orders: lose eu-west-1a' });
    const template = Template.fromStack(s.stack);
    template.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Actions: { DisruptZoneNetwork: Match.objectLike({ Parameters: { scope: 'all', duration: 'PT1H30M' } }) },
      Tags: { Name: 'orders: lose eu-west-1a' },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('stops tasks only: waits the duration, and the role has no network permissions', () => {
    const s = setup();
    experiment(s, { disruptNetwork: false, vpc: undefined, subnets: undefined, duration: Duration.minutes(15) });
    const template = Template.fromStack(s.stack);
    const props = only(template, 'AWS::FIS::ExperimentTemplate');
    expect(Object.keys(props.Targets)).toEqual(['ZoneTasks']);
    expect(props.Actions.ObserveRecovery).toEqual({
      ActionId: 'aws:fis:wait',
      Description: 'Keep the experiment and its stop conditions running while ECS replaces the stopped tasks',
      Parameters: { duration: 'PT15M' },
    });
    const sids = only(template, 'AWS::IAM::Policy').PolicyDocument.Statement.map((st: any) => st.Sid);
    expect(sids).toEqual(['ListClusterTasks', 'StopClusterTasks', 'ResolveTargets', 'DeliverExperimentLog']);
  });

  test('disrupts the network only: no task target, and the role has no ECS permissions', () => {
    const s = setup();
    experiment(s, { stopTasks: false, cluster: undefined, service: undefined });
    const template = Template.fromStack(s.stack);
    expect(Object.keys(only(template, 'AWS::FIS::ExperimentTemplate').Actions)).toEqual(['DisruptZoneNetwork']);
    const actions = JSON.stringify(only(template, 'AWS::IAM::Policy').PolicyDocument.Statement.map((st: any) => st.Action));
    expect(actions).not.toMatch(/ecs:|tag:/);
  });

  test('two experiments sharing a log group add the delivery statement to it once', () => {
    const s = setup();
    const logGroup = new logs.LogGroup(s.stack, 'SharedLogs', { retention: logs.RetentionDays.ONE_YEAR });
    experiment(s, { logGroup }, 'LoseA');
    experiment(s, { logGroup, availabilityZone: 'eu-west-1b', subnets: subnetsIn(s, 'eu-west-1b') }, 'LoseB');
    const template = Template.fromStack(s.stack);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.resourceCountIs('AWS::FIS::ExperimentTemplate', 2);
    const document = JSON.stringify(only(template, 'AWS::Logs::ResourcePolicy').PolicyDocument);
    expect(document.match(/delivery\.logs\.amazonaws\.com/g)).toHaveLength(1);
  });

  test('cfn-lint finds no errors in a stack with a zone-loss experiment', () => {
    const s = setup();
    experiment(s);
    expect(cfnLint(Template.fromStack(s.stack).toJSON())).toEqual({ errors: 0, errorLines: [] });
  });

  test('AwsSolutionsChecks reports only the documented wildcards of the role (docs/security.md), nothing acknowledged', () => {
    const s = setup();
    const app = s.stack.node.root as App;
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    experiment(s);
    const findings = synthFindings(app).filter((f) => f.path.startsWith('TestStack/ZoneLoss/'));
    expect(findings.filter((f) => f.acknowledgedAt !== undefined)).toEqual([]);
    expect(findings.map((f) => `${f.rule} ${f.path}`).sort()).toEqual([
      'AwsSolutions-IAM5[Resource::*] TestStack/ZoneLoss/Role/DefaultPolicy/Resource',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:eu-west-1:123456789012:network-acl/*] TestStack/ZoneLoss/Role/DefaultPolicy/Resource',
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:eu-west-1:123456789012:task/<${logicalId(s, s.cluster)}>/*] TestStack/ZoneLoss/Role/DefaultPolicy/Resource`,
    ]);
  });

  test('fails when no stop-condition alarm is given', () => {
    expect(() => experiment(setup(), { stopConditionAlarms: [] })).toThrow(/stopConditionAlarms must list between 1 and 5 alarms .* got 0/);
  });

  test('fails when more than 5 stop-condition alarms are given', () => {
    const s = setup();
    expect(() => experiment(s, { stopConditionAlarms: Array(6).fill(s.errors) })).toThrow(/stopConditionAlarms must list between 1 and 5 alarms .* got 6; combine some of them into a cloudwatch.CompositeAlarm/);
  });

  test('fails when the network disruption has no VPC or subnets', () => {
    expect(() => experiment(setup(), { vpc: undefined })).toThrow(/disruptNetwork needs the subnets of the zone and their VPC: pass vpc and subnets, or set disruptNetwork: false/);
    expect(() => experiment(setup(), { subnets: undefined })).toThrow(/pass vpc and subnets, or set disruptNetwork: false/);
  });

  test('fails when the network disruption has an empty subnet list', () => {
    expect(() => experiment(setup(), { subnets: [] })).toThrow(/subnets must list between 1 and 5 subnets of the impaired zone .* got 0/);
  });

  test('fails when stopping tasks has no cluster or service', () => {
    expect(() => experiment(setup(), { service: undefined })).toThrow(/stopTasks needs the cluster and the service whose tasks to stop: pass cluster and service, or set stopTasks: false/);
    expect(() => experiment(setup(), { cluster: undefined })).toThrow(/pass cluster and service, or set stopTasks: false/);
  });

  test('fails when a subnet is in another zone', () => {
    const s = setup();
    expect(() => experiment(s, { subnets: subnetsIn(s, 'eu-west-1b') })).toThrow(/subnets must all be in availabilityZone eu-west-1a, but TestStack\/Vpc\/AppSubnet2 is in eu-west-1b: pass only the subnets of the impaired zone/);
  });

  test('fails when both impairments are off', () => {
    expect(() => experiment(setup(), { disruptNetwork: false, stopTasks: false })).toThrow(/disruptNetwork and stopTasks are both false/);
  });

  test.each([Duration.seconds(30), Duration.hours(13)])('fails when the duration is %s', (duration) => {
    expect(() => experiment(setup(), { duration })).toThrow(/duration must be a whole number of seconds between 60 s \(1 minute\) and 43200 s \(12 hours\)/);
  });

  test('fails when the name is longer than a tag value may be', () => {
    expect(() => experiment(setup(), { experimentName: 'x'.repeat(257) })).toThrow(/experimentName is 257 characters long, more than the 256 CloudFormation allows/);
  });
});

describe('MultiAzService zoneLossExperiments', () => {
  test('off by default: no experiment template, no FIS role', () => {
    const stack = envStack(3);
    const service = orders(stack);
    expect(service.zoneLossExperiments).toEqual([]);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::FIS::ExperimentTemplate', 0);
    expect(JSON.stringify(template.toJSON())).not.toContain('fis.amazonaws.com');
  });

  test('one experiment per zone, each on the task subnet of its zone, stopped by the regional 5xx and latency alarms only', () => {
    const stack = envStack(3);
    const service = orders(stack, { zoneLossExperiments: {} });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::FIS::ExperimentTemplate', 3);
    expect(service.zoneLossExperiments.map((e) => e.availabilityZone)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    const taskSubnets: any[] = only(template, 'AWS::ECS::Service').NetworkConfiguration.AwsvpcConfiguration.Subnets;
    const resources = template.toJSON().Resources;
    const alarmArn = (alarm: cloudwatch.IAlarm) => ({ 'Fn::GetAtt': [stack.getLogicalId(alarm.node.defaultChild as any), 'Arn'] });
    service.zoneLossExperiments.forEach((zoneLoss, i) => {
      const props = resources[stack.getLogicalId(zoneLoss.template)].Properties;
      // The task subnet of zone i (the service lists its subnets in zone order).
      expect(props.Targets.ZoneSubnets.ResourceArns).toEqual([arn('ec2', 'subnet/', taskSubnets[i])]);
      const subnet = Object.entries(resources).find(([id]) => id === taskSubnets[i].Ref)![1] as any;
      expect(subnet.Properties.AvailabilityZone).toBe(zoneLoss.availabilityZone);
      expect(props.Targets.ZoneTasks.Filters).toEqual([{ Path: 'AvailabilityZone', Values: [zoneLoss.availabilityZone] }]);
      expect(props.Targets.ZoneTasks.Parameters).toEqual({
        cluster: { Ref: stack.getLogicalId(service.cluster.node.defaultChild as any) },
        service: { 'Fn::GetAtt': [stack.getLogicalId(service.service.node.defaultChild as any), 'Name'] },
      });
      expect(props.StopConditions).toEqual([
        { Source: 'aws:cloudwatch:alarm', Value: alarmArn(service.alarms.serverErrorRateAlarm) },
        { Source: 'aws:cloudwatch:alarm', Value: alarmArn(service.alarms.latencyAlarm) },
      ]);
      expect(props.Tags).toEqual({ Name: `TestStack/Orders zone loss ${zoneLoss.availabilityZone}` });
    });
    // Expected to fire while a zone is impaired, so never a stop condition.
    const stopValues = JSON.stringify(Object.values(template.findResources('AWS::FIS::ExperimentTemplate')).map((r: any) => r.Properties.StopConditions));
    for (const alarm of [service.alarms.unhealthyHostsAlarm, ...service.alarms.zonalAlarms, ...service.alarms.targetGroupAlarms]) {
      expect(stopValues).not.toContain(stack.getLogicalId(alarm.node.defaultChild as any));
    }
  });

  test('every experiment of a stack shares one log group and one account-level resource policy, kept as long as the longest retention asked', () => {
    // "An account can have up to 10 resource policies per AWS Region" (CloudWatch Logs API
    // reference, PutResourcePolicy): one policy per service or per experiment would exhaust them.
    const stack = envStack(3);
    const first = orders(stack, { zoneLossExperiments: {}, logRetention: logs.RetentionDays.ONE_MONTH });
    const second = orders(stack, { zoneLossExperiments: { logRetention: logs.RetentionDays.TWO_YEARS } }, 'Payments');
    const logGroups = new Set([...first.zoneLossExperiments, ...second.zoneLossExperiments].map((e) => e.logGroup));
    expect(logGroups.size).toBe(1);
    const [logGroup] = logGroups;
    expect(logGroup.node.path).toBe('TestStack/CdkSafeDeployZoneLossLogs');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Logs::ResourcePolicy', 1);
    const resources = template.toJSON().Resources;
    expect(resources[stack.getLogicalId(logGroup.node.defaultChild as any)].Properties).toEqual({ RetentionInDays: 731 });
  });

  test('the shared log group keeps logs forever once any experiment asks for INFINITE, and never shortens', () => {
    const s = setup();
    experiment(s, { logRetention: logs.RetentionDays.ONE_MONTH }, 'A');
    experiment(s, { logRetention: logs.RetentionDays.INFINITE }, 'B');
    experiment(s, { logRetention: logs.RetentionDays.ONE_WEEK }, 'C');
    const [group] = Object.values(Template.fromStack(s.stack).findResources('AWS::Logs::LogGroup')) as any[];
    expect(group.Properties?.RetentionInDays).toBeUndefined();
  });

  test('a standalone experiment without a log group uses the stack\'s shared one', () => {
    const s = setup();
    const a = experiment(s, {}, 'A');
    const b = experiment(s, { logRetention: logs.RetentionDays.THREE_MONTHS }, 'B');
    expect(a.logGroup).toBe(b.logGroup);
    expect(a.logGroup.node.path).toBe(`${s.stack.node.path}/CdkSafeDeployZoneLossLogs`);
    const template = Template.fromStack(s.stack);
    template.resourceCountIs('AWS::Logs::ResourcePolicy', 1);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  test('passes duration and the impairment switches on', () => {
    const stack = envStack(3);
    orders(stack, { zoneLossExperiments: { duration: Duration.minutes(20), disruptNetwork: false } });
    const templates = Object.values(Template.fromStack(stack).findResources('AWS::FIS::ExperimentTemplate')).map((r: any) => r.Properties);
    expect(templates).toHaveLength(3);
    for (const props of templates) {
      expect(Object.keys(props.Actions).sort()).toEqual(['ObserveRecovery', 'StopZoneTasks']);
      expect(props.Actions.ObserveRecovery.Parameters).toEqual({ duration: 'PT20M' });
    }
  });

  test('in an environment-agnostic stack the zones are tokens and each experiment still takes its own zone\'s subnet', () => {
    const stack = agnosticStack();
    const service = orders(stack, { zoneLossExperiments: {} });
    expect(service.zoneLossExperiments).toHaveLength(2);
    const taskSubnets: any[] = only(Template.fromStack(stack), 'AWS::ECS::Service').NetworkConfiguration.AwsvpcConfiguration.Subnets;
    service.zoneLossExperiments.forEach((zoneLoss, i) => {
      const props = stack.resolve(zoneLoss.template._toCloudFormation()).Resources[stack.getLogicalId(zoneLoss.template)].Properties;
      expect(JSON.stringify(props.Targets.ZoneSubnets.ResourceArns)).toContain(JSON.stringify(taskSubnets[i]));
      expect(props.Targets.ZoneTasks.Filters).toEqual([{ Path: 'AvailabilityZone', Values: [{ 'Fn::Select': [i, { 'Fn::GetAZs': '' }] }] }]);
    });
  });

  test('cfn-lint finds no errors in a service stack with zone-loss experiments', () => {
    const stack = envStack(3);
    orders(stack, { zoneLossExperiments: {} });
    expect(cfnLint(Template.fromStack(stack).toJSON())).toEqual({ errors: 0, errorLines: [] });
  });
});
