import { ROLLS_BACK, Resources, lambda, permission, scalableTarget, selectAz, service, template, vpc } from './templates';
import { serviceFacts, zoneLoss } from '../../src/policy/facts';
import { Finding, evaluateTemplate } from '../../src/policy/rules';
import { CfnTemplateJson } from '../../src/policy/template';
import { DeploymentSafetyTier } from '../../src/policy/tier';

function findings(t: CfnTemplateJson, defaultTier?: DeploymentSafetyTier): Finding[] {
  return evaluateTemplate(t, { stackName: 'Test', defaultTier });
}

function rulesOf(t: CfnTemplateJson): string[] {
  return findings(t).map((f) => `${f.rule} ${f.logicalId}`);
}

/** A service in 2 zones, rolling back, with 4 tasks minimum: passes every service rule. */
function goodService(extra: Resources = {}, o: Parameters<typeof service>[0] = {}): CfnTemplateJson {
  return template({ ...vpc(['eu-west-1a', 'eu-west-1b']), ...service({ ...ROLLS_BACK, desiredCount: 4, ...o }), ...extra });
}

describe('Lambda aliases', () => {
  test('an alias shifted by a deployment group with auto-rollback and an alarm passes', () => {
    expect(rulesOf(template({ ...lambda({ shifted: true }), ...permission('Invoke', { Ref: 'Alias' }) }))).toEqual([]);
  });

  test('an alias that takes traffic without CodeDeploy breaks CodeDeployShift', () => {
    const f = findings(template({ ...lambda(), ...permission('Invoke', { Ref: 'Alias' }) }));
    expect(f.map((x) => x.rule)).toEqual(['SafeDeploy-Lambda-CodeDeployShift']);
    expect(f[0].message).toMatch(/alias 'live' takes traffic \(called by Invoke\)/);
    expect(f[0].fix).toMatch(/UpdatePolicy.CodeDeployLambdaAliasUpdate/);
  });

  test('an alias with provisioned concurrency takes traffic even with no caller in the template', () => {
    const r = lambda();
    (r.Alias.Properties as any).ProvisionedConcurrencyConfig = { ProvisionedConcurrentExecutions: 2 };
    expect(rulesOf(template(r))).toEqual(['SafeDeploy-Lambda-CodeDeployShift Alias']);
  });

  test('an alias nothing in the template calls is not judged (a preview alias)', () => {
    expect(rulesOf(template(lambda()))).toEqual([]);
  });

  test('a deployment group without auto-rollback breaks AutoRollback', () => {
    const t = template(lambda({ shifted: true, group: { ApplicationName: { Ref: 'App' }, AlarmConfiguration: { Alarms: [{ Name: 'a' }], Enabled: true } } }));
    const f = findings(t);
    expect(f.map((x) => x.rule)).toEqual(['SafeDeploy-Lambda-AutoRollback']);
    expect(f[0].message).toMatch(/automatic rollback is off/);
  });

  test('auto-rollback that does not roll back on alarm breaks AutoRollback', () => {
    const t = template(lambda({
      shifted: true,
      group: {
        AlarmConfiguration: { Alarms: [{ Name: 'a' }], Enabled: true },
        AutoRollbackConfiguration: { Enabled: true, Events: ['DEPLOYMENT_FAILURE'] },
      },
    }));
    expect(findings(t).map((x) => x.message)).toEqual([expect.stringMatching(/misses DEPLOYMENT_STOP_ON_ALARM/)]);
  });

  test('a deployment group with no alarm breaks RollbackAlarms', () => {
    const t = template(lambda({ shifted: true, group: { AutoRollbackConfiguration: { Enabled: true, Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] } } }));
    expect(rulesOf(t)).toEqual(['SafeDeploy-Lambda-RollbackAlarms Alias']);
  });

  test('a deployment group outside the template cannot be checked and says so', () => {
    const r = lambda({ shifted: true, group: false });
    (r.Alias.UpdatePolicy as any).CodeDeployLambdaAliasUpdate.DeploymentGroupName = 'orders-live';
    const f = findings(template(r));
    expect(f.map((x) => x.rule)).toEqual(['SafeDeploy-Lambda-AutoRollback']);
    expect(f[0].message).toMatch(/"orders-live", which is not in this template/);
  });

  test('a caller of the unqualified function breaks CallerUsesAlias; one of the alias does not', () => {
    const t = template({ ...lambda({ shifted: true }), ...permission('ViaAlias', { Ref: 'Alias' }), ...permission('Direct', { 'Fn::GetAtt': ['Fn', 'Arn'] }) });
    const f = findings(t);
    expect(f.map((x) => `${x.rule} ${x.logicalId}`)).toEqual(['SafeDeploy-Lambda-CallerUsesAlias Direct']);
    expect(f[0].message).toMatch(/calls function Fn unqualified, bypassing alias 'live'/);
  });

  test('a caller of a version, an event source mapping and a function URL break CallerUsesAlias', () => {
    const t = template({
      ...lambda({ shifted: true }),
      ...permission('ViaAlias', { Ref: 'Alias' }),
      ...permission('ToVersion', { Ref: 'FnVersion' }),
      Mapping: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { FunctionName: { Ref: 'Fn' }, EventSourceArn: 'arn:aws:sqs:eu-west-1:111111111111:q' } },
      Url: { Type: 'AWS::Lambda::Url', Properties: { AuthType: 'AWS_IAM', TargetFunctionArn: { 'Fn::GetAtt': ['Fn', 'Arn'] } } },
    });
    expect(rulesOf(t)).toEqual(['SafeDeploy-Lambda-CallerUsesAlias Mapping', 'SafeDeploy-Lambda-CallerUsesAlias ToVersion', 'SafeDeploy-Lambda-CallerUsesAlias Url']);
  });

  test('a function URL on the alias (the function ARN with a separate Qualifier, as aws-cdk-lib writes it) reaches the alias', () => {
    // AWS::Lambda::Url: TargetFunctionArn names the function, Qualifier the alias (CloudFormation
    // resource reference, AWS::Lambda::Url); aws-cdk-lib's alias.addFunctionUrl() writes exactly this.
    const url = (qualifier?: string) => ({ Url: { Type: 'AWS::Lambda::Url', Properties: { AuthType: 'AWS_IAM', TargetFunctionArn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, ...(qualifier ? { Qualifier: qualifier } : {}) } } });
    expect(rulesOf(template({ ...lambda({ shifted: true }), ...url('live') }))).toEqual([]);
    // The URL alone makes the alias take traffic, so an alias without CodeDeploy is reported.
    expect(rulesOf(template({ ...lambda(), ...url('live') }))).toEqual(['SafeDeploy-Lambda-CodeDeployShift Alias']);
    expect(rulesOf(template({ ...lambda({ shifted: true }), ...url('$LATEST') }))).toEqual(['SafeDeploy-Lambda-CallerUsesAlias Url']);
  });

  test('every caller kind the bypass guard knows is a caller for the policy: a state machine, a custom resource, an SNS topic subscription', () => {
    // A Task state's Resource in DefinitionString (Amazon States Language), joined around the function ARN.
    const machine = (after: string) => ({
      Machine: {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: {
          RoleArn: 'arn:aws:iam::111111111111:role/sfn',
          DefinitionString: { 'Fn::Join': ['', ['{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"', { 'Fn::GetAtt': ['Fn', 'Arn'] }, `${after}","End":true}}}`]] },
        },
      },
    });
    expect(rulesOf(template({ ...lambda({ shifted: true }), ...machine('') }))).toEqual(['SafeDeploy-Lambda-CallerUsesAlias Machine']);
    expect(rulesOf(template({ ...lambda({ shifted: true }), ...machine(':live') }))).toEqual([]);
    const custom = { Custom: { Type: 'Custom::Thing', Properties: { ServiceToken: { 'Fn::GetAtt': ['Fn', 'Arn'] } } } };
    expect(rulesOf(template({ ...lambda({ shifted: true }), ...custom }))).toEqual(['SafeDeploy-Lambda-CallerUsesAlias Custom']);
    const topic = { Topic: { Type: 'AWS::SNS::Topic', Properties: { Subscription: [{ Protocol: 'lambda', Endpoint: { 'Fn::GetAtt': ['Fn', 'Arn'] } }] } } };
    expect(rulesOf(template({ ...lambda({ shifted: true }), ...topic }))).toEqual(['SafeDeploy-Lambda-CallerUsesAlias Topic']);
  });

  test('an ARN written as the function ARN and an alias name is a call to the alias', () => {
    const joined = permission('Joined', { 'Fn::Join': [':', [{ 'Fn::GetAtt': ['Fn', 'Arn'] }, 'live']] });
    const sub = permission('Sub', { 'Fn::Sub': '${Fn.Arn}:live' });
    expect(rulesOf(template({ ...lambda({ shifted: true }), ...joined, ...sub }))).toEqual([]);
    // Called only through such ARNs, an alias without CodeDeploy still counts as taking traffic.
    expect(rulesOf(template({ ...lambda(), ...joined }))).toEqual(['SafeDeploy-Lambda-CodeDeployShift Alias']);
  });

  test('an ARN qualified with a version number bypasses the alias', () => {
    const t = template({ ...lambda({ shifted: true }), ...permission('Pinned', { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Fn', 'Arn'] }, ':3']] }) });
    expect(findings(t).map((x) => x.message)).toEqual([expect.stringMatching(/calls function Fn qualified ':3', which is no alias of it, bypassing alias 'live'/)]);
  });

  test('a function without a traffic-taking alias may be called directly', () => {
    expect(rulesOf(template({ ...lambda(), ...permission('Direct', { Ref: 'Fn' }) }))).toEqual([]);
  });
});

describe('Lambda functions in a VPC', () => {
  const fnIn = (subnets: unknown[]) => template({
    ...vpc(['eu-west-1a', 'eu-west-1b']),
    Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: 'x' }, VpcConfig: { SubnetIds: subnets, SecurityGroupIds: ['sg-1'] } } },
  });

  test('subnets in 2 zones pass; one zone breaks VpcZones; outside a VPC is not judged', () => {
    expect(rulesOf(fnIn([{ Ref: 'Subnet0' }, { Ref: 'Subnet1' }]))).toEqual([]);
    const f = findings(fnIn([{ Ref: 'Subnet0' }]));
    expect(f.map((x) => `${x.rule} ${x.logicalId}`)).toEqual(['SafeDeploy-Lambda-VpcZones Fn']);
    expect(f[0].message).toMatch(/its subnets are all in eu-west-1a/);
    expect(rulesOf(template(lambda()))).toEqual([]);
  });
});

describe('ECS services: zones', () => {
  test('subnets in 2 literal zones pass', () => {
    expect(rulesOf(goodService())).toEqual([]);
  });

  test('subnets in one zone break MultiAz', () => {
    const f = findings(template({ ...vpc(['eu-west-1a', 'eu-west-1a', 'eu-west-1b']), ...service({ ...ROLLS_BACK, desiredCount: 4 }) }));
    expect(f.map((x) => x.rule)).toEqual(['SafeDeploy-ECS-MultiAz', 'SafeDeploy-ECS-ZoneLossCapacity']);
    expect(f[0].message).toMatch(/its subnets are all in eu-west-1a/);
    // 4 tasks in 1 zone: the biggest zone holds ceil(4/1) = 4, so 4 - 4 = 0 are left.
    expect(f[1].message).toMatch(/4 task\(s\) minimum .* over 1 zone\(s\) leaves 0 after losing the biggest zone \(4 task\(s\)\)/);
  });

  test('Fn::Select of Fn::GetAZs counts distinct indexes as zones', () => {
    const two = template({ ...vpc([selectAz(0), selectAz(1)]), ...service({ ...ROLLS_BACK, desiredCount: 2 }) });
    expect(rulesOf(two)).toEqual([]);
    const same = template({ ...vpc([selectAz(0), selectAz(0)]), ...service({ ...ROLLS_BACK, desiredCount: 2 }) });
    expect(rulesOf(same)).toContain('SafeDeploy-ECS-MultiAz Service');
  });

  test('imported subnet ids: zones are not visible, and the finding says which subnets', () => {
    const t = template({ ...service({ ...ROLLS_BACK, desiredCount: 4, subnets: ['subnet-0abc', 'subnet-0def'] }) });
    const f = findings(t);
    expect(f.map((x) => x.rule)).toEqual(['SafeDeploy-ECS-MultiAz']);
    expect(f[0].message).toMatch(/subnets whose zone the template does not show: subnet-0abc, subnet-0def/);
  });
});

describe('ECS services: rollback', () => {
  test('no circuit breaker and no alarms break Rollback', () => {
    const t = template({ ...vpc(['a', 'b']), ...service({ desiredCount: 4 }) });
    expect(rulesOf(t)).toEqual(['SafeDeploy-ECS-Rollback Service']);
  });

  test('a circuit breaker that does not roll back breaks Rollback', () => {
    const t = template({ ...vpc(['a', 'b']), ...service({ desiredCount: 4, circuitBreaker: { Enable: true, Rollback: false } }) });
    expect(rulesOf(t)).toEqual(['SafeDeploy-ECS-Rollback Service']);
  });

  test('deployment alarms with rollback pass; without rollback they do not', () => {
    const withRollback = template({ ...vpc(['a', 'b']), ...service({ desiredCount: 4, alarms: { AlarmNames: ['errors'], Enable: true, Rollback: true } }) });
    expect(rulesOf(withRollback)).toEqual([]);
    const without = template({ ...vpc(['a', 'b']), ...service({ desiredCount: 4, alarms: { AlarmNames: ['errors'], Enable: true, Rollback: false } }) });
    expect(rulesOf(without)).toEqual(['SafeDeploy-ECS-Rollback Service']);
  });

  test('the CODE_DEPLOY controller passes with a deployment group of the template that rolls back', () => {
    const group = {
      Type: 'AWS::CodeDeploy::DeploymentGroup',
      Properties: {
        ECSServices: [{ ClusterName: { Ref: 'Cluster' }, ServiceName: { 'Fn::GetAtt': ['Service', 'Name'] } }],
        AutoRollbackConfiguration: { Enabled: true, Events: ['DEPLOYMENT_FAILURE'] },
      },
    };
    expect(rulesOf(template({ ...vpc(['a', 'b']), ...service({ desiredCount: 4, controller: 'CODE_DEPLOY' }), Group: group }))).toEqual([]);
    expect(rulesOf(template({ ...vpc(['a', 'b']), ...service({ desiredCount: 4, controller: 'CODE_DEPLOY' }) }))).toEqual(['SafeDeploy-ECS-Rollback Service']);
  });
});

describe('facts', () => {
  test('deployment alarm names: a Ref, a literal name or the same Fn::Join find the alarm; other names do not', () => {
    const t = template({
      ...vpc(['a', 'b']),
      ...service({ desiredCount: 4 }),
      ByRef: { Type: 'AWS::CloudWatch::Alarm', Properties: { EvaluationPeriods: 1, Period: 60 } },
      ByName: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: 'orders-5xx', EvaluationPeriods: 1, Period: 60 } },
      ByJoin: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: { 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, 'blue-5xx']] }, EvaluationPeriods: 1, Period: 60 } },
    });
    const joined = { 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, 'blue-5xx']] };
    (t.Resources!.Service.Properties as any).DeploymentConfiguration.Alarms = { AlarmNames: [{ Ref: 'ByRef' }, 'orders-5xx', joined, 'elsewhere'], Enable: true, Rollback: true };
    expect(serviceFacts(t)[0].rollback).toMatchObject({ alarmIds: ['ByRef', 'ByName', 'ByJoin', undefined], alarmsRollback: true });
  });
});

describe('ECS services: capacity after losing a zone', () => {
  test.each([
    // [min, zones, lost = ceil(min / zones), left = min - lost]
    [1, 2, 1, 0],
    [2, 2, 1, 1],
    [3, 2, 2, 1],
    [4, 3, 2, 2],
    [5, 3, 2, 3],
    [6, 3, 2, 4],
    [7, 3, 3, 4],
  ])('%i tasks over %i zones: the biggest zone holds %i, %i are left', (min, zones, lost, left) => {
    expect(zoneLoss(min, zones)).toEqual({ lost, left });
  });

  test('the scalable target minimum sets the capacity: MinCapacity 1 over 2 zones leaves 0', () => {
    const t = goodService(scalableTarget(1));
    const f = findings(t);
    expect(f.map((x) => x.rule)).toEqual(['SafeDeploy-ECS-ZoneLossCapacity']);
    expect(f[0].message).toMatch(/1 task\(s\) minimum \(MinCapacity of scalable target ServiceTaskCountTarget\) over 2 zone\(s\) leaves 0/);
  });

  test('MinCapacity 2 over 2 zones leaves 1 and passes, even with DesiredCount 1', () => {
    expect(rulesOf(goodService(scalableTarget(2), { desiredCount: 1 }))).toEqual([]);
  });

  test('a DesiredCount from a custom resource is not a literal: the scalable target minimum is used', () => {
    const desired = { 'Fn::GetAtt': ['DesiredCountResource', 'DesiredCount'] };
    const subnets = [{ Ref: 'Subnet0' }, { Ref: 'Subnet1' }, { Ref: 'Subnet2' }];
    const base: Resources = { ...vpc(['a', 'b', 'c']), ...service({ ...ROLLS_BACK, desiredCount: desired, subnets }) };
    // MinCapacity 6 over 3 zones: 6 - ceil(6/3) = 4 left.
    expect(rulesOf(template({ ...base, ...scalableTarget(6) }))).toEqual([]);
    const f = findings(template(base));
    expect(f.map((x) => x.rule)).toEqual(['SafeDeploy-ECS-ZoneLossCapacity']);
    expect(f[0].message).toMatch(/DesiredCount comes from DesiredCountResource.DesiredCount at deploy time and no scalable target sets a minimum/);
  });

  test('no DesiredCount and no scaling: ECS starts one task, which a zone loss takes', () => {
    const t = template({ ...vpc(['a', 'b']), ...service({ ...ROLLS_BACK }) });
    expect(findings(t).map((x) => x.message)).toEqual([expect.stringMatching(/1 task\(s\) minimum \(DesiredCount omitted/)]);
  });

  test('a declared baseline must survive: 6 over 3 zones leaves 4, enough for 4, not for 5', () => {
    const subnets = [{ Ref: 'Subnet0' }, { Ref: 'Subnet1' }, { Ref: 'Subnet2' }];
    const withBaseline = (baseline: number) => template({
      ...vpc(['a', 'b', 'c']),
      ...service({ ...ROLLS_BACK, desiredCount: 6, subnets, metadata: { 'cdk-safe-deploy:baseline-tasks': baseline } }),
    });
    expect(rulesOf(withBaseline(4))).toEqual([]);
    expect(findings(withBaseline(5)).map((x) => x.message)).toEqual([expect.stringMatching(/leaves 4 after losing the biggest zone \(2 task\(s\)\), below the declared baseline of 5/)]);
  });
});

describe('single-zone dependencies', () => {
  /** Two private subnets (zones a, b) routed to NAT gateways placed in the public subnets listed in `natIn`. */
  function nat(natIn: number[]): CfnTemplateJson {
    const r: Resources = { ...vpc(['eu-west-1a', 'eu-west-1b'], 'Public'), ...vpc(['eu-west-1a', 'eu-west-1b'], 'Private') };
    natIn.forEach((publicIndex) => {
      r[`Nat${publicIndex}`] = { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: { Ref: `Public${publicIndex}` }, AllocationId: 'eipalloc-1' } };
    });
    [0, 1].forEach((i) => {
      const natId = `Nat${natIn.length === 1 ? natIn[0] : i}`;
      r[`Table${i}`] = { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } };
      r[`Assoc${i}`] = { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { RouteTableId: { Ref: `Table${i}` }, SubnetId: { Ref: `Private${i}` } } };
      r[`Route${i}`] = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: `Table${i}` }, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: { Ref: natId } } };
    });
    return template(r);
  }

  test('one NAT gateway for two zones breaks NatPerZone; one per zone passes', () => {
    const f = findings(nat([0]));
    expect(f.map((x) => `${x.rule} ${x.logicalId}`)).toEqual(['SafeDeploy-VPC-NatPerZone Nat0']);
    expect(f[0].message).toMatch(/NAT gateway Nat0 in eu-west-1a also serves private subnets in eu-west-1b/);
    expect(rulesOf(nat([0, 1]))).toEqual([]);
  });

  test('a regional NAT gateway is not tied to a zone', () => {
    const t = nat([0]);
    (t.Resources!.Nat0.Properties as any).AvailabilityMode = 'regional';
    expect(rulesOf(t)).toEqual([]);
  });

  test('a VPC with subnets in one zone breaks SubnetZones', () => {
    expect(rulesOf(template(vpc(['eu-west-1a', 'eu-west-1a'])))).toEqual(['SafeDeploy-VPC-SubnetZones Vpc']);
    expect(rulesOf(template(vpc(['eu-west-1a', 'eu-west-1b'])))).toEqual([]);
  });

  test('a load balancer in one zone breaks ELB-MultiAz', () => {
    const lb = (subnets: unknown[]) => template({
      ...vpc(['eu-west-1a', 'eu-west-1b']),
      Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'application', Subnets: subnets } },
    });
    expect(rulesOf(lb([{ Ref: 'Subnet0' }]))).toEqual(['SafeDeploy-ELB-MultiAz Lb']);
    expect(rulesOf(lb([{ Ref: 'Subnet0' }, { Ref: 'Subnet1' }]))).toEqual([]);
  });

  test('a single-AZ database instance breaks RDS-MultiAz; MultiAZ true passes', () => {
    const db = (multiAz: unknown) => template({ Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.t3.micro', ...(multiAz !== undefined ? { MultiAZ: multiAz } : {}) } } });
    expect(rulesOf(db(undefined))).toEqual(['SafeDeploy-RDS-MultiAz Db']);
    expect(rulesOf(db(false))).toEqual(['SafeDeploy-RDS-MultiAz Db']);
    expect(rulesOf(db(true))).toEqual([]);
  });

  test('an Aurora cluster with one instance breaks RDS-MultiAz; a writer and a reader pass', () => {
    const instance = { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'aurora-postgresql', DBInstanceClass: 'db.r6g.large', DBClusterIdentifier: { Ref: 'Cluster' } } };
    const cluster = { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql' } };
    expect(rulesOf(template({ Cluster: cluster, Writer: instance }))).toEqual(['SafeDeploy-RDS-MultiAz Cluster']);
    expect(rulesOf(template({ Cluster: cluster, Writer: instance, Reader: instance }))).toEqual([]);
  });

  test('ElastiCache without Multi-AZ and automatic failover, or a single cache node, break ElastiCache-MultiAz', () => {
    const group = (p: object) => template({ Cache: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 'c', Engine: 'redis', ...p } } });
    expect(findings(group({ AutomaticFailoverEnabled: true })).map((x) => x.message)).toEqual([expect.stringMatching(/MultiAZEnabled not true/)]);
    expect(rulesOf(group({ MultiAZEnabled: true, AutomaticFailoverEnabled: true }))).toEqual([]);
    const node = template({ Node: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'redis', CacheNodeType: 'cache.t3.micro', NumCacheNodes: 1 } } });
    expect(rulesOf(node)).toEqual(['SafeDeploy-ElastiCache-MultiAz Node']);
    const memcached = template({ Node: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'memcached', AZMode: 'cross-az', CacheNodeType: 'cache.t3.micro', NumCacheNodes: 2 } } });
    expect(rulesOf(memcached)).toEqual([]);
  });
});

describe('tiers', () => {
  /** A service in one zone, with no rollback: breaks MultiAz, Rollback and ZoneLossCapacity. */
  function broken(metadata?: { [key: string]: any }, templateMetadata?: { [key: string]: any }): CfnTemplateJson {
    return template({ ...vpc(['eu-west-1a']), ...service({ desiredCount: 2, subnets: [{ Ref: 'Subnet0' }], metadata }) }, templateMetadata);
  }
  const byRule = (f: Finding[]) => f.filter((x) => x.logicalId === 'Service').map((x) => `${x.rule} ${x.severity}`);

  test('critical (the default): every finding is an error', () => {
    expect(byRule(findings(broken()))).toEqual([
      'SafeDeploy-ECS-MultiAz error', 'SafeDeploy-ECS-Rollback error', 'SafeDeploy-ECS-ZoneLossCapacity error',
    ]);
  });

  test('standard, from the template metadata: every finding is a warning', () => {
    expect(byRule(findings(broken(undefined, { 'cdk-safe-deploy:tier': 'standard' })))).toEqual([
      'SafeDeploy-ECS-MultiAz warning', 'SafeDeploy-ECS-Rollback warning', 'SafeDeploy-ECS-ZoneLossCapacity warning',
    ]);
  });

  test('standard as the default tier', () => {
    expect(byRule(findings(broken(), DeploymentSafetyTier.STANDARD))).toEqual([
      'SafeDeploy-ECS-MultiAz warning', 'SafeDeploy-ECS-Rollback warning', 'SafeDeploy-ECS-ZoneLossCapacity warning',
    ]);
  });

  test('single-zone, from the resource metadata: multi-zone rules are reported as chosen, rollback stays an error', () => {
    const f = findings(broken({ 'cdk-safe-deploy:tier': 'single-zone' }, { 'cdk-safe-deploy:tier': 'critical' }));
    expect(byRule(f)).toEqual(['SafeDeploy-ECS-MultiAz info', 'SafeDeploy-ECS-Rollback error', 'SafeDeploy-ECS-ZoneLossCapacity info']);
    const chosen = f.find((x) => x.rule === 'SafeDeploy-ECS-MultiAz')!;
    expect(chosen.chosen).toBe(true);
    expect(chosen.message).toMatch(/^single zone chosen: /);
    // The VPC itself is critical (template metadata): its one zone is still an error.
    expect(f.find((x) => x.logicalId === 'Vpc')).toMatchObject({ rule: 'SafeDeploy-VPC-SubnetZones', severity: 'error' });
  });

  test('single-zone on a service that spans zones is still reported as chosen (the choice is visible)', () => {
    const t = template({ ...vpc(['a', 'b']), ...service({ ...ROLLS_BACK, desiredCount: 4, metadata: { 'cdk-safe-deploy:tier': 'single-zone' } }) });
    expect(findings(t).map((x) => `${x.rule} ${x.severity}`)).toEqual(['SafeDeploy-ECS-MultiAz info', 'SafeDeploy-ECS-ZoneLossCapacity info']);
  });

  test('an unknown tier in metadata falls back to the default', () => {
    expect(byRule(findings(broken({ 'cdk-safe-deploy:tier': 'gold' })))[0]).toBe('SafeDeploy-ECS-MultiAz error');
  });
});

describe('finding ids', () => {
  test('carry the resource: the construct path when known, else <stack>/<logical id>', () => {
    const t = template({ ...vpc(['a']), ...service({ ...ROLLS_BACK, desiredCount: 4, subnets: [{ Ref: 'Subnet0' }] }) });
    const withPaths = evaluateTemplate(t, { stackName: 'Orders', paths: { Service: 'Orders/OrdersService/Service/Service' } });
    const f = withPaths.find((x) => x.rule === 'SafeDeploy-ECS-MultiAz')!;
    expect(f.ruleId).toBe('SafeDeploy-ECS-MultiAz[Orders/OrdersService/Service/Service]');
    expect(f.acknowledgeId).toBe('cdk-safe-deploy::SafeDeploy-ECS-MultiAz[Orders/OrdersService/Service/Service]');
    const bare = evaluateTemplate(t, { stackName: 'Orders' }).find((x) => x.rule === 'SafeDeploy-ECS-MultiAz')!;
    expect(bare.ruleId).toBe('SafeDeploy-ECS-MultiAz[Orders/Service]');
  });

  test('read aws:cdk:path metadata when the template has it', () => {
    const r = { ...vpc(['a']), ...service({ ...ROLLS_BACK, desiredCount: 4, subnets: [{ Ref: 'Subnet0' }], metadata: { 'aws:cdk:path': 'Shop/Api/Service/Service' } }) };
    expect(findings(template(r)).find((x) => x.rule === 'SafeDeploy-ECS-MultiAz')!.ruleId).toBe('SafeDeploy-ECS-MultiAz[Shop/Api/Service/Service]');
  });
});
