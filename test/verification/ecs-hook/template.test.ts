/**
 * The verification hook in a MultiAzService template: the hook role's ECS permissions (resource
 * types and ARN formats from the Service Authorization Reference, "Actions, resources, and condition
 * keys for Amazon Elastic Container Service"), the service created only after every role ECS assumes
 * for it has its policy, the after-traffic stage, and checks that can never pass refused at synth.
 */
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { only, orders } from '../../multi-az-service/support';
import { envStack } from '../../support/app';

/** A CloudFormation value as text: references as `<LogicalId>` / `<LogicalId.Attr>`, pseudo parameters as `<AWS::...>`. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, any>;
  if (v.Ref !== undefined) return `<${v.Ref}>`;
  if (v['Fn::GetAtt'] !== undefined) return `<${v['Fn::GetAtt'].join('.')}>`;
  if (v['Fn::Join'] !== undefined) return (v['Fn::Join'][1] as unknown[]).map(render).join(v['Fn::Join'][0]);
  return JSON.stringify(value);
}

/** The hook function role's statements, with resources and conditions rendered. */
function hookStatements(template: Template): Array<{ Action: string | string[]; Resource: string[]; Condition?: unknown }> {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp('MultiAzServiceVerifyHook.*Role') }] },
  });
  const [policy] = Object.values(policies) as any[];
  return policy.Properties.PolicyDocument.Statement.map((s: any) => ({
    Action: s.Action,
    Resource: ([] as unknown[]).concat(s.Resource).map(render),
    ...(s.Condition ? { Condition: JSON.parse(JSON.stringify(s.Condition, (_k, v) => (typeof v === 'object' && v && ('Ref' in v || 'Fn::GetAtt' in v) ? render(v) : v))) } : {}),
  }));
}

function hookDetails(stack: Stack, template: Template, index = 0): any {
  const services = Object.values(template.findResources('AWS::ECS::Service')) as any[];
  const hook = services[index].Properties.DeploymentConfiguration.LifecycleHooks[0];
  const rendered = stack.resolve(hook.HookDetails);
  return JSON.parse((rendered['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'string' ? p : render(p))).join(''));
}

describe('hook role: ECS permissions scoped to the cluster', () => {
  const stack = envStack(3);
  const service = orders(stack);
  orders(stack, {}, 'Payments');
  const template = Template.fromStack(stack);
  const statements = hookStatements(template);
  const cluster = `<${stack.getLogicalId(service.cluster.node.defaultChild as ecs.CfnCluster)}>`;
  const ecsArn = (type: string) => `arn:<AWS::Partition>:ecs:eu-west-1:123456789012:${type}/${cluster}/*`;
  const clusterCondition = { ArnEquals: { 'ecs:cluster': `<${cluster.slice(1, -1)}.Arn>` } };

  test('DescribeServiceRevisions on both the service and the service-revision resource types', () => {
    expect(statements).toContainEqual({ Action: 'ecs:DescribeServiceRevisions', Resource: [ecsArn('service'), ecsArn('service-revision')] });
  });

  test('DescribeServiceDeployments on both the service and the service-deployment resource types', () => {
    expect(statements).toContainEqual({ Action: 'ecs:DescribeServiceDeployments', Resource: [ecsArn('service'), ecsArn('service-deployment')] });
  });

  test("DescribeTasks on the cluster's task ARNs with the ecs:cluster condition; ListTasks by the condition", () => {
    expect(statements).toContainEqual({ Action: 'ecs:DescribeTasks', Resource: [ecsArn('task')], Condition: clusterCondition });
    expect(statements).toContainEqual({ Action: 'ecs:ListTasks', Resource: ['*'], Condition: clusterCondition });
  });

  test('once per cluster, however many services share it; ELB reads unchanged', () => {
    expect(statements.filter((s) => String(s.Action).startsWith('ecs:'))).toHaveLength(4);
    expect(statements).toContainEqual({ Action: ['elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeTargetHealth'], Resource: ['*'] });
  });

  test('a service in another cluster of the same VPC adds that cluster', () => {
    const s = envStack(3);
    const first = orders(s);
    const other = new ecs.Cluster(s, 'Other', { vpc: first.vpc });
    orders(s, { vpc: first.vpc, cluster: other }, 'Payments');
    const actions = hookStatements(Template.fromStack(s)).filter((x) => x.Action === 'ecs:DescribeServiceRevisions');
    expect(actions.map((x) => x.Resource[1])).toEqual([
      expect.stringMatching(/service-revision\/<MultiAzServiceNetworkCluster.*>\/\*$/),
      expect.stringMatching(/service-revision\/<Other.*>\/\*$/),
    ]);
  });
});

describe('the service waits for every role ECS assumes for it', () => {
  const stack = envStack(3);
  const service = orders(stack);
  const template = Template.fromStack(stack);
  const [id] = Object.keys(template.findResources('AWS::ECS::Service'));
  const dependsOn: string[] = template.toJSON().Resources[id].DependsOn;
  const policyOf = (roleId: string) => Object.entries(template.findResources('AWS::IAM::Policy')).find(([, p]: [string, any]) => p.Properties.Roles.some((r: any) => r.Ref === roleId))?.[0];

  test("the lifecycle-hook invoke role's policy (ECS invokes the hook while it creates the service)", () => {
    const role = stack.getLogicalId(service.node.findChild('VerifyHookInvokeRole').node.defaultChild as any);
    expect(policyOf(role)).toBeDefined();
    expect(dependsOn).toEqual(expect.arrayContaining([role, policyOf(role)]));
  });

  test('the alternate-target (load balancer infrastructure) role, with its managed policy', () => {
    const role = stack.getLogicalId(service.service.node.findChild('AlternateTargetRole').node.defaultChild as any);
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers']] }],
    });
    expect(dependsOn).toContain(role);
  });

  test("the task execution role's policy (ECS pulls the image and writes logs with it)", () => {
    const role = stack.getLogicalId(service.taskDefinition.executionRole!.node.defaultChild as any);
    expect(policyOf(role)).toBeDefined();
    expect(dependsOn).toEqual(expect.arrayContaining([role, policyOf(role)]));
  });

  test('and the hook function exists, with its own policy, before the service', () => {
    const hookTarget = only(template, 'AWS::ECS::Service').DeploymentConfiguration.LifecycleHooks[0].HookTargetArn;
    expect(hookTarget['Fn::GetAtt'][1]).toBe('Arn');
    const fnResource = template.toJSON().Resources[hookTarget['Fn::GetAtt'][0]];
    expect(fnResource.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^MultiAzServiceVerifyHook\w*RoleDefaultPolicy/)]));
  });
});

describe('hook details', () => {
  test('carry each task subnet with its CIDR block and zone, for targets ELB reports no zone for', () => {
    const stack = envStack(3);
    orders(stack);
    const template = Template.fromStack(stack);
    const details = hookDetails(stack, template);
    expect(details.subnets).toHaveLength(3);
    expect(details.subnets.map((s: any) => s.zone)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    for (const s of details.subnets) expect(s.cidr).toMatch(/^10\.\d+\.\d+\.\d+\/\d+$/);
    expect(details.apiOutageBudgetSeconds).toBe(300);
  });

  test('leave out subnets whose CIDR block is not known (imported without it)', () => {
    const stack = envStack(3);
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      publicSubnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b', 'subnet-0000000000000000c'],
      privateSubnetIds: ['subnet-1000000000000000a', 'subnet-1000000000000000b', 'subnet-1000000000000000c'],
    });
    orders(stack, { vpc });
    expect(hookDetails(stack, Template.fromStack(stack)).subnets).toBeUndefined();
  });
});

describe('checks after production traffic', () => {
  test('registered at POST_PRODUCTION_TRAFFIC_SHIFT, with their checks, only when declared', () => {
    const stack = envStack(3);
    orders(stack, { checksAfterTraffic: [{ name: 'orders', path: '/orders', bodyContains: '[' }] });
    const template = Template.fromStack(stack);
    const hook = only(template, 'AWS::ECS::Service').DeploymentConfiguration.LifecycleHooks;
    expect(hook).toHaveLength(1);
    expect(hook[0].LifecycleStages).toEqual(['POST_TEST_TRAFFIC_SHIFT', 'POST_PRODUCTION_TRAFFIC_SHIFT']);
    const details = hookDetails(stack, template);
    expect(details.afterTrafficChecks).toEqual([{ name: 'orders', path: '/orders', method: 'GET', headers: {}, expectStatus: 200, bodyContains: '[', maxLatencyMs: 2000 }]);
    expect(details.checks.map((c: any) => c.name)).toEqual(['health']);
  });

  test('not registered without them (or with an empty list)', () => {
    for (const checksAfterTraffic of [undefined, []]) {
      const stack = envStack(3);
      orders(stack, { checksAfterTraffic });
      const template = Template.fromStack(stack);
      expect(only(template, 'AWS::ECS::Service').DeploymentConfiguration.LifecycleHooks[0].LifecycleStages).toEqual(['POST_TEST_TRAFFIC_SHIFT']);
      expect(hookDetails(stack, template).afterTrafficChecks).toBeUndefined();
    }
  });

  test('fails when combined with rolling deployments', () => {
    expect(() => orders(envStack(3), { rolling: true, checksAfterTraffic: [{ name: 'orders', path: '/orders' }] }))
      .toThrow(/^checksAfterTraffic cannot be combined with rolling: true: rolling updates have no production-traffic stage .* Remove checksAfterTraffic, or remove rolling/);
  });
});

describe('checks that can never pass are refused at synth, naming the prop', () => {
  test('fails when a check sends HEAD and expects text in the body', () => {
    expect(() => orders(envStack(3), { checks: [{ name: 'health', path: '/health', method: 'HEAD', bodyContains: 'ok' }] }))
      .toThrow(/^checks\[0\]\.bodyContains: a response to HEAD carries no body, so the body can never contain "ok"\. Use method 'GET'/);
  });

  test('fails when an after-traffic check expects 204 and text in the body', () => {
    expect(() => orders(envStack(3), { checksAfterTraffic: [{ name: 'ok', path: '/' }, { name: 'ping', path: '/ping', expectStatus: 204, bodyContains: 'pong' }] }))
      .toThrow(/^checksAfterTraffic\[1\]\.bodyContains: a 204 response carries no body, so the body can never contain "pong"\. Remove bodyContains/);
  });

  test('fails when a check expects an interim status', () => {
    expect(() => orders(envStack(3), { checks: [{ name: 'continue', path: '/', expectStatus: 100 }] })).toThrow(/^checks\[0\]\.expectStatus: 100 is an interim \(1xx\) status/);
  });
});
