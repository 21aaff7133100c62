import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BlueGreenLambda } from '../../src';
import { isScopedRuleId, acknowledgeNag } from '../../src/private/nag';
import { blueGreen, FUNCTION_PROPS } from '../blue-green-lambda/support';
import { orders } from '../multi-az-service/support';
import { envStack } from '../support/app';

const ZONE_ATTRS = { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' };
const zone = (stack: Stack) => route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', ZONE_ATTRS);
const containerOf = (t: Template) => (Object.values(t.findResources('AWS::ECS::TaskDefinition'))[0] as any).Properties.ContainerDefinitions[0];

describe('MultiAzService defaults', () => {
  const stack = envStack(3);
  const service = orders(stack);
  const template = Template.fromStack(stack);

  test('plain HTTP on an internet-facing load balancer warns cdk-safe-deploy:plainHttp', () => {
    Annotations.fromStack(stack).hasWarning('/TestStack/Orders', Match.stringLikeRegexp('plain HTTP.*Pass domainName and hostedZone.*\\[ack: cdk-safe-deploy:plainHttp\\]'));
    expect(service.certificate).toBeUndefined();
  });

  test('the container has a memory hard limit equal to the task memory, the image user and a writable root file system', () => {
    expect(containerOf(template)).toMatchObject({ Memory: 1024 });
    expect(containerOf(template).User).toBeUndefined();
    expect(containerOf(template).ReadonlyRootFilesystem).toBe(false);
  });

  test('every log group is created by the library with a one-year retention', () => {
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup')) as any[];
    // container, verification hook, desired-count function, flow log, default-security-group function
    expect(groups).toHaveLength(5);
    for (const g of groups) expect(g.Properties.RetentionInDays).toBe(365);
  });

  test('the verification hook logs to its own group, through its own role with no AWS managed policy', () => {
    const [hookId, hook] = Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith('MultiAzServiceVerifyHook'))! as [string, any];
    expect(hook.Properties.LoggingConfig.LogGroup.Ref).toMatch(/^MultiAzServiceVerifyHook.*Logs/);
    const roleId = hook.Properties.Role['Fn::GetAtt'][0];
    expect(template.toJSON().Resources[roleId].Properties.ManagedPolicyArns).toBeUndefined();
    // the network-interface permissions exist before the function (Lambda checks them on create)
    expect(hook.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^MultiAzServiceVerifyHook.*RoleDefaultPolicy/)]));
    expect(hookId).toBeDefined();
  });

  test('the shared VPC assigns no public IPs on launch, in every subnet', () => {
    const subnets = Object.values(template.findResources('AWS::EC2::Subnet')) as any[];
    expect(subnets).toHaveLength(6);
    for (const s of subnets) expect(s.Properties.MapPublicIpOnLaunch).toBe(false);
  });

  test('the shared VPC logs rejected flows through an L1 flow log with its own role and log group, acknowledging nothing', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'REJECT',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: { Ref: Match.stringLikeRegexp('^MultiAzServiceNetworkFlowLogGroup') },
      DeliverLogsPermissionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MultiAzServiceNetworkFlowLogRole'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'vpc-flow-logs.amazonaws.com' } })] },
    });
  });

  test('the shared VPC\'s default security group is restricted, and its function logs to a group that exists first', () => {
    const [crId, cr] = Object.entries(template.findResources('Custom::VpcRestrictDefaultSG'))[0] as [string, any];
    expect(crId).toMatch(/RestrictDefaultSecurityGroupCustomResource/);
    const logGroupId = Object.keys(template.findResources('AWS::Logs::LogGroup')).find((id) => id.startsWith('MultiAzServiceNetworkRestrictDefaultSecurityGroupLogs'))!;
    expect(cr.DependsOn).toContain(logGroupId);
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: { 'Fn::Join': ['', ['/aws/lambda/', { Ref: Match.stringLikeRegexp('^CustomVpcRestrictDefaultSGCustomResourceProviderHandler') }]] },
      RetentionInDays: 365,
    });
  });

  test('no access logs, no deletion protection, no web ACL, no record', () => {
    const lb = (Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0] as any).Properties;
    expect(lb.LoadBalancerAttributes).toEqual(expect.arrayContaining([{ Key: 'deletion_protection.enabled', Value: 'false' }]));
    expect(lb.LoadBalancerAttributes).not.toEqual(expect.arrayContaining([{ Key: 'access_logs.s3.enabled', Value: 'true' }]));
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
  });

  test('no library acknowledgement on the load balancer, its security group, the task definition or the service', () => {
    for (const c of [service.loadBalancer, service.taskDefinition, service.service, service.container]) {
      for (const node of c.node.findAll()) {
        expect(node.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules')).toEqual([]);
      }
    }
  });
});

describe('MultiAzService options', () => {
  test('domainName with hostedZone: a DNS-validated certificate, HTTPS on 443, a redirect on 80 and an alias record, no warning', () => {
    const stack = envStack(3);
    const service = orders(stack, { domainName: 'orders.example.com', hostedZone: zone(stack) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'orders.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'orders.example.com', HostedZoneId: ZONE_ATTRS.hostedZoneId }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: { Ref: Match.stringLikeRegexp('^OrdersCertificate') } }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [Match.objectLike({ Type: 'redirect', RedirectConfig: Match.objectLike({ Port: '443', Protocol: 'HTTPS' }) })],
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'orders.example.com.',
      Type: 'A',
      HostedZoneId: ZONE_ATTRS.hostedZoneId,
      AliasTarget: Match.objectLike({ DNSName: Match.anyValue() }),
    });
    expect(service.record).toBeDefined();
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('plainHttp'))).toEqual([]);
  });

  test('a given certificate is used as is, with the domain\'s record but no new certificate', () => {
    const stack = envStack(3);
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc');
    const service = orders(stack, { certificate, domainName: 'orders.example.com', hostedZone: zone(stack) });
    const template = Template.fromStack(stack);
    expect(service.certificate).toBe(certificate);
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    template.resourceCountIs('AWS::Route53::RecordSet', 1);
  });

  test('an internal load balancer on plain HTTP does not warn', () => {
    const stack = envStack(3);
    orders(stack, { internetFacing: false });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('plainHttp'))).toEqual([]);
  });

  test('containerUser, readonlyRootFilesystem and writablePaths: the user, a read-only root and one task volume per path', () => {
    const stack = envStack(3);
    orders(stack, { containerUser: '101:101', readonlyRootFilesystem: true, writablePaths: ['/tmp', '/var/cache/nginx'], memoryLimitMiB: 2048 });
    const template = Template.fromStack(stack);
    const td = (Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0] as any).Properties;
    expect(td.Volumes).toEqual([{ Name: 'writable-0' }, { Name: 'writable-1' }]);
    expect(containerOf(template)).toMatchObject({
      User: '101:101',
      ReadonlyRootFilesystem: true,
      Memory: 2048,
      MountPoints: [
        { SourceVolume: 'writable-0', ContainerPath: '/tmp', ReadOnly: false },
        { SourceVolume: 'writable-1', ContainerPath: '/var/cache/nginx', ReadOnly: false },
      ],
    });
  });

  test('logRetention applies to the container, the verification hook, the desired-count function and the shared network', () => {
    const stack = envStack(3);
    orders(stack, { logRetention: logs.RetentionDays.TWO_YEARS });
    for (const g of Object.values(Template.fromStack(stack).findResources('AWS::Logs::LogGroup')) as any[]) {
      expect(g.Properties.RetentionInDays).toBe(731);
    }
  });

  test('accessLogBucket, deletionProtection and webAclArn', () => {
    const stack = envStack(3);
    const bucket = new s3.Bucket(stack, 'AccessLogs');
    const arn = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/orders/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
    orders(stack, { accessLogBucket: bucket, deletionProtection: true, webAclArn: arn });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
      ]),
    });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { Ref: Match.stringLikeRegexp('^OrdersLoadBalancer') },
      WebACLArn: arn,
    });
  });

  test('restrictDefaultSecurityGroup: false leaves the default security group and defines no custom resource', () => {
    const stack = envStack(3);
    orders(stack, { restrictDefaultSecurityGroup: false });
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 0);
    // container, verification hook, desired-count function, flow log
    template.resourceCountIs('AWS::Logs::LogGroup', 4);
  });

  test('every default-security-group custom resource of the stack waits for the shared function\'s log group, a user VPC\'s too', () => {
    const stack = envStack(3);
    new ec2.Vpc(stack, 'OtherVpc', { maxAzs: 2, natGateways: 0, restrictDefaultSecurityGroup: true });
    orders(stack);
    const template = Template.fromStack(stack);
    const logGroupId = Object.keys(template.findResources('AWS::Logs::LogGroup')).find((id) => id.startsWith('MultiAzServiceNetworkRestrictDefaultSecurityGroupLogs'))!;
    const resources = Object.entries(template.findResources('Custom::VpcRestrictDefaultSG')) as Array<[string, any]>;
    expect(resources.map(([id]) => id.slice(0, 8)).sort()).toEqual(['MultiAzS', 'OtherVpc']);
    for (const [, r] of resources) expect(r.DependsOn).toContain(logGroupId);
    // the default-security-group function, the verification hook and the desired-count function
    template.resourceCountIs('AWS::Lambda::Function', 3);
  });

  test('a user VPC gets no flow log and no custom resource from the library', () => {
    const stack = envStack(3);
    const vpc = new ec2.Vpc(stack, 'MyVpc', { maxAzs: 3, restrictDefaultSecurityGroup: false });
    orders(stack, { vpc });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::FlowLog', 0);
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 0);
  });
});

describe('MultiAzService validation', () => {
  test('fails when domainName has no hostedZone', () => {
    expect(() => orders(envStack(3), { domainName: 'orders.example.com' })).toThrow(/domainName is 'orders.example.com' but hostedZone is not set/);
  });

  test('fails when hostedZone has no domainName', () => {
    const stack = envStack(3);
    expect(() => orders(stack, { hostedZone: zone(stack) })).toThrow(/hostedZone is set but domainName is not/);
  });

  test('fails when domainName is not in the hosted zone', () => {
    const stack = envStack(3);
    expect(() => orders(stack, { domainName: 'orders.example.org', hostedZone: zone(stack) })).toThrow(/domainName 'orders.example.org' is not in hostedZone 'example.com'/);
  });

  test.each(['tmp', '/', '/tmp/', '/var//run', '/var/../etc', './tmp'])('fails when a writable path is not absolute and normalised: %s', (p) => {
    expect(() => orders(envStack(3), { readonlyRootFilesystem: true, writablePaths: [p] })).toThrow(/writablePaths must hold absolute, normalised paths/);
  });

  test('fails when a writable path is listed twice', () => {
    expect(() => orders(envStack(3), { readonlyRootFilesystem: true, writablePaths: ['/tmp', '/tmp'] })).toThrow(/writablePaths lists '\/tmp' twice/);
  });

  test('fails when writablePaths is given without readonlyRootFilesystem', () => {
    expect(() => orders(envStack(3), { writablePaths: ['/tmp'] })).toThrow(/writablePaths is set \(\/tmp\) but readonlyRootFilesystem is not/);
  });

  test.each(['root', '0', '0:0', 'root:staff'])('fails when containerUser is root: %s', (user) => {
    expect(() => orders(envStack(3), { containerUser: user })).toThrow(/containerUser must not be root/);
  });

  test.each(['', ':100'])('fails when containerUser names no user: "%s"', (user) => {
    expect(() => orders(envStack(3), { containerUser: user })).toThrow(/containerUser must name a user/);
  });

  test('fails when a later service asks the shared network for another log retention or default-security-group choice', () => {
    const stack = envStack(3);
    orders(stack, { logRetention: logs.RetentionDays.ONE_MONTH });
    expect(() => orders(stack, { logRetention: logs.RetentionDays.ONE_YEAR }, 'Payments')).toThrow(/logRetention is 365 on TestStack\/Payments, but the stack's shared MultiAzService network was defined with 30/);
    expect(() => orders(stack, { restrictDefaultSecurityGroup: false }, 'Billing')).toThrow(/restrictDefaultSecurityGroup is false on TestStack\/Billing/);
  });

  test('fails when a later service in a VPC of its own asks the shared per-stack functions for another log retention', () => {
    const stack = envStack(3);
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 });
    orders(stack, { vpc, logRetention: logs.RetentionDays.ONE_MONTH });
    // The desired-count function (one per stack) is defined before the service, the hook after it.
    expect(() => orders(stack, { vpc, logRetention: logs.RetentionDays.ONE_YEAR }, 'Payments'))
      .toThrow(/logRetention is 365 days on TestStack\/Payments\/DesiredCount, but the desired-count function it shares with the other services of the stack keeps its logs 30 days \(set by the first of them\): give them the same logRetention, or leave it out after the first/);
    expect(() => orders(stack, { vpc }, 'Billing')).not.toThrow();
  });

  test('a later service without logRetention takes the shared network\'s', () => {
    const stack = envStack(3);
    orders(stack, { logRetention: logs.RetentionDays.ONE_MONTH });
    expect(() => orders(stack, {}, 'Payments')).not.toThrow();
  });
});

describe('BlueGreenLambda hook logs', () => {
  test('the hooks and the failure reporter log one year by default, hookLogRetention otherwise; the user function is left alone', () => {
    const a = envStack();
    blueGreen({}, a);
    for (const g of Object.values(Template.fromStack(a).findResources('AWS::Logs::LogGroup')) as any[]) expect(g.Properties.RetentionInDays).toBe(365);
    const b = envStack();
    blueGreen({ hookLogRetention: logs.RetentionDays.TWO_YEARS }, b);
    const groups = Template.fromStack(b).findResources('AWS::Logs::LogGroup');
    expect(Object.keys(groups).sort()).toEqual([
      expect.stringMatching(/^SafeDeployLambdaResourcesPostTrafficHookLogs/),
      expect.stringMatching(/^SafeDeployLambdaResourcesPreTrafficHookLogs/),
      expect.stringMatching(/^SafeDeployLambdaResourcesReportFailureLogs/),
    ]);
    for (const g of Object.values(groups) as any[]) expect(g.Properties.RetentionInDays).toBe(731);
  });

  test('the hooks set their memory size (no Lambda default)', () => {
    const stack = envStack();
    blueGreen({}, stack);
    for (const [id, fn] of Object.entries(Template.fromStack(stack).findResources('AWS::Lambda::Function')) as Array<[string, any]>) {
      if (id.startsWith('SafeDeployLambdaResources')) expect(fn.Properties.MemorySize).toBe(256);
    }
  });

  test('fails when a later BlueGreenLambda asks for another hookLogRetention', () => {
    const stack = envStack();
    blueGreen({ hookLogRetention: logs.RetentionDays.ONE_MONTH }, stack);
    expect(() => new BlueGreenLambda(stack, 'Worker', { ...FUNCTION_PROPS, hookLogRetention: logs.RetentionDays.ONE_YEAR }))
      .toThrow(/hookLogRetention is 365 days on TestStack\/Worker, but the stack's shared verification hooks keep their logs 30 days/);
  });

  test('no library acknowledgement on the user\'s function or its role', () => {
    const stack = envStack();
    const api = blueGreen({ runtime: lambda.Runtime.NODEJS_22_X }, stack);
    for (const node of api.function.node.findAll()) {
      expect(node.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules')).toEqual([]);
    }
  });
});

describe('acknowledgeNag', () => {
  test.each(['AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/x]', 'CloudFormation-Validate::F3002', 'AwsSolutions-IAM5[Action::s3:*]'])(
    'fails when the id is matched app-wide: %s', (id) => {
      expect(isScopedRuleId(id)).toBe(false);
      expect(() => acknowledgeNag(envStack(), id, 'a reason')).toThrow(/is a qualified rule id, which aws-cdk-lib matches across the whole app/);
    });

  test('accepts a plain id', () => {
    expect(isScopedRuleId('AwsSolutions-L1')).toBe(true);
    expect(() => acknowledgeNag(envStack(), 'AwsSolutions-L1', 'a reason')).not.toThrow();
  });
});
