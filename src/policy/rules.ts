/**
 * The deployment-safety rules: pure functions from a synthesized CloudFormation template (plain
 * JSON) to findings. Each finding names the resource, the rule, the fix and the id that
 * acknowledges that one resource. Shared by the validation plugin and the command-line report.
 */
import {
  AliasFacts, ServiceFacts, aliasFacts, functionOf, lambdaCalls, serviceFacts, zoneLoss, zoneOfSubnet, zonesOf,
} from './facts';
import { CfnTemplateJson, asList, literalBoolean, refTarget, referencedIds, resourceById, resourcesOfType } from './template';
import { DeploymentSafetyTier, TIER_METADATA_KEY, parseTier } from './tier';

/** The validation plugin's name: acknowledgement ids are `<PLUGIN_NAME>::<rule id>`. */
export const PLUGIN_NAME = 'cdk-safe-deploy';

/** Severity of a finding. */
export type FindingSeverity = 'error' | 'warning' | 'info';

/** One rule of the policy. */
export interface RuleInfo {
  /** Rule name, e.g. `SafeDeploy-ECS-MultiAz`; the finding id adds `[<resource path>]`. */
  readonly name: string;
  /** What the rule asks, in one sentence. */
  readonly summary: string;
  /** True for the multi-zone rules, which the single-zone tier reports as chosen instead of judging. */
  readonly multiZone: boolean;
}

/** Every rule, by name. */
export const RULES = {
  lambdaShift: { name: 'SafeDeploy-Lambda-CodeDeployShift', summary: 'A Lambda alias that takes traffic is moved by CodeDeploy (UpdatePolicy.CodeDeployLambdaAliasUpdate).', multiZone: false },
  lambdaRollback: { name: 'SafeDeploy-Lambda-AutoRollback', summary: "The alias's deployment group rolls back automatically on deployment failure and on alarm.", multiZone: false },
  lambdaAlarms: { name: 'SafeDeploy-Lambda-RollbackAlarms', summary: "The alias's deployment group watches at least one enabled alarm.", multiZone: false },
  lambdaCaller: { name: 'SafeDeploy-Lambda-CallerUsesAlias', summary: 'Callers of a function whose alias takes traffic reach it through the alias, not the unqualified function or a version.', multiZone: false },
  lambdaVpcZones: { name: 'SafeDeploy-Lambda-VpcZones', summary: 'A Lambda function attached to a VPC has subnets in at least 2 Availability Zones.', multiZone: true },
  ecsZones: { name: 'SafeDeploy-ECS-MultiAz', summary: 'An ECS service places tasks in subnets of at least 2 Availability Zones.', multiZone: true },
  ecsRollback: { name: 'SafeDeploy-ECS-Rollback', summary: 'An ECS service rolls back a failed deployment (circuit breaker with rollback, or deployment alarms with rollback).', multiZone: false },
  ecsCapacity: { name: 'SafeDeploy-ECS-ZoneLossCapacity', summary: "An ECS service's minimum capacity, spread over its zones, leaves at least 1 task (and its declared baseline) after losing the biggest zone.", multiZone: true },
  natPerZone: { name: 'SafeDeploy-VPC-NatPerZone', summary: "Private subnets route to a NAT gateway in their own zone, not another zone's.", multiZone: true },
  subnetZones: { name: 'SafeDeploy-VPC-SubnetZones', summary: 'A VPC has subnets in at least 2 Availability Zones.', multiZone: true },
  elbZones: { name: 'SafeDeploy-ELB-MultiAz', summary: 'A load balancer has subnets in at least 2 Availability Zones.', multiZone: true },
  rdsMultiAz: { name: 'SafeDeploy-RDS-MultiAz', summary: 'A database instance is Multi-AZ (or an Aurora cluster has instances in 2 zones).', multiZone: true },
  cacheMultiAz: { name: 'SafeDeploy-ElastiCache-MultiAz', summary: 'An ElastiCache replication group has Multi-AZ and automatic failover.', multiZone: true },
} as const;

/** Every rule as a list. */
export const ALL_RULES: RuleInfo[] = Object.values(RULES);

/** One finding of the policy. */
export interface Finding {
  /** The rule name, e.g. `SafeDeploy-ECS-MultiAz`. */
  readonly rule: string;
  /** Rule name with the resource: `SafeDeploy-ECS-MultiAz[Orders/OrdersService/Service/Service]`. */
  readonly ruleId: string;
  /** The resource's logical id. */
  readonly logicalId: string;
  /** The resource's construct path (or `<stack>/<logical id>` when the template does not say). */
  readonly path: string;
  readonly tier: DeploymentSafetyTier;
  readonly severity: FindingSeverity;
  /** What is wrong (or, for the single-zone tier, what was chosen). */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  /** The id that acknowledges this one finding: `cdk-safe-deploy::<ruleId>`. */
  readonly acknowledgeId: string;
  /** True when the single-zone tier skipped the rule (reported as chosen, not judged). */
  readonly chosen: boolean;
  /** Where in the resource the problem is, e.g. `Properties/NetworkConfiguration`. */
  readonly locations: string[];
}

/** How to evaluate one template. */
export interface EvaluateOptions {
  /** The stack's name, used in paths when the template gives no construct path. */
  readonly stackName: string;
  /** The tier of resources that neither their metadata nor the template's metadata names. Default: critical. */
  readonly defaultTier?: DeploymentSafetyTier;
  /** Construct path per logical id (from the construct tree or the assembly's metadata). */
  readonly paths?: { readonly [logicalId: string]: string };
}

/** The tier of a resource: its `Metadata`, else the template's `Metadata`, else the default. */
export function tierOf(
  template: CfnTemplateJson,
  logicalId: string,
  defaultTier: DeploymentSafetyTier = DeploymentSafetyTier.CRITICAL,
): DeploymentSafetyTier {
  return parseTier(resourceById(template, logicalId)?.Metadata?.[TIER_METADATA_KEY])
    ?? parseTier(template.Metadata?.[TIER_METADATA_KEY])
    ?? defaultTier;
}

/** The construct path of a resource: from `paths`, its `aws:cdk:path` metadata, or `<stack>/<logical id>`. */
export function pathOf(template: CfnTemplateJson, logicalId: string, options: EvaluateOptions): string {
  const known = options.paths?.[logicalId];
  if (known !== undefined) return known;
  const meta = resourceById(template, logicalId)?.Metadata?.['aws:cdk:path'];
  return typeof meta === 'string' ? meta : `${options.stackName}/${logicalId}`;
}

/** aws-cdk-lib turns spaces into hyphens before it matches acknowledgement ids. */
function ackIdOf(ruleId: string): string {
  return `${PLUGIN_NAME}::${ruleId}`.replace(/ /g, '-');
}

class Judge {
  public readonly findings: Finding[] = [];
  constructor(private readonly template: CfnTemplateJson, private readonly options: EvaluateOptions) {}

  /** Records that `rule` fails for `logicalId` (or, in the single-zone tier, that the rule was not judged). */
  public fail(rule: RuleInfo, logicalId: string, message: string, fix: string, locations: string[] = []): void {
    const tier = tierOf(this.template, logicalId, this.options.defaultTier);
    if (rule.multiZone && tier === DeploymentSafetyTier.SINGLE_ZONE) return; // reported once by `chosen`
    this.add(rule, logicalId, tier, tier === DeploymentSafetyTier.STANDARD ? 'warning' : 'error', message, fix, false, locations);
  }

  /** For the single-zone tier: records that the multi-zone `rule` was skipped by choice for `logicalId`. */
  public chosen(rule: RuleInfo, logicalId: string): boolean {
    const tier = tierOf(this.template, logicalId, this.options.defaultTier);
    if (!rule.multiZone || tier !== DeploymentSafetyTier.SINGLE_ZONE) return false;
    this.add(rule, logicalId, tier, 'info', `single zone chosen: ${rule.summary} Not judged: the tier is ${tier}.`,
      `Nothing to fix while one zone is the deliberate choice. To make it span zones, set the tier to ${DeploymentSafetyTier.CRITICAL} or ${DeploymentSafetyTier.STANDARD} and fix what the rule then reports.`, true, []);
    return true;
  }

  private add(
    rule: RuleInfo, logicalId: string, tier: DeploymentSafetyTier, severity: FindingSeverity,
    message: string, fix: string, chosen: boolean, locations: string[],
  ): void {
    const path = pathOf(this.template, logicalId, this.options);
    const ruleId = `${rule.name}[${path}]`;
    this.findings.push({ rule: rule.name, ruleId, logicalId, path, tier, severity, message, fix, acknowledgeId: ackIdOf(ruleId), chosen, locations });
  }
}

/** Every finding of the policy for one template, in a stable order (rule, then resource). */
export function evaluateTemplate(template: CfnTemplateJson, options: EvaluateOptions): Finding[] {
  const judge = new Judge(template, options);
  lambdaRules(template, judge);
  for (const s of serviceFacts(template)) serviceRules(s, judge);
  natRule(template, judge);
  subnetZonesRule(template, judge);
  loadBalancerRule(template, judge);
  databaseRules(template, judge);
  cacheRules(template, judge);
  const order = ALL_RULES.map((r) => r.name);
  return [...judge.findings].sort((a, b) => order.indexOf(a.rule) - order.indexOf(b.rule) || a.path.localeCompare(b.path));
}

// ---- Lambda --------------------------------------------------------------------------------

function lambdaRules(template: CfnTemplateJson, judge: Judge): void {
  const aliases = aliasFacts(template);
  for (const a of aliases) {
    if (a.trafficReasons.length === 0) continue; // nothing in this template sends it traffic
    if (!a.shifted) {
      judge.fail(RULES.lambdaShift, a.id, `alias '${a.name}' takes traffic (${a.trafficReasons.join('; ')}) but no CodeDeploy deployment moves it: a new version gets all traffic at once, unverified, with no rollback.`,
        "Deploy the function with BlueGreenLambda (or aws-codedeploy's LambdaDeploymentGroup with alarms and autoRollback), which sets UpdatePolicy.CodeDeployLambdaAliasUpdate on the alias.", ['UpdatePolicy']);
      continue;
    }
    groupRules(template, a, judge);
  }
  callerRule(template, aliases, judge);
  for (const fn of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const subnets = fn.resource.Properties?.VpcConfig?.SubnetIds;
    if (subnets === undefined || asList(subnets).length === 0) continue;
    if (judge.chosen(RULES.lambdaVpcZones, fn.id)) continue;
    const zones = zonesOf(template, asList(subnets));
    if (zones.zones.length >= 2) continue;
    const why = zones.unknown.length > 0
      ? `zones seen: ${zones.zones.join(', ') || 'none'}; subnets whose zone the template does not show: ${zones.unknown.join(', ')}`
      : `its subnets are all in ${zones.zones.join(', ')}`;
    judge.fail(RULES.lambdaVpcZones, fn.id, `function ${fn.id} is attached to a VPC but not in 2 zones: ${why}. Lambda can run it only in those zones.`,
      'Attach the function to subnets in at least 2 zones (vpcSubnets selecting one subnet per zone).', ['Properties/VpcConfig/SubnetIds']);
  }
}

function groupRules(template: CfnTemplateJson, a: AliasFacts, judge: Judge): void {
  if (a.groupId === undefined) {
    judge.fail(RULES.lambdaRollback, a.id, `alias '${a.name}' is shifted by deployment group ${a.groupName ?? '(unnamed)'}, which is not in this template: its rollback and alarms cannot be checked here.`,
      'Define the deployment group in the same stack as the alias, or acknowledge this finding after checking the group by hand.', ['UpdatePolicy/CodeDeployLambdaAliasUpdate/DeploymentGroupName']);
    return;
  }
  const g = resourceById(template, a.groupId)?.Properties ?? {};
  const rollback = g.AutoRollbackConfiguration ?? {};
  const events = asList(rollback.Events).filter((e): e is string => typeof e === 'string');
  const missing = ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'].filter((e) => !events.includes(e));
  if (literalBoolean(rollback.Enabled) !== true || missing.length > 0) {
    const why = literalBoolean(rollback.Enabled) !== true ? 'automatic rollback is off' : `automatic rollback misses ${missing.join(' and ')}`;
    judge.fail(RULES.lambdaRollback, a.id, `alias '${a.name}': deployment group ${a.groupId}: ${why}, so a failed or alarming deployment keeps the new version.`,
      'Turn on auto-rollback with DEPLOYMENT_FAILURE and DEPLOYMENT_STOP_ON_ALARM (aws-codedeploy: autoRollback { failedDeployment: true, deploymentInAlarm: true }; BlueGreenLambda does this by default).', ['Properties/AutoRollbackConfiguration']);
  }
  const alarms = g.AlarmConfiguration ?? {};
  if (literalBoolean(alarms.Enabled) !== true || asList(alarms.Alarms).length === 0) {
    judge.fail(RULES.lambdaAlarms, a.id, `alias '${a.name}': deployment group ${a.groupId} watches no enabled alarm, so a regression that passes the hooks is shifted to all traffic and stays.`,
      'Give the deployment group at least one alarm on the new version (error rate, latency); BlueGreenLambda creates version-scoped rollback alarms by default.', ['Properties/AlarmConfiguration']);
  }
}

function callerRule(template: CfnTemplateJson, aliases: AliasFacts[], judge: Judge): void {
  const guarded = new Map<string, AliasFacts[]>();
  for (const a of aliases) {
    if (a.functionId === undefined || a.trafficReasons.length === 0) continue;
    guarded.set(a.functionId, [...(guarded.get(a.functionId) ?? []), a]);
  }
  for (const call of lambdaCalls(template)) {
    if (call.targetType === 'AWS::Lambda::Alias') continue;
    const fn = functionOf(template, call.targetId);
    const via = fn === undefined ? undefined : guarded.get(fn);
    if (fn === undefined || via === undefined) continue;
    const what = call.targetType === 'AWS::Lambda::Version'
      ? `version ${call.targetId} of function ${fn}`
      : call.qualifier !== undefined ? `function ${fn} qualified ':${call.qualifier}', which is no alias of it` : `function ${fn} unqualified`;
    judge.fail(RULES.lambdaCaller, call.callerId, `${call.callerType} ${call.callerId} calls ${what}, bypassing alias ${via.map((a) => `'${a.name}'`).join(', ')}: its traffic never shifts, is never verified and never rolls back.`,
      'Point the caller at the alias (e.g. pass blueGreenLambda.alias, not the function, to the integration, permission, event source or URL).', ['Properties']);
  }
}

// ---- ECS services --------------------------------------------------------------------------

function serviceRules(s: ServiceFacts, judge: Judge): void {
  const zonesText = s.zones.zones.length > 0 ? s.zones.zones.join(', ') : 'none visible';
  if (!judge.chosen(RULES.ecsZones, s.id) && s.zones.zones.length < 2) {
    const why = !s.awsvpc
      ? 'it has no awsvpc subnets, so the template does not show its zones'
      : s.zones.unknown.length > 0
        ? `zones seen: ${zonesText}; subnets whose zone the template does not show: ${s.zones.unknown.join(', ')}`
        : `its subnets are all in ${zonesText}`;
    judge.fail(RULES.ecsZones, s.id, `ECS service ${s.id} does not span 2 zones: ${why}. Losing that zone stops the service.`,
      'Give the service private subnets in at least 2 (better 3) zones (MultiAzService does by default); for an imported VPC, define the subnets with their zones in the template or acknowledge after checking.', ['Properties/NetworkConfiguration/AwsvpcConfiguration/Subnets']);
  }
  const r = s.rollback;
  const rolls = r.controller === 'ECS' ? r.circuitBreakerRollback || r.alarmsRollback : r.controller === 'CODE_DEPLOY' ? r.codeDeployGroupId !== undefined : false;
  if (!rolls) {
    const why = r.controller === 'ECS'
      ? 'neither the deployment circuit breaker nor the deployment alarms are on with rollback'
      : r.controller === 'CODE_DEPLOY'
        ? 'its CODE_DEPLOY controller has no deployment group in this template with auto-rollback'
        : `its ${r.controller} controller deploys outside anything the template shows`;
    judge.fail(RULES.ecsRollback, s.id, `ECS service ${s.id} does not roll back a failed deployment: ${why}.`,
      'Set DeploymentConfiguration.DeploymentCircuitBreaker { Enable: true, Rollback: true } and/or Alarms { AlarmNames: [...], Enable: true, Rollback: true } (aws-ecs: circuitBreaker { rollback: true }, deploymentAlarms).', ['Properties/DeploymentConfiguration']);
  }
  if (judge.chosen(RULES.ecsCapacity, s.id)) return;
  const n = s.zones.zones.length;
  const min = s.capacity.min;
  const fix = 'Raise the minimum (the scalable target\'s MinCapacity, or DesiredCount without scaling) to at least baseline x N / (N - 1), rounded up to a multiple of N (MultiAzService sizes it from baselineTasks).';
  if (min === undefined) {
    judge.fail(RULES.ecsCapacity, s.id, `ECS service ${s.id}: the template does not fix its minimum capacity (${s.capacity.source}), so capacity after losing a zone cannot be checked.`,
      'Scale the service with an Application Auto Scaling target whose MinCapacity is a literal, or set a literal DesiredCount.', ['Properties/DesiredCount']);
    return;
  }
  if (n === 0) return; // zones not visible: already reported by the zones rule
  const loss = zoneLoss(min, n);
  const required = Math.max(1, s.baseline ?? 1);
  if (loss.left < required) {
    const need = s.baseline !== undefined ? `the declared baseline of ${s.baseline}` : 'the 1 task a service needs to stay up';
    judge.fail(RULES.ecsCapacity, s.id, `ECS service ${s.id}: ${min} task(s) minimum (${s.capacity.source}) over ${n} zone(s) leaves ${loss.left} after losing the biggest zone (${loss.lost} task(s)), below ${need}.`,
      fix, [s.capacity.scalableTargetId ? 'MinCapacity' : 'Properties/DesiredCount']);
  }
}

// ---- single-zone dependencies --------------------------------------------------------------

function natRule(template: CfnTemplateJson, judge: Judge): void {
  const associations = resourcesOfType(template, 'AWS::EC2::SubnetRouteTableAssociation');
  for (const nat of resourcesOfType(template, 'AWS::EC2::NatGateway')) {
    if (nat.resource.Properties?.AvailabilityMode === 'regional') continue;
    if (judge.chosen(RULES.natPerZone, nat.id)) continue;
    const natZone = zoneOfSubnet(template, nat.resource.Properties?.SubnetId);
    if (natZone === undefined) continue;
    const served = new Set<string>();
    for (const route of resourcesOfType(template, 'AWS::EC2::Route')) {
      if (refTarget(route.resource.Properties?.NatGatewayId) !== nat.id) continue;
      const table = refTarget(route.resource.Properties?.RouteTableId);
      for (const a of associations) {
        if (table === undefined || refTarget(a.resource.Properties?.RouteTableId) !== table) continue;
        const zone = zoneOfSubnet(template, a.resource.Properties?.SubnetId);
        if (zone !== undefined) served.add(zone);
      }
    }
    const others = [...served].filter((z) => z !== natZone);
    if (others.length > 0) {
      judge.fail(RULES.natPerZone, nat.id, `NAT gateway ${nat.id} in ${natZone} also serves private subnets in ${others.join(', ')}: losing ${natZone} cuts their outbound traffic.`,
        'Give every zone its own NAT gateway (ec2.Vpc natGateways equal to the zone count, its default) or use a regional NAT gateway.', ['Properties/SubnetId']);
    }
  }
}

function subnetZonesRule(template: CfnTemplateJson, judge: Judge): void {
  const subnets = resourcesOfType(template, 'AWS::EC2::Subnet');
  for (const vpc of resourcesOfType(template, 'AWS::EC2::VPC')) {
    const own = subnets.filter((s) => refTarget(s.resource.Properties?.VpcId) === vpc.id);
    if (own.length === 0) continue;
    if (judge.chosen(RULES.subnetZones, vpc.id)) continue;
    const zones = zonesOf(template, own.map((s) => ({ Ref: s.id })));
    if (zones.unknown.length === 0 && zones.zones.length < 2) {
      judge.fail(RULES.subnetZones, vpc.id, `VPC ${vpc.id} has subnets in one zone only (${zones.zones.join(', ')}): everything placed in it shares that zone's fate.`,
        'Create subnets in at least 2 zones (ec2.Vpc maxAzs >= 2; in an environment-bound stack, give the account and region 3 zones).', []);
    }
  }
}

function loadBalancerRule(template: CfnTemplateJson, judge: Judge): void {
  for (const lb of resourcesOfType(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    if (judge.chosen(RULES.elbZones, lb.id)) continue;
    const p = lb.resource.Properties ?? {};
    const subnets = [...asList(p.Subnets), ...asList(p.SubnetMappings).map((m) => (m as { SubnetId?: unknown }).SubnetId)];
    const zones = zonesOf(template, subnets);
    if (zones.zones.length >= 2) continue;
    const why = zones.unknown.length > 0
      ? `zones seen: ${zones.zones.join(', ') || 'none'}; subnets whose zone the template does not show: ${zones.unknown.join(', ')}`
      : `its subnets are all in ${zones.zones.join(', ') || 'no zone'}`;
    judge.fail(RULES.elbZones, lb.id, `load balancer ${lb.id} does not span 2 zones: ${why}.`,
      'Place the load balancer in subnets of at least 2 zones (the same zones as its targets).', ['Properties/Subnets']);
  }
}

function databaseRules(template: CfnTemplateJson, judge: Judge): void {
  const instances = resourcesOfType(template, 'AWS::RDS::DBInstance');
  for (const db of instances) {
    const p = db.resource.Properties ?? {};
    if (p.DBClusterIdentifier !== undefined) continue; // an instance of a cluster: judged with the cluster
    if (judge.chosen(RULES.rdsMultiAz, db.id)) continue;
    if (literalBoolean(p.MultiAZ) !== true) {
      judge.fail(RULES.rdsMultiAz, db.id, `database instance ${db.id} is single-AZ (MultiAZ is ${JSON.stringify(p.MultiAZ ?? false)}): losing its zone stops every service that uses it.`,
        'Set MultiAZ: true (aws-rds DatabaseInstance multiAz: true), or use an Aurora cluster with a reader in another zone.', ['Properties/MultiAZ']);
    }
  }
  for (const cluster of resourcesOfType(template, 'AWS::RDS::DBCluster')) {
    const p = cluster.resource.Properties ?? {};
    if (typeof p.Engine !== 'string' || !p.Engine.startsWith('aurora') || p.EngineMode === 'serverless') continue;
    if (judge.chosen(RULES.rdsMultiAz, cluster.id)) continue;
    const members = instances.filter((i) => referencedIds(i.resource.Properties?.DBClusterIdentifier).has(cluster.id));
    if (members.length < 2) {
      judge.fail(RULES.rdsMultiAz, cluster.id, `Aurora cluster ${cluster.id} has ${members.length} instance(s) in this template: with one writer and no reader, losing its zone stops the database until a new instance starts.`,
        'Add a reader instance (aws-rds DatabaseCluster readers: [...]) so Aurora fails over to another zone.', []);
    }
  }
}

function cacheRules(template: CfnTemplateJson, judge: Judge): void {
  for (const group of resourcesOfType(template, 'AWS::ElastiCache::ReplicationGroup')) {
    const p = group.resource.Properties ?? {};
    if (judge.chosen(RULES.cacheMultiAz, group.id)) continue;
    const multiAz = literalBoolean(p.MultiAZEnabled) === true;
    const failover = literalBoolean(p.AutomaticFailoverEnabled) === true;
    if (!multiAz || !failover) {
      const off = [!multiAz ? 'MultiAZEnabled' : undefined, !failover ? 'AutomaticFailoverEnabled' : undefined].filter(Boolean).join(' and ');
      judge.fail(RULES.cacheMultiAz, group.id, `ElastiCache replication group ${group.id} is not Multi-AZ (${off} not true): losing the primary's zone loses the cache until it is rebuilt.`,
        'Set MultiAZEnabled: true and AutomaticFailoverEnabled: true with at least one replica in another zone.', ['Properties/MultiAZEnabled']);
    }
  }
  for (const c of resourcesOfType(template, 'AWS::ElastiCache::CacheCluster')) {
    const p = c.resource.Properties ?? {};
    if (p.Engine === 'memcached' && p.AZMode === 'cross-az') continue;
    if (judge.chosen(RULES.cacheMultiAz, c.id)) continue;
    const what = p.Engine === 'memcached' ? `memcached cluster ${c.id} keeps its nodes in one zone (AZMode is ${JSON.stringify(p.AZMode ?? 'single-az')})` : `cache cluster ${c.id} (${String(p.Engine)}) is a single node`;
    judge.fail(RULES.cacheMultiAz, c.id, `${what}: losing that zone loses the cache.`,
      p.Engine === 'memcached' ? "Set AZMode: 'cross-az' with nodes in several zones." : 'Use an ElastiCache replication group with MultiAZEnabled and AutomaticFailoverEnabled.', ['Properties']);
  }
}

/** True when any finding is an error (the ones the tiers make errors). */
export function hasErrors(findings: Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
