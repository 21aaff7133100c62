/**
 * The rollback-time bound of a synthesized BlueGreenLambda or MultiAzService (docs/performance.md):
 * bound = H + P + D, where D is the slowest rollback alarm's Period × EvaluationPeriods, H the
 * budget of the verification before production traffic, P the traffic plan's duration; valid
 * when D ≤ P + B (B: the bake time, during which the alarms are still watched).
 */

type Resources = Record<string, { Type: string; Properties?: any; UpdatePolicy?: any }>;

export interface AlarmTiming {
  readonly name: string;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

export interface RollbackBound {
  readonly alarms: AlarmTiming[];
  /** D: the slowest alarm's Period × EvaluationPeriods. */
  readonly detectionSeconds: number;
  readonly hookName: string;
  /** H: how long the verification before production traffic may take. */
  readonly hookSeconds: number;
  /** P: first traffic shift to last. */
  readonly planSeconds: number;
  /** B: alarms still watched after the last shift. */
  readonly bakeSeconds: number;
  /** H + P + D. */
  readonly boundSeconds: number;
  /** A release that fails verification is rolled back within H. */
  readonly failedVerificationSeconds: number;
}

/** An alarm's period: its own, or the longest of its metric-math inputs. */
function alarmTiming(id: string, p: any): AlarmTiming {
  const periods = [p.Period, ...(p.Metrics ?? []).map((m: any) => m.MetricStat?.Period ?? m.Period)].filter((x) => typeof x === 'number');
  if (periods.length === 0) throw new Error(`alarm ${id} has no period`);
  const name = typeof p.AlarmName === 'string'
    ? p.AlarmName.split('-').slice(-1)[0]
    : id.replace(/^.*Alarms/, '').replace(/[0-9A-F]{8}[0-9a-f]*$/, '');
  return {
    name, periodSeconds: Math.max(...periods), evaluationPeriods: p.EvaluationPeriods, datapointsToAlarm: p.DatapointsToAlarm ?? p.EvaluationPeriods,
  };
}

function only<T>(items: T[], what: string): T {
  if (items.length !== 1) throw new Error(`expected one ${what}, found ${items.length}`);
  return items[0];
}

/** Minutes of a CodeDeploy predefined Lambda configuration, first shift to last. */
export function codeDeployPlanMinutes(configName: string): number {
  if (/AllAtOnce$/.test(configName)) return 0;
  const canary = /Canary(\d+)Percent(\d+)Minutes?$/.exec(configName);
  if (canary) return Number(canary[2]);
  const linear = /Linear(\d+)PercentEvery(\d+)Minutes?$/.exec(configName);
  if (linear) return (Math.ceil(100 / Number(linear[1])) - 1) * Number(linear[2]);
  throw new Error(`unknown deployment configuration ${configName}`);
}

/** The bound of the one BlueGreenLambda in `resources`; `bakeSeconds` is its `bakeTime`. */
export function lambdaRollbackBound(resources: Resources, bakeSeconds: number): RollbackBound {
  const group = only(Object.values(resources).filter((r) => r.Type === 'AWS::CodeDeploy::DeploymentGroup'), 'deployment group');
  const alarms = group.Properties.AlarmConfiguration.Alarms.map((a: any) => alarmTiming(a.Name.Ref, resources[a.Name.Ref].Properties));
  const alias = only(Object.values(resources).filter((r) => r.UpdatePolicy?.CodeDeployLambdaAliasUpdate), 'alias deployed by CodeDeploy');
  const hookId = alias.UpdatePolicy.CodeDeployLambdaAliasUpdate.BeforeAllowTrafficHook.Ref;
  const configName = group.Properties.DeploymentConfig?.DeploymentConfigName ?? group.Properties.DeploymentConfigName;
  if (typeof configName !== 'string') throw new Error('the deployment group names no predefined configuration');
  return bound(alarms, 'pre-traffic hook timeout', resources[hookId].Properties.Timeout, codeDeployPlanMinutes(configName) * 60, bakeSeconds);
}

/** The bound of the one MultiAzService in `resources`. */
export function serviceRollbackBound(resources: Resources): RollbackBound {
  const service = only(Object.values(resources).filter((r) => r.Type === 'AWS::ECS::Service'), 'ECS service');
  const config = service.Properties.DeploymentConfiguration;
  const names: string[] = config.Alarms.AlarmNames;
  const alarms = Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm' && names.includes(r.Properties.AlarmName))
    .map(([id, r]) => alarmTiming(id, r.Properties));
  if (alarms.length !== names.length) throw new Error(`found ${alarms.length} of the service's ${names.length} alarms`);
  const details = JSON.stringify(only(config.LifecycleHooks, 'lifecycle hook') as any);
  const healthy = /healthyWithinSeconds\W+(\d+)/.exec(details);
  if (!healthy) throw new Error('the lifecycle hook names no healthyWithinSeconds');
  const canary = config.CanaryConfiguration;
  const linear = config.LinearConfiguration;
  const planMinutes = canary ? canary.CanaryBakeTimeInMinutes
    : linear ? (Math.ceil(100 / linear.StepPercent) - 1) * linear.StepBakeTimeInMinutes : 0;
  return bound(alarms, 'hook healthyWithinSeconds', Number(healthy[1]), planMinutes * 60, (config.BakeTimeInMinutes ?? 0) * 60);
}

function bound(alarms: AlarmTiming[], hookName: string, hookSeconds: number, planSeconds: number, bakeSeconds: number): RollbackBound {
  const detectionSeconds = Math.max(...alarms.map((a) => a.periodSeconds * a.evaluationPeriods));
  return {
    alarms: dedupe(alarms),
    detectionSeconds,
    hookName,
    hookSeconds,
    planSeconds,
    bakeSeconds,
    boundSeconds: hookSeconds + planSeconds + detectionSeconds,
    failedVerificationSeconds: hookSeconds,
  };
}

/** One row per distinct alarm kind (the per-zone alarms repeat the regional ones). */
function dedupe(alarms: AlarmTiming[]): AlarmTiming[] {
  const seen = new Map<string, AlarmTiming>();
  for (const a of alarms) if (!seen.has(a.name)) seen.set(a.name, a);
  return [...seen.values()];
}
