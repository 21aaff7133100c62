import { ApiOutage, decideOnOutage, readOutage, TransientApiError } from './api-outage';
import type { DeploymentInfo, RevisionInfo } from './ecs';
import type { EcsHookInvocation } from './event';
import { MalformedEvent } from './event';
import type { ProbeResult, ProbeTarget } from './http-probe';
import { locateRevision, RevisionLocation } from './locate';
import { evaluateZoneGate, Target } from './zone-gate';
import { assignZones } from './zones';
import type { Logger } from '../../common/handler/log';
import type { Deadline } from '../../common/handler/timing';
import type { HttpCheckSpec } from '../../http-check-spec';
import { AFTER_TRAFFIC_STAGE, DEFAULT_API_OUTAGE_BUDGET_SECONDS, EcsHookConfig } from '../contract';

/** The answer ECS expects from a lifecycle hook. */
export interface HookResponse {
  readonly hookStatus: 'SUCCEEDED' | 'FAILED' | 'IN_PROGRESS';
  /** Seconds before ECS invokes the hook again (IN_PROGRESS only). */
  readonly callBackDelay?: number;
  /** Details ECS passes to the next invocation (IN_PROGRESS only). */
  readonly hookDetails?: Record<string, unknown>;
}

/** What the hook carries between IN_PROGRESS invocations of one hook execution. */
export interface VerifyState {
  /** When the hook first looked at this execution (epoch ms): the zone gate's budget runs from here. */
  readonly firstSeenAt: number;
  /** The hook execution and stage the state belongs to: state from another one is ignored. */
  readonly executionId?: string;
  readonly stage?: string;
  /** Where the new revision was found (read from ECS once, then carried). */
  readonly location?: RevisionLocation;
  /** An AWS API outage in progress. */
  readonly apiOutage?: ApiOutage;
}

/** Everything the verification needs from outside: AWS reads, the HTTP probe, the clock. */
export interface VerifyDeps {
  readonly describeRevision: (revisionArn: string) => Promise<RevisionInfo>;
  readonly describeDeployment: (deploymentArn: string) => Promise<DeploymentInfo>;
  readonly readRuleWeights: (ruleArn: string) => Promise<Record<string, number>>;
  readonly readTargets: (targetGroupArn: string) => Promise<Target[]>;
  readonly readTaskZones: (clusterArn: string, serviceName: string) => Promise<Map<string, string>>;
  readonly probe: (target: ProbeTarget, check: HttpCheckSpec, timeoutMs: number) => Promise<ProbeResult>;
  readonly deadline: Deadline;
  readonly now: () => number;
  readonly log: Logger;
}

/**
 * The state carried in `hookDetails[key]`, if it is well-formed, not from the future and belongs to
 * this hook execution and stage (ECS merges returned `hookDetails` into later invocations).
 */
export function readState(hookDetails: Record<string, unknown>, key: string, now: number, invocation?: Pick<EcsHookInvocation, 'executionId' | 'lifecycleStage'>): VerifyState | undefined {
  const state = hookDetails[key] as Partial<VerifyState> | undefined;
  const at = state?.firstSeenAt;
  if (typeof at !== 'number' || !Number.isFinite(at) || at > now) return undefined;
  if (invocation && state?.stage !== undefined && state.stage !== invocation.lifecycleStage) return undefined;
  if (invocation?.executionId && state?.executionId !== undefined && state.executionId !== invocation.executionId) return undefined;
  const location = state?.location;
  const validLocation = location && typeof location.targetGroupArn === 'string' && typeof location.firstDeployment === 'boolean' ? location : undefined;
  return {
    firstSeenAt: at,
    executionId: state?.executionId,
    stage: state?.stage,
    location: validLocation,
    apiOutage: readOutage(state?.apiOutage, now),
  };
}

interface Outcome {
  readonly check: string;
  readonly target: string;
  readonly zone: string;
  readonly result: ProbeResult;
}

function failed(reason: string, log: Logger): HookResponse {
  log.error('verification failed', { hookStatus: 'FAILED', reason });
  return { hookStatus: 'FAILED' };
}

/** The last path segment of a service ARN: its name. */
function serviceName(serviceArn: string): string {
  return serviceArn.split('/').pop() ?? serviceArn;
}

/**
 * Verifies the new revision at the invocation's stage: finds its target group from ECS (the
 * revision's resolved configuration), waits (IN_PROGRESS) until every zone has a healthy target or
 * fails when the budget is spent, then sends every check of the stage to every healthy target in
 * parallel. Any failing check fails the deployment. AWS API failures that may pass answer
 * IN_PROGRESS, within a budget counted across invocations.
 *
 * @param hookDetails the invocation's hook details, returned (with the state) on IN_PROGRESS
 * @param stateKey key of hookDetails that carries the state
 */
export async function verifyRevision(
  config: EcsHookConfig,
  invocation: EcsHookInvocation,
  stateKey: string,
  deps: VerifyDeps,
): Promise<HookResponse> {
  const { log } = deps;
  const hookDetails = invocation.hookDetails;
  const stage = invocation.lifecycleStage;
  const checks = stage === AFTER_TRAFFIC_STAGE ? config.afterTrafficChecks ?? [] : config.checks;
  if (stage === AFTER_TRAFFIC_STAGE && checks.length === 0) {
    log.info('stage skipped', { hookStatus: 'SUCCEEDED', reason: `no after-traffic checks are declared for ${stage}` });
    return { hookStatus: 'SUCCEEDED' };
  }
  const started = deps.now();
  const carried = readState(hookDetails, stateKey, started, invocation);
  let state: VerifyState = carried ?? { firstSeenAt: started, executionId: invocation.executionId, stage };
  const inProgress = (callBackDelay: number, next: VerifyState): HookResponse =>
    ({ hookStatus: 'IN_PROGRESS', callBackDelay, hookDetails: { ...hookDetails, [stateKey]: next } });

  let targets: Target[];
  try {
    let location = state.location;
    if (!location) {
      if (!invocation.serviceDeploymentArn) {
        throw new MalformedEvent('event.resourceArn (the service deployment ARN) must be a non-empty string, got nothing');
      }
      const found = await locateRevision(config, invocation, invocation.serviceDeploymentArn, deps);
      if (found.kind === 'rollback') {
        log.info('rollback: not verifying', { hookStatus: 'SUCCEEDED', reason: found.reason });
        return { hookStatus: 'SUCCEEDED' };
      }
      location = found.location;
    }
    state = { ...state, location };
    const reported = await deps.readTargets(location.targetGroupArn);
    targets = assignZones(reported, config.subnets ?? []);
    if (targets.some((t) => t.zone === undefined)) {
      const clusterArn = location.clusterArn ?? clusterOf(invocation.serviceArn);
      const taskZones = await deps.readTaskZones(clusterArn, serviceName(invocation.serviceArn));
      targets = assignZones(targets, [], taskZones);
    }
  } catch (e) {
    if (!(e instanceof TransientApiError)) throw e;
    const budget = config.apiOutageBudgetSeconds ?? DEFAULT_API_OUTAGE_BUDGET_SECONDS;
    const decision = decideOnOutage(state.apiOutage, deps.now(), e.message, budget, config.pollIntervalSeconds);
    if (decision.decision === 'fail') return failed(decision.reason, log);
    log.warn('AWS API unavailable: trying again later', {
      hookStatus: 'IN_PROGRESS',
      callBackDelay: decision.callBackDelay,
      operation: e.operation,
      reason: e.message,
      failures: decision.outage.failures,
      outageSeconds: Math.round((deps.now() - decision.outage.firstFailureAt) / 1000),
    });
    return inProgress(decision.callBackDelay, { ...state, apiOutage: decision.outage });
  }
  if (state.apiOutage) log.info('AWS API available again', { failures: state.apiOutage.failures });
  state = { ...state, apiOutage: undefined };

  const gate = evaluateZoneGate({
    targets, zones: config.zones, firstSeenAt: state.firstSeenAt, now: deps.now(), budgetSeconds: config.healthyWithinSeconds,
  });
  log.info('zone gate', {
    gate: gate.status,
    healthyByZone: gate.healthyByZone,
    missingZones: gate.missingZones,
    secondsLeft: gate.secondsLeft,
    targets: targets.map((t) => ({ target: `${t.ip}:${t.port}`, zone: t.zone, zoneSource: t.zoneSource, state: t.state, reason: t.reason })),
  });
  if (gate.status === 'closed') return failed(`zone gate: ${gate.reason}`, log);
  if (gate.status === 'wait') {
    const callBackDelay = Math.max(1, Math.min(config.pollIntervalSeconds, gate.secondsLeft));
    log.info('waiting for healthy targets', { hookStatus: 'IN_PROGRESS', callBackDelay, reason: gate.reason, firstSeenAt: new Date(state.firstSeenAt).toISOString() });
    return inProgress(callBackDelay, state);
  }

  const outcomes = await Promise.all(gate.healthy.flatMap((t) => checks.map((check) => runCheck(t, check, config, deps))));
  const failures = outcomes.filter((o) => !o.result.passed);
  if (failures.length > 0) {
    const first = failures[0];
    const more = failures.length > 1 ? ` (and ${failures.length - 1} more failure${failures.length > 2 ? 's' : ''})` : '';
    return failed(`check "${first.check}" failed on ${first.target} in ${first.zone}: ${first.result.reason}${more}`, log);
  }
  log.info('verification passed', { hookStatus: 'SUCCEEDED', checks: checks.length, targets: gate.healthy.length });
  return { hookStatus: 'SUCCEEDED' };
}

/** The cluster ARN of a service ARN in the long format (`service/<cluster>/<service>`). */
function clusterOf(serviceArn: string): string {
  const match = /^(arn:[^:]+:ecs:[^:]*:[^:]*:)service\/([^/]+)\/[^/]+$/.exec(serviceArn);
  if (!match) throw new MalformedEvent(`executionDetails.serviceArn must be a service ARN with its cluster (service/<cluster>/<service>), got ${serviceArn}`);
  return `${match[1]}cluster/${match[2]}`;
}

async function runCheck(target: Target, check: HttpCheckSpec, config: EcsHookConfig, deps: VerifyDeps): Promise<Outcome> {
  const port = config.port ?? target.port;
  const remaining = deps.deadline.remainingMs();
  const limitedByDeadline = remaining < check.maxLatencyMs;
  const raw = await deps.probe({ ip: target.ip, port, protocol: config.protocol }, check, Math.min(check.maxLatencyMs, remaining));
  const result = !raw.passed && limitedByDeadline && raw.status === undefined
    ? { ...raw, reason: `${raw.reason} (the hook's time limit)` }
    : raw;
  const outcome = { check: check.name, target: `${target.ip}:${port}`, zone: target.zone ?? 'unknown zone', result };
  deps.log.info('check', {
    check: outcome.check,
    target: outcome.target,
    zone: outcome.zone,
    outcome: result.passed ? 'passed' : 'failed',
    status: result.status,
    latencyMs: result.latencyMs,
    reason: result.reason,
  });
  return outcome;
}
