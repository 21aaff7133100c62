/**
 * What a template says about the things the policy judges: the zones a service or load balancer
 * runs in, what sets a service's capacity, how it rolls back, which aliases take traffic and who
 * calls a function. Pure module over template JSON; the rules and the report both read these facts.
 */
import {
  CfnTemplateJson, NamedResource, asList, getAttName, literalBoolean, literalNumber, refTarget, referencedIds, resourceById, resourcesOfType,
} from './template';
import { BASELINE_METADATA_KEY } from './tier';
import { invocationTargets, ruleFor } from '../blue-green-lambda/bypass-rules';

// ---- zones ---------------------------------------------------------------------------------

/** The zones a list of subnets covers, as far as the template shows them. */
export interface ZoneSet {
  /** Distinct zones: names (`eu-west-1a`), zone ids, or `zone #i of Fn::GetAZs` selections. */
  readonly zones: string[];
  /** Subnets whose zone the template does not show (imported ids, parameters), as written. */
  readonly unknown: string[];
}

/**
 * The zone of one subnet value: the `AvailabilityZone` (or `AvailabilityZoneId`) of the
 * `AWS::EC2::Subnet` it refers to. A literal zone is itself; `Fn::Select [i, Fn::GetAZs]` is the
 * i-th zone of the region (two different indexes are two zones). Undefined when the template does
 * not say.
 */
export function zoneOfSubnet(template: CfnTemplateJson, subnet: unknown): string | undefined {
  const subnetId = refTarget(subnet);
  const resource = resourceById(template, subnetId);
  if (resource?.Type !== 'AWS::EC2::Subnet') return undefined;
  const az = resource.Properties?.AvailabilityZone;
  if (typeof az === 'string') return az;
  const azId = resource.Properties?.AvailabilityZoneId;
  if (typeof azId === 'string') return azId;
  const select = typeof az === 'object' && az !== null ? (az as { [k: string]: unknown })['Fn::Select'] : undefined;
  if (Array.isArray(select) && select.length === 2) {
    const index = literalNumber(select[0]);
    const from = select[1] as { [k: string]: unknown } | undefined;
    if (index !== undefined && typeof from === 'object' && from !== null && 'Fn::GetAZs' in from) {
      const region = from['Fn::GetAZs'];
      const regionText = typeof region === 'string' && region !== '' ? ` of ${region}` : '';
      return `zone #${index}${regionText} (Fn::GetAZs)`;
    }
  }
  return undefined;
}

/** The distinct zones of `subnets`, and the subnets whose zone the template does not show. */
export function zonesOf(template: CfnTemplateJson, subnets: unknown[]): ZoneSet {
  const zones: string[] = [];
  const unknown: string[] = [];
  for (const s of subnets) {
    const zone = zoneOfSubnet(template, s);
    if (zone === undefined) unknown.push(typeof s === 'string' ? s : JSON.stringify(s));
    else if (!zones.includes(zone)) zones.push(zone);
  }
  return { zones, unknown };
}

// ---- ECS services --------------------------------------------------------------------------

/** What sets the number of tasks a service keeps running. */
export interface CapacityFacts {
  /** The floor of running tasks, when the template fixes it. */
  readonly min?: number;
  /** The most tasks, when a scalable target sets it. */
  readonly max?: number;
  /** Where `min` comes from, in words. */
  readonly source: string;
  /** The scalable target that sets it, if any. */
  readonly scalableTargetId?: string;
}

/** How a service rolls back a failed deployment. */
export interface ServiceRollbackFacts {
  /** `ECS` (the default), `CODE_DEPLOY` or `EXTERNAL`. */
  readonly controller: string;
  /** The deployment circuit breaker is on and rolls back. */
  readonly circuitBreakerRollback: boolean;
  /** Deployment alarm names (as written; tokens shown as JSON). */
  readonly alarmNames: string[];
  /**
   * The template's alarm behind each name (same order): a `Ref` to an `AWS::CloudWatch::Alarm`
   * (its Ref is its name) or a literal equal to an alarm's literal `AlarmName`; undefined otherwise.
   */
  readonly alarmIds: Array<string | undefined>;
  /** Deployment alarms are enabled and roll back. */
  readonly alarmsRollback: boolean;
  /** With the CODE_DEPLOY controller: the deployment group of this template that deploys the service and rolls back. */
  readonly codeDeployGroupId?: string;
}

/** One ECS service as the policy sees it. */
export interface ServiceFacts {
  readonly id: string;
  readonly zones: ZoneSet;
  /** True when the service places tasks in subnets (awsvpc): only then does the template show zones. */
  readonly awsvpc: boolean;
  readonly capacity: CapacityFacts;
  /** The baseline the stack declares for the service (resource metadata), if it declares one. */
  readonly baseline?: number;
  readonly rollback: ServiceRollbackFacts;
}

/** The tasks lost with the biggest zone and the tasks left, for `min` tasks spread evenly over `zones`. */
export interface ZoneLoss {
  readonly lost: number;
  readonly left: number;
}

/**
 * Losing one zone out of `zones` with `min` tasks spread as evenly as possible: the biggest zone
 * holds ceil(min / zones) tasks, so `left = min - ceil(min / zones)`.
 */
export function zoneLoss(min: number, zones: number): ZoneLoss {
  if (zones <= 0) return { lost: min, left: 0 };
  const lost = Math.ceil(min / zones);
  return { lost, left: min - lost };
}

/** Every ECS service of the template with its zones, capacity and rollback. */
export function serviceFacts(template: CfnTemplateJson): ServiceFacts[] {
  return resourcesOfType(template, 'AWS::ECS::Service').map((s) => oneService(template, s));
}

function oneService(template: CfnTemplateJson, s: NamedResource): ServiceFacts {
  const props = s.resource.Properties ?? {};
  const awsvpc = props.NetworkConfiguration?.AwsvpcConfiguration;
  const zones = awsvpc ? zonesOf(template, asList(awsvpc.Subnets)) : { zones: [], unknown: [] };
  const baseline = literalNumber(s.resource.Metadata?.[BASELINE_METADATA_KEY]);
  return {
    id: s.id,
    zones,
    awsvpc: awsvpc !== undefined,
    capacity: capacityOf(template, s),
    ...(baseline !== undefined ? { baseline } : {}),
    rollback: rollbackOf(template, s),
  };
}

/** The Application Auto Scaling target that scales this service's DesiredCount, if the template has one. */
export function scalableTargetOf(template: CfnTemplateJson, serviceId: string): NamedResource | undefined {
  return resourcesOfType(template, 'AWS::ApplicationAutoScaling::ScalableTarget').find((t) => {
    const p = t.resource.Properties ?? {};
    return p.ServiceNamespace === 'ecs' && p.ScalableDimension === 'ecs:service:DesiredCount' && referencedIds(p.ResourceId).has(serviceId);
  });
}

function capacityOf(template: CfnTemplateJson, s: NamedResource): CapacityFacts {
  const target = scalableTargetOf(template, s.id);
  if (target) {
    const p = target.resource.Properties ?? {};
    const min = literalNumber(p.MinCapacity);
    const max = literalNumber(p.MaxCapacity);
    return {
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
      source: min !== undefined ? `MinCapacity of scalable target ${target.id}` : `MinCapacity of scalable target ${target.id} is not a literal`,
      scalableTargetId: target.id,
    };
  }
  const desired = s.resource.Properties?.DesiredCount;
  if (desired === undefined) return { min: 1, source: 'DesiredCount omitted and no scalable target: ECS starts one task' };
  const literal = literalNumber(desired);
  if (literal !== undefined) return { min: literal, source: 'DesiredCount (no scalable target)' };
  const from = refTarget(desired);
  const attr = getAttName(desired);
  const where = from !== undefined ? `${from}${attr ? `.${attr}` : ''}` : JSON.stringify(desired);
  return { source: `DesiredCount comes from ${where} at deploy time and no scalable target sets a minimum` };
}

function rollbackOf(template: CfnTemplateJson, s: NamedResource): ServiceRollbackFacts {
  const props = s.resource.Properties ?? {};
  const controller = typeof props.DeploymentController?.Type === 'string' ? props.DeploymentController.Type : 'ECS';
  const dc = props.DeploymentConfiguration ?? {};
  const cb = dc.DeploymentCircuitBreaker ?? {};
  const alarms = dc.Alarms ?? {};
  const alarmValues = asList(alarms.AlarmNames);
  const alarmNames = alarmValues.map((n) => (typeof n === 'string' ? n : JSON.stringify(n)));
  const alarmIds = alarmValues.map((n) => alarmIdOf(template, n));
  const group = controller === 'CODE_DEPLOY'
    ? resourcesOfType(template, 'AWS::CodeDeploy::DeploymentGroup').find((g) =>
      asList(g.resource.Properties?.ECSServices).some((e) => referencedIds((e as { ServiceName?: unknown }).ServiceName).has(s.id))
      && literalBoolean(g.resource.Properties?.AutoRollbackConfiguration?.Enabled) === true)
    : undefined;
  return {
    controller,
    circuitBreakerRollback: literalBoolean(cb.Enable) === true && literalBoolean(cb.Rollback) === true,
    alarmNames,
    alarmIds,
    alarmsRollback: literalBoolean(alarms.Enable) === true && literalBoolean(alarms.Rollback) === true && alarmNames.length > 0,
    ...(group ? { codeDeployGroupId: group.id } : {}),
  };
}

// ---- Lambda aliases and their callers ------------------------------------------------------

/** One call from a resource of the template to a function, a version or an alias. */
export interface LambdaCall {
  readonly callerId: string;
  readonly callerType: string;
  /** The logical id called. */
  readonly targetId: string;
  readonly targetType: 'AWS::Lambda::Function' | 'AWS::Lambda::Version' | 'AWS::Lambda::Alias';
  /** The qualifier written after the function (`<function ARN>:<qualifier>`) that names no alias of the template. */
  readonly qualifier?: string;
}

/** A logical id a value refers to, with the qualifier written right after it, if any. */
interface QualifiedRef {
  readonly id: string;
  readonly qualifier?: string;
}

/**
 * The qualifier a literal that follows a reference in a join writes (`:live` or, after a `:`
 * separator, `live`): an alias name, a version number or `$LATEST`, up to the first character no
 * qualifier has (`:live"` in a state machine definition is `live`).
 */
function qualifierAfter(next: unknown, separator: string): string | undefined {
  if (typeof next !== 'string') return undefined;
  const text = separator === ':' ? next : next.startsWith(':') ? next.slice(1) : undefined;
  const q = text === undefined ? undefined : /^[A-Za-z0-9$_-]*/.exec(text)![0];
  return q !== undefined && q !== '' ? q : undefined;
}

/**
 * Every logical id inside `value`, with the qualifier a `Fn::Join` or `Fn::Sub` writes right after
 * it (`{ 'Fn::Join': [":", [<function ARN>, "live"]] }`, or `${Fn.Arn}:live` in `Fn::Sub`).
 */
function qualifiedRefs(value: unknown, into: QualifiedRef[] = []): QualifiedRef[] {
  if (Array.isArray(value)) {
    for (const v of value) qualifiedRefs(v, into);
    return into;
  }
  if (typeof value !== 'object' || value === null) return into;
  const v = value as { [key: string]: unknown };
  const direct = refTarget(v);
  if (direct !== undefined) {
    if (!direct.startsWith('AWS::')) into.push({ id: direct });
    return into;
  }
  const join = v['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const [separator, parts] = join as [string, unknown[]];
    parts.forEach((part, i) => {
      const id = refTarget(part);
      if (id === undefined) {
        qualifiedRefs(part, into);
      } else if (!id.startsWith('AWS::')) {
        const qualifier = qualifierAfter(parts[i + 1], separator);
        into.push(qualifier !== undefined ? { id, qualifier } : { id });
      }
    });
    return into;
  }
  const sub = v['Fn::Sub'];
  const subText = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
  if (subText !== undefined) {
    for (const m of subText.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}(?::([A-Za-z0-9$_-]+))?/g)) {
      into.push(m[2] !== undefined ? { id: m[1], qualifier: m[2] } : { id: m[1] });
    }
    if (Array.isArray(sub)) qualifiedRefs(sub[1], into);
    return into;
  }
  for (const child of Object.values(v)) qualifiedRefs(child, into);
  return into;
}

/**
 * Every call the template's callers make to its functions, versions and aliases. A function
 * followed by `:<name>` of one of its aliases is a call to that alias.
 */
export function lambdaCalls(template: CfnTemplateJson): LambdaCall[] {
  const calls: LambdaCall[] = [];
  const aliases = resourcesOfType(template, 'AWS::Lambda::Alias');
  for (const [callerId, r] of Object.entries(template.Resources ?? {})) {
    const rule = typeof r?.Type === 'string' ? ruleFor(r.Type) : undefined;
    if (!rule) continue;
    const targets = invocationTargets(rule, r.Properties ?? {});
    const seen = new Set<string>();
    for (const ref of qualifiedRefs(targets.values)) {
      let targetId = ref.id;
      let targetType = template.Resources?.[targetId]?.Type;
      let qualifier = ref.qualifier ?? targets.qualifier;
      if (qualifier === '$LATEST') qualifier = undefined;
      if (targetType === 'AWS::Lambda::Function' && qualifier !== undefined) {
        const alias = aliases.find((a) => refTarget(a.resource.Properties?.FunctionName) === ref.id && a.resource.Properties?.Name === qualifier);
        if (alias) {
          targetId = alias.id;
          targetType = 'AWS::Lambda::Alias';
          qualifier = undefined;
        }
      }
      if (targetType !== 'AWS::Lambda::Function' && targetType !== 'AWS::Lambda::Version' && targetType !== 'AWS::Lambda::Alias') continue;
      const key = `${targetId}:${qualifier ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      calls.push({ callerId, callerType: r.Type, targetId, targetType, ...(qualifier !== undefined ? { qualifier } : {}) });
    }
  }
  return calls;
}

/** The function a version or alias belongs to (its `FunctionName`), or the function itself. */
export function functionOf(template: CfnTemplateJson, id: string): string | undefined {
  const r = resourceById(template, id);
  if (r?.Type === 'AWS::Lambda::Function') return id;
  if (r?.Type === 'AWS::Lambda::Version' || r?.Type === 'AWS::Lambda::Alias') return refTarget(r.Properties?.FunctionName);
  return undefined;
}

/** One Lambda alias as the policy sees it. */
export interface AliasFacts {
  readonly id: string;
  readonly name: string;
  /** The function of the alias, when it is in the template. */
  readonly functionId?: string;
  /** The callers in the template that reach the function through this alias. */
  readonly callerIds: string[];
  /** Why the alias counts as taking traffic (empty: nothing in the template sends it traffic). */
  readonly trafficReasons: string[];
  /** True when `UpdatePolicy.CodeDeployLambdaAliasUpdate` is set. */
  readonly shifted: boolean;
  /** The deployment group named by the update policy, when it is in the template. */
  readonly groupId?: string;
  /** The deployment group name as written, when the group is not in the template. */
  readonly groupName?: string;
}

/**
 * Every alias of the template. An alias takes traffic when a caller of the template reaches it,
 * it carries provisioned concurrency or weighted routing, or CodeDeploy shifts it.
 */
export function aliasFacts(template: CfnTemplateJson): AliasFacts[] {
  const calls = lambdaCalls(template);
  return resourcesOfType(template, 'AWS::Lambda::Alias').map(({ id, resource }) => {
    const p = resource.Properties ?? {};
    const update = resource.UpdatePolicy?.CodeDeployLambdaAliasUpdate;
    const callerIds = [...new Set(calls.filter((c) => c.targetId === id).map((c) => c.callerId))];
    const reasons: string[] = [];
    if (callerIds.length > 0) reasons.push(`called by ${callerIds.join(', ')}`);
    if (p.ProvisionedConcurrencyConfig !== undefined) reasons.push('has provisioned concurrency');
    if (p.RoutingConfig !== undefined) reasons.push('has weighted routing');
    if (update !== undefined) reasons.push('shifted by CodeDeploy');
    const groupId = update ? refTarget(update.DeploymentGroupName) : undefined;
    const groupIsHere = resourceById(template, groupId)?.Type === 'AWS::CodeDeploy::DeploymentGroup';
    return {
      id,
      name: typeof p.Name === 'string' ? p.Name : JSON.stringify(p.Name),
      ...(refTarget(p.FunctionName) !== undefined ? { functionId: refTarget(p.FunctionName) } : {}),
      callerIds,
      trafficReasons: reasons,
      shifted: update !== undefined,
      ...(groupIsHere ? { groupId } : {}),
      ...(update && !groupIsHere ? { groupName: JSON.stringify(update.DeploymentGroupName) } : {}),
    };
  });
}

// ---- alarms --------------------------------------------------------------------------------

/** The timing of one CloudWatch metric alarm. */
export interface AlarmTiming {
  /** The alarm's logical id, when it is in the template. */
  readonly id?: string;
  /** Its name as written (literal, or the logical id when the name is generated). */
  readonly name: string;
  /** The longest period of its metrics, in seconds (undefined: not a literal, or not a metric alarm). */
  readonly periodSeconds?: number;
  readonly evaluationPeriods?: number;
  /** Datapoints that must breach to alarm (CloudWatch's default: the evaluation periods). */
  readonly datapointsToAlarm?: number;
}

/** The timing of the `AWS::CloudWatch::Alarm` with logical id `id`. */
export function alarmTiming(template: CfnTemplateJson, id: string): AlarmTiming {
  const r = resourceById(template, id);
  const p = r?.Properties ?? {};
  const name = typeof p.AlarmName === 'string' ? p.AlarmName : id;
  if (r?.Type !== 'AWS::CloudWatch::Alarm') return { id, name };
  const periods: Array<number | undefined> = [];
  if (p.Period !== undefined) periods.push(literalNumber(p.Period));
  for (const m of asList(p.Metrics)) {
    const stat = (m as { MetricStat?: { Period?: unknown }; Period?: unknown });
    if (stat.MetricStat) periods.push(literalNumber(stat.MetricStat.Period));
    else if (stat.Period !== undefined) periods.push(literalNumber(stat.Period));
  }
  const period = periods.length > 0 && periods.every((x) => x !== undefined) ? Math.max(...(periods as number[])) : undefined;
  const evaluationPeriods = literalNumber(p.EvaluationPeriods);
  const datapointsToAlarm = literalNumber(p.DatapointsToAlarm) ?? evaluationPeriods;
  return {
    id,
    name,
    ...(period !== undefined ? { periodSeconds: period } : {}),
    ...(evaluationPeriods !== undefined ? { evaluationPeriods } : {}),
    ...(datapointsToAlarm !== undefined ? { datapointsToAlarm } : {}),
  };
}

/**
 * The alarm a name value stands for: a `Ref` to an alarm of the template, or a value equal to an
 * alarm's `AlarmName` (a literal, or the same `Fn::Join`/`Fn::Sub` written twice).
 */
export function alarmIdOf(template: CfnTemplateJson, name: unknown): string | undefined {
  const ref = refTarget(name);
  if (ref !== undefined) return resourceById(template, ref)?.Type === 'AWS::CloudWatch::Alarm' ? ref : undefined;
  if (typeof name === 'string') return alarmByName(template, name);
  const json = JSON.stringify(name);
  return resourcesOfType(template, 'AWS::CloudWatch::Alarm').find((a) => JSON.stringify(a.resource.Properties?.AlarmName) === json)?.id;
}

/** The alarm of the template whose literal `AlarmName` is `name`, if any. */
export function alarmByName(template: CfnTemplateJson, name: string): string | undefined {
  return resourcesOfType(template, 'AWS::CloudWatch::Alarm').find((a) => a.resource.Properties?.AlarmName === name)?.id;
}
