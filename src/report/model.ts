/**
 * The report model: per stack and per Lambda alias or ECS service, the zones, capacity left after
 * losing a zone, traffic plan, checks before and after traffic, rollback alarms, the rollback
 * bound, and the policy findings (with the acknowledgements the assembly records). Pure: built
 * from template JSON; renderers turn it into text, Markdown or JSON.
 */
import { CloudAssembly } from './assembly';
import { RollbackBound, TrafficPlan, alarmDetectionSeconds, rollbackBound } from './timing';
import { AlarmTiming, aliasFacts, alarmIdOf, alarmTiming, serviceFacts, zoneLoss, zonesOf } from '../policy/facts';
import { Finding, evaluateTemplate, tierOf } from '../policy/rules';
import { CfnTemplateJson, asList, flattenString, literalNumber, refTarget, resourceById } from '../policy/template';
import { DeploymentSafetyTier } from '../policy/tier';
import { decodeHookConfigTags } from '../verification/lambda-hook/config';

/** Version of the JSON shape (`--json`). */
export const REPORT_FORMAT_VERSION = 1;

/** One rollback alarm with its timing. */
export interface AlarmReport extends AlarmTiming {
  /** `period x (datapoints + 1)`, see docs/report.md. */
  readonly detectionSeconds?: number;
}

/** One Lambda alias that takes traffic. */
export interface FunctionReport {
  readonly path: string;
  readonly logicalId: string;
  readonly alias: string;
  readonly tier: DeploymentSafetyTier;
  /**
   * `regional` for a function outside a VPC (Lambda runs it in every zone of the region); for a
   * function in a VPC, the zones of its subnets.
   */
  readonly zones: string[];
  readonly trafficPlan: TrafficPlan;
  readonly beforeTraffic: string[];
  readonly afterTraffic: string[];
  readonly alarms: AlarmReport[];
  readonly rollback: RollbackBound;
}

/** One ECS service. */
export interface ServiceReport {
  readonly path: string;
  readonly logicalId: string;
  readonly tier: DeploymentSafetyTier;
  readonly zones: string[];
  /** Minimum tasks and where the number comes from. */
  readonly minTasks?: number;
  readonly capacitySource: string;
  /** Tasks left after losing the biggest zone (undefined when the minimum or the zones are unknown). */
  readonly tasksAfterZoneLoss?: number;
  readonly trafficPlan: TrafficPlan;
  readonly beforeTraffic: string[];
  readonly afterTraffic: string[];
  readonly alarms: AlarmReport[];
  readonly rollback: RollbackBound;
}

/** A finding with its acknowledgement, if the app acknowledged it. */
export interface ReportFinding extends Finding {
  /** The reason recorded with the acknowledgement, when the finding is acknowledged. */
  readonly acknowledgedReason?: string;
}

/** One stack. */
export interface StackReport {
  readonly stackName: string;
  readonly templateFile: string;
  /** The template's own tier, when its metadata names one. */
  readonly tier?: DeploymentSafetyTier;
  readonly functions: FunctionReport[];
  readonly services: ServiceReport[];
  readonly findings: ReportFinding[];
}

/** The whole report. */
export interface Report {
  readonly formatVersion: number;
  readonly assembly: string;
  readonly defaultTier: DeploymentSafetyTier;
  readonly stacks: StackReport[];
  /** Unacknowledged errors, warnings and infos over all stacks. */
  readonly totals: { readonly errors: number; readonly warnings: number; readonly infos: number; readonly acknowledged: number };
}

/** Builds the report of an assembly. */
export function buildReport(
  assembly: CloudAssembly,
  assemblyLabel: string,
  defaultTier: DeploymentSafetyTier = DeploymentSafetyTier.CRITICAL,
): Report {
  const stacks = assembly.stacks.map((s) => {
    const options = { stackName: s.stackName, defaultTier, paths: s.paths };
    const findings = evaluateTemplate(s.template, options).map((f): ReportFinding => {
      const ack = assembly.acknowledged[f.acknowledgeId];
      return ack ? { ...f, acknowledgedReason: ack.reason } : f;
    });
    const pathOf = (id: string) => displayPath(s.paths[id] ?? `${s.stackName}/${id}`);
    const templateTier = s.template.Metadata?.['cdk-safe-deploy:tier'];
    return {
      stackName: s.stackName,
      templateFile: s.templateFile,
      ...(typeof templateTier === 'string' ? { tier: templateTier as DeploymentSafetyTier } : {}),
      functions: functionReports(s.template, pathOf, defaultTier),
      services: serviceReports(s.template, pathOf, defaultTier),
      findings,
    };
  });
  const all = stacks.flatMap((s) => s.findings);
  const open = all.filter((f) => f.acknowledgedReason === undefined);
  return {
    formatVersion: REPORT_FORMAT_VERSION,
    assembly: assemblyLabel,
    defaultTier,
    stacks,
    totals: {
      errors: open.filter((f) => f.severity === 'error').length,
      warnings: open.filter((f) => f.severity === 'warning').length,
      infos: open.filter((f) => f.severity === 'info').length,
      acknowledged: all.length - open.length,
    },
  };
}

/** A construct path without the trailing `/Resource` of L2 constructs. */
function displayPath(p: string): string {
  return p.replace(/\/Resource$/, '');
}

function alarmReports(template: CfnTemplateJson, ids: Array<string | undefined>, names: string[], pathOf: (id: string) => string): AlarmReport[] {
  const timings = ids.map((id, i): AlarmTiming => {
    if (id === undefined) return { name: names[i] };
    const t = alarmTiming(template, id);
    // A generated name (a token) is shown as the alarm's construct path.
    return typeof resourceById(template, id)?.Properties?.AlarmName === 'string' ? t : { ...t, name: pathOf(id) };
  });
  return timings.map((t) => {
    const d = alarmDetectionSeconds(t);
    return d !== undefined ? { ...t, detectionSeconds: d } : t;
  });
}

// ---- Lambda --------------------------------------------------------------------------------

const PREDEFINED_LAMBDA = /^CodeDeployDefault\.Lambda(?:(AllAtOnce)|Canary(\d+)Percent(\d+)Minutes?|Linear(\d+)PercentEvery(\d+)Minutes?)$/;

/** The traffic plan of a Lambda deployment group: a predefined `CodeDeployDefault.Lambda*` name or a custom config of the template. */
export function lambdaTrafficPlan(template: CfnTemplateJson, configName: unknown): TrafficPlan {
  if (typeof configName === 'string') {
    const m = PREDEFINED_LAMBDA.exec(configName);
    if (m?.[1]) return { kind: 'all-at-once', description: 'all at once' };
    if (m?.[2]) return canary(Number(m[2]), Number(m[3]) * 60);
    if (m?.[4]) return linear(Number(m[4]), Number(m[5]) * 60);
    return { kind: 'unknown', description: `deployment configuration ${configName}` };
  }
  const config = resourceById(template, refTarget(configName));
  const routing = config?.Type === 'AWS::CodeDeploy::DeploymentConfig' ? config.Properties?.TrafficRoutingConfig : undefined;
  if (routing?.Type === 'AllAtOnce') return { kind: 'all-at-once', description: 'all at once' };
  if (routing?.Type === 'TimeBasedCanary') {
    const p = literalNumber(routing.TimeBasedCanary?.CanaryPercentage);
    const i = literalNumber(routing.TimeBasedCanary?.CanaryInterval);
    if (p !== undefined && i !== undefined) return canary(p, i * 60);
  }
  if (routing?.Type === 'TimeBasedLinear') {
    const p = literalNumber(routing.TimeBasedLinear?.LinearPercentage);
    const i = literalNumber(routing.TimeBasedLinear?.LinearInterval);
    if (p !== undefined && i !== undefined) return linear(p, i * 60);
  }
  return { kind: 'unknown', description: configName === undefined ? 'no deployment configuration' : `deployment configuration ${JSON.stringify(configName)}` };
}

function canary(percent: number, intervalSeconds: number): TrafficPlan {
  return { kind: 'canary', percent, intervalSeconds, description: `canary ${percent}% for ${intervalSeconds / 60} min, then 100%` };
}

function linear(percent: number, intervalSeconds: number): TrafficPlan {
  return { kind: 'linear', percent, intervalSeconds, description: `linear ${percent}% every ${intervalSeconds / 60} min` };
}

function tagsOf(resource: { Properties?: { [key: string]: any } } | undefined): { [key: string]: string } {
  const tags: { [key: string]: string } = {};
  for (const t of asList(resource?.Properties?.Tags)) {
    const tag = t as { Key?: unknown; Value?: unknown };
    if (typeof tag.Key === 'string' && typeof tag.Value === 'string') tags[tag.Key] = tag.Value;
  }
  return tags;
}

function functionReports(template: CfnTemplateJson, pathOf: (id: string) => string, defaultTier: DeploymentSafetyTier): FunctionReport[] {
  return aliasFacts(template).filter((a) => a.trafficReasons.length > 0).map((a) => {
    const alias = resourceById(template, a.id);
    const update = alias?.UpdatePolicy?.CodeDeployLambdaAliasUpdate ?? {};
    const group = resourceById(template, a.groupId)?.Properties ?? {};
    const plan = a.shifted ? lambdaTrafficPlan(template, group.DeploymentConfigName) : { kind: 'all-at-once', description: 'all at once, no CodeDeploy' };
    const before: string[] = [];
    const after: string[] = [];
    let bakeSeconds = 0;
    const fn = resourceById(template, a.functionId);
    try {
      const config = decodeHookConfigTags(tagsOf(fn));
      for (const c of config.checks) (c.phase === 'AfterAllowTraffic' ? after : before).push(`check '${c.name}'`);
      bakeSeconds = config.bakeSeconds;
      if (config.skipVerification) before.push('verification skipped (break-glass)');
    } catch (e) {
      before.push(`hook configuration unreadable: ${(e as Error).message}`);
    }
    const preHook = refTarget(update.BeforeAllowTrafficHook);
    const postHook = refTarget(update.AfterAllowTrafficHook);
    if (preHook) before.unshift(`BeforeAllowTraffic hook ${pathOf(preHook)}`);
    if (postHook) after.unshift(`AfterAllowTraffic hook ${pathOf(postHook)}`);
    if (bakeSeconds > 0) after.push(`bake ${bakeSeconds / 60} min watching the alarms`);
    const alarmValues = asList(group.AlarmConfiguration?.Alarms).map((x) => (x as { Name?: unknown }).Name);
    const alarmIds = alarmValues.map((n) => alarmIdOf(template, n));
    const alarmsEnabled = group.AlarmConfiguration?.Enabled === true || group.AlarmConfiguration?.Enabled === 'true';
    const alarms = alarmsEnabled ? alarmReports(template, alarmIds, alarmValues.map((n) => (typeof n === 'string' ? n : JSON.stringify(n))), pathOf) : [];
    const preTimeout = literalNumber(resourceById(template, preHook)?.Properties?.Timeout);
    const vpcSubnets = fn?.Properties?.VpcConfig?.SubnetIds;
    const vpcZones = vpcSubnets !== undefined ? zonesOf(template, asList(vpcSubnets)) : undefined;
    return {
      path: pathOf(a.id),
      logicalId: a.id,
      alias: a.name,
      tier: tierOf(template, a.id, defaultTier),
      zones: vpcZones ? [...vpcZones.zones, ...vpcZones.unknown.map((u) => `? (${u})`)] : ['regional'],
      trafficPlan: plan,
      beforeTraffic: before,
      afterTraffic: after,
      alarms,
      rollback: rollbackBound(alarms, plan, a.shifted ? bakeSeconds : undefined, preHook ? preTimeout : undefined),
    };
  });
}

// ---- ECS -----------------------------------------------------------------------------------

const BEFORE_PRODUCTION = ['RECONCILE_SERVICE', 'PRE_SCALE_UP', 'POST_SCALE_UP', 'TEST_TRAFFIC_SHIFT', 'POST_TEST_TRAFFIC_SHIFT'];

/** The traffic plan of an ECS service's `DeploymentConfiguration`. */
export function ecsTrafficPlan(dc: { [key: string]: any }): TrafficPlan {
  const strategy = typeof dc.Strategy === 'string' ? dc.Strategy : 'ROLLING';
  if (strategy === 'BLUE_GREEN') return { kind: 'all-at-once', description: 'blue/green: all production traffic in one step' };
  if (strategy === 'CANARY') {
    const p = literalNumber(dc.CanaryConfiguration?.CanaryPercent);
    const m = literalNumber(dc.CanaryConfiguration?.CanaryBakeTimeInMinutes);
    if (p !== undefined && m !== undefined) return canary(p, m * 60);
  }
  if (strategy === 'LINEAR') {
    const p = literalNumber(dc.LinearConfiguration?.StepPercent);
    const m = literalNumber(dc.LinearConfiguration?.StepBakeTimeInMinutes);
    if (p !== undefined && m !== undefined) return linear(p, m * 60);
  }
  if (strategy === 'ROLLING') {
    return { kind: 'rolling', description: `rolling (min ${dc.MinimumHealthyPercent ?? 100}%, max ${dc.MaximumPercent ?? 200}%)` };
  }
  return { kind: 'unknown', description: `strategy ${strategy}` };
}

interface ParsedHookDetails {
  readonly checks?: Array<{ name?: string; method?: string; path?: string; expectStatus?: number }>;
  readonly healthyWithinSeconds?: number;
}

function parseHookDetails(value: unknown): ParsedHookDetails | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'object' && value !== null && (value as { [k: string]: unknown })['Fn::Join'] === undefined) return value as ParsedHookDetails;
  const text = flattenString(value, () => '<token>');
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as ParsedHookDetails;
  } catch {
    return undefined;
  }
}

function serviceReports(template: CfnTemplateJson, pathOf: (id: string) => string, defaultTier: DeploymentSafetyTier): ServiceReport[] {
  return serviceFacts(template).map((s) => {
    const dc = resourceById(template, s.id)?.Properties?.DeploymentConfiguration ?? {};
    const plan = ecsTrafficPlan(dc);
    const before: string[] = [];
    const after: string[] = [];
    let healthyWithin: number | undefined;
    for (const hook of asList(dc.LifecycleHooks)) {
      const h = hook as { LifecycleStages?: unknown; HookDetails?: unknown; HookTargetArn?: unknown; TargetType?: unknown };
      const stages = asList(h.LifecycleStages).filter((x): x is string => typeof x === 'string');
      const target = refTarget(h.HookTargetArn);
      const what = h.TargetType === 'PAUSE' ? 'pause hook' : `hook ${target ? pathOf(target) : JSON.stringify(h.HookTargetArn)}`;
      const details = parseHookDetails(h.HookDetails);
      const lines = [`${what} at ${stages.join(', ')}`];
      if (details?.healthyWithinSeconds !== undefined) {
        lines.push(`a healthy new task in every zone within ${details.healthyWithinSeconds / 60} min`);
        healthyWithin = Math.max(healthyWithin ?? 0, details.healthyWithinSeconds);
      }
      for (const c of details?.checks ?? []) lines.push(`check '${c.name}': ${c.method ?? 'GET'} ${c.path ?? '/'} -> ${c.expectStatus ?? '?'}`);
      (stages.every((st) => BEFORE_PRODUCTION.includes(st)) ? before : after).push(...lines);
    }
    if (s.rollback.circuitBreakerRollback) after.push('circuit breaker rolls back failing tasks');
    const alarms = s.rollback.alarmsRollback ? alarmReports(template, s.rollback.alarmIds, s.rollback.alarmNames, pathOf) : [];
    const bake = literalNumber(dc.BakeTimeInMinutes);
    const watch = plan.kind === 'rolling' ? undefined : (bake ?? 0) * 60;
    const n = s.zones.zones.length;
    const min = s.capacity.min;
    return {
      path: pathOf(s.id),
      logicalId: s.id,
      tier: tierOf(template, s.id, defaultTier),
      zones: [...s.zones.zones, ...s.zones.unknown.map((u) => `? (${u})`)],
      ...(min !== undefined ? { minTasks: min } : {}),
      capacitySource: s.capacity.source,
      ...(min !== undefined && n > 0 ? { tasksAfterZoneLoss: zoneLoss(min, n).left } : {}),
      trafficPlan: bake !== undefined && bake > 0 ? { ...plan, description: `${plan.description}; bake ${bake} min` } : plan,
      beforeTraffic: before,
      afterTraffic: after,
      alarms,
      rollback: rollbackBound(alarms, plan, watch, healthyWithin),
    };
  });
}
