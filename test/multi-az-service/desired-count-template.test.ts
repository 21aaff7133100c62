import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { only, orders } from './support';
import { MultiAzServiceProps } from '../../src/multi-az-service';
import { envStack } from '../support/app';

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: string[] }>;

function synth(props: Partial<MultiAzServiceProps> = {}, stack: Stack = envStack(3)): { template: Template; resources: Resources } {
  orders(stack, props);
  const template = Template.fromStack(stack);
  return { template, resources: template.toJSON().Resources };
}

function idOf(resources: Resources, type: string): string {
  const ids = Object.keys(resources).filter((id) => resources[id].Type === type);
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0];
}

/** Every Ref and Fn::GetAtt in a property tree. */
function referencesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    value.forEach((v) => referencesIn(v, out));
  } else if (typeof value === 'object' && value !== null) {
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') out.push(JSON.stringify({ Ref: v.Ref }));
    else if (Array.isArray(v['Fn::GetAtt'])) out.push(JSON.stringify({ 'Fn::GetAtt': v['Fn::GetAtt'] }));
    else Object.values(v).forEach((c) => referencesIn(c, out));
  }
  return out;
}

describe('the service DesiredCount is read at deploy time', () => {
  const { template, resources } = synth({ baselineTasks: 4 });
  const crId = idOf(resources, 'Custom::ServiceDesiredCount');
  const serviceId = idOf(resources, 'AWS::ECS::Service');
  const cr = resources[crId].Properties;

  test('the service DesiredCount is the custom resource attribute', () => {
    expect(resources[serviceId].Properties.DesiredCount).toEqual({ 'Fn::GetAtt': [crId, 'DesiredCount'] });
  });

  test('the custom resource names the service, its cluster and the capacity plan, and times out in 5 minutes', () => {
    expect(cr).toMatchObject({
      ServiceTimeout: '300',
      ServiceLogicalId: serviceId,
      Cluster: { Ref: idOf(resources, 'AWS::ECS::Cluster') },
      Floor: 6,
      Maximum: 18,
    });
    template.hasResourceProperties('Custom::ServiceDesiredCount', { ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MultiAzServiceDesiredCountFunction'), 'Arn'] } });
    // The scalable target keeps the plan as its floor and ceiling.
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 6, MaxCapacity: 18 });
  });

  test('every reference in the service properties is a property of the custom resource, so any change to one re-reads the count', () => {
    const { DesiredCount: _own, ...serviceProps } = resources[serviceId].Properties;
    const inService = new Set(referencesIn(serviceProps).filter((r) => !r.includes('"AWS::')));
    expect(inService.size).toBeGreaterThan(8);
    expect(new Set(referencesIn(cr.ServiceReferences))).toEqual(inService);
    expect(cr.ServiceReferences).toContainEqual({ Ref: idOf(resources, 'AWS::ECS::TaskDefinition') });
  });

  test('the custom resource never refers to the service or its scalable target (no dependency cycle)', () => {
    // ServiceLogicalId is a literal string: CloudFormation resolves no reference to the service.
    const refs = referencesIn(resources[crId]).join();
    expect(refs).not.toContain(`"${serviceId}"`);
    expect(refs).not.toContain(idOf(resources, 'AWS::ApplicationAutoScaling::ScalableTarget'));
    expect(resources[crId].DependsOn).toBeUndefined();
  });
});

describe('the custom resource properties change whenever CloudFormation would call UpdateService', () => {
  const before = synth();
  const crOf = (r: Resources) => r[idOf(r, 'Custom::ServiceDesiredCount')].Properties;

  test('a new image replaces the task definition, whose ARN (a reference of the custom resource) then changes', () => {
    const after = synth({ image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27') });
    const taskDef = (r: Resources) => r[idOf(r, 'AWS::ECS::TaskDefinition')];
    expect(idOf(after.resources, 'AWS::ECS::TaskDefinition')).toBe(idOf(before.resources, 'AWS::ECS::TaskDefinition'));
    expect(taskDef(after.resources).Properties.ContainerDefinitions[0].Image).toBe('public.ecr.aws/nginx/nginx:1.27');
    expect(taskDef(before.resources).Properties.ContainerDefinitions[0].Image).not.toBe('public.ecr.aws/nginx/nginx:1.27');
    // ContainerDefinitions is a replacement property of AWS::ECS::TaskDefinition: a new revision, a new ARN.
    expect(crOf(after.resources).ServiceReferences).toContainEqual({ Ref: idOf(after.resources, 'AWS::ECS::TaskDefinition') });
  });

  test.each<[string, Partial<MultiAzServiceProps>]>([
    ['health-check grace period', { healthCheckGracePeriod: Duration.seconds(120) }],
    ['bake time', { bakeTime: Duration.minutes(30) }],
    ['checks (the hook details)', { checks: [{ name: 'orders', path: '/orders' }] }],
    ['deployment strategy', { rolling: true }],
  ])('a change of %s changes the service digest', (_name, props) => {
    const after = synth(props);
    const service = (r: Resources) => r[idOf(r, 'AWS::ECS::Service')].Properties;
    expect(JSON.stringify(service(after.resources))).not.toBe(JSON.stringify(service(before.resources)));
    expect(crOf(after.resources).ServiceDigest).not.toBe(crOf(before.resources).ServiceDigest);
  });

  test('an unchanged service gives the same digest (no needless updates)', () => {
    expect(crOf(synth().resources)).toEqual(crOf(before.resources));
  });

  test('a capacity-plan change is a property change too (the new floor applies at once)', () => {
    const after = synth({ baselineTasks: 8 });
    expect(crOf(after.resources)).toMatchObject({ Floor: 12, Maximum: 36 });
  });
});

describe('the provider: one per stack, least privilege', () => {
  const stack = envStack(3);
  const a = orders(stack, {}, 'Orders');
  orders(stack, { zones: 2 }, 'Payments');
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Resources;
  const roleId = Object.keys(resources).find((id) => /^MultiAzServiceDesiredCountRole/.test(id))!;
  const statements = resources[roleId].Properties.Policies[0].PolicyDocument.Statement;

  test('one function, role and log group for the stack; one custom resource per service', () => {
    template.resourceCountIs('Custom::ServiceDesiredCount', 2);
    const ours = Object.keys(resources).filter((id) => id.startsWith('MultiAzServiceDesiredCount'));
    expect(ours.map((id) => resources[id].Type).sort()).toEqual(['AWS::IAM::Role', 'AWS::Lambda::Function', 'AWS::Logs::LogGroup']);
    expect(a.desiredCountResource.node.path).toBe('TestStack/Orders/DesiredCount/Resource');
  });

  test('the function logs to its own log group, kept a year (the default logRetention), and runs for at most a minute', () => {
    const logGroupId = Object.keys(resources).find((id) => /^MultiAzServiceDesiredCountLogs/.test(id))!;
    expect(resources[logGroupId].Properties.RetentionInDays).toBe(365);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [roleId, 'Arn'] },
      LoggingConfig: { LogGroup: { Ref: logGroupId } },
      Timeout: 60,
      Runtime: 'nodejs22.x',
    });
  });

  test('its role has an inline policy only: logs to its log group, the stack, the cluster\'s services, the scalable targets', () => {
    expect(resources[roleId].Properties.ManagedPolicyArns).toBeUndefined();
    const logGroupId = Object.keys(resources).find((id) => /^MultiAzServiceDesiredCountLogs/.test(id))!;
    const clusterId = idOf(resources, 'AWS::ECS::Cluster');
    expect(statements).toEqual([
      { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } },
      { Sid: 'FindServiceInThisStack', Effect: 'Allow', Action: 'cloudformation:DescribeStackResource', Resource: { Ref: 'AWS::StackId' } },
      // The Service Authorization Reference lists no resource type for DescribeScalableTargets.
      { Sid: 'ReadScalableTargets', Effect: 'Allow', Action: 'application-autoscaling:DescribeScalableTargets', Resource: '*' },
      // Two services in one cluster: one statement.
      {
        Effect: 'Allow',
        Action: 'ecs:DescribeServices',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecs:eu-west-1:123456789012:service/', { Ref: clusterId }, '/*']] },
      },
    ]);
  });

  test('a service in another cluster adds that cluster\'s services only', () => {
    const s = envStack(3);
    const vpc = new ec2.Vpc(s, 'Vpc', { maxAzs: 3, natGateways: 3 });
    const other = new ecs.Cluster(s, 'Other', { vpc });
    orders(s, { vpc }, 'Orders');
    orders(s, { vpc, cluster: other }, 'Payments');
    const r = Template.fromStack(s).toJSON().Resources as Resources;
    const role = Object.keys(r).find((id) => /^MultiAzServiceDesiredCountRole/.test(id))!;
    const ecsStatements = r[role].Properties.Policies[0].PolicyDocument.Statement.filter((st: any) => st.Action === 'ecs:DescribeServices');
    const clusters = ecsStatements.map((st: any) => st.Resource['Fn::Join'][1][3].Ref).sort();
    const clusterIds = Object.keys(r).filter((id) => r[id].Type === 'AWS::ECS::Cluster').sort();
    expect(clusterIds).toHaveLength(2);
    expect(clusters).toEqual(clusterIds);
  });

  test('the service waits for nothing new: its DesiredCount attribute orders it after the custom resource', () => {
    expect(only(template, 'AWS::ECS::Service', { Properties: { DesiredCount: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersDesiredCount'), 'DesiredCount'] } } })).toBeDefined();
  });
});
