import type { ProbeResult, ProbeTarget } from './http-probe';
import { identifyTargetGroups } from './target-groups';
import { evaluateZoneGate, Target } from './zone-gate';
import type { Logger } from '../../common/handler/log';
import type { Deadline } from '../../common/handler/timing';
import type { HttpCheckSpec } from '../../http-check-spec';
import type { EcsHookConfig } from '../contract';

/** The answer ECS expects from a lifecycle hook. */
export interface HookResponse {
  readonly hookStatus: 'SUCCEEDED' | 'FAILED' | 'IN_PROGRESS';
  /** Seconds before ECS invokes the hook again (IN_PROGRESS only). */
  readonly callBackDelay?: number;
  /** Details ECS passes to the next invocation (IN_PROGRESS only). */
  readonly hookDetails?: Record<string, unknown>;
}

/** What the hook carries between IN_PROGRESS invocations. */
export interface VerifyState {
  /** When the hook first looked at this deployment (epoch ms). */
  readonly firstSeenAt: number;
}

/** Everything the verification needs from outside: AWS reads, the HTTP probe, the clock. */
export interface VerifyDeps {
  readonly readRuleWeights: (ruleArn: string) => Promise<Record<string, number>>;
  readonly readTargets: (targetGroupArn: string) => Promise<Target[]>;
  readonly probe: (target: ProbeTarget, check: HttpCheckSpec, timeoutMs: number) => Promise<ProbeResult>;
  readonly deadline: Deadline;
  readonly now: () => number;
  readonly log: Logger;
  /**
   * The service's first deployment (see `isFirstDeployment`): the new revision's tasks are in the
   * target group that carries production weight, not in the idle one.
   */
  readonly firstDeployment?: boolean;
}

/** The state carried in `hookDetails[key]`, if it is well-formed and not from the future. */
export function readState(hookDetails: Record<string, unknown>, key: string, now: number): VerifyState | undefined {
  const state = hookDetails[key] as { firstSeenAt?: unknown } | undefined;
  const at = state?.firstSeenAt;
  return typeof at === 'number' && Number.isFinite(at) && at <= now ? { firstSeenAt: at } : undefined;
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

/**
 * Verifies the new revision: finds its target group from the listener rules, waits (IN_PROGRESS)
 * until every zone has a healthy target or fails when the budget is spent, then sends every check
 * to every healthy target in parallel. Any failing check fails the deployment.
 *
 * @param hookDetails the invocation's hook details, returned (with the state) on IN_PROGRESS
 * @param stateKey key of hookDetails that carries the state
 */
export async function verifyRevision(
  config: EcsHookConfig,
  hookDetails: Record<string, unknown>,
  stateKey: string,
  deps: VerifyDeps,
): Promise<HookResponse> {
  const { log } = deps;
  const now = deps.now();
  const state = readState(hookDetails, stateKey, now) ?? { firstSeenAt: now };

  const [production, test] = await Promise.all([
    deps.readRuleWeights(config.productionRuleArn),
    config.testRuleArn ? deps.readRuleWeights(config.testRuleArn) : Promise.resolve(undefined),
  ]);
  const roles = identifyTargetGroups(config.targetGroupArns, production, test);
  const targetGroupArn = deps.firstDeployment ? roles.liveTargetGroupArn : roles.newTargetGroupArn;
  log.info('new revision target group', {
    ...roles, targetGroupArn, firstDeployment: deps.firstDeployment ?? false, productionWeights: production, testWeights: test,
  });

  const targets = await deps.readTargets(targetGroupArn);
  const gate = evaluateZoneGate({
    targets, zones: config.zones, firstSeenAt: state.firstSeenAt, now: deps.now(), budgetSeconds: config.healthyWithinSeconds,
  });
  log.info('zone gate', {
    gate: gate.status,
    healthyByZone: gate.healthyByZone,
    missingZones: gate.missingZones,
    secondsLeft: gate.secondsLeft,
    targets: targets.map((t) => ({ target: `${t.ip}:${t.port}`, zone: t.zone, state: t.state, reason: t.reason })),
  });
  if (gate.status === 'closed') return failed(`zone gate: ${gate.reason}`, log);
  if (gate.status === 'wait') {
    const callBackDelay = Math.max(1, Math.min(config.pollIntervalSeconds, gate.secondsLeft));
    log.info('waiting for healthy targets', { hookStatus: 'IN_PROGRESS', callBackDelay, reason: gate.reason, firstSeenAt: new Date(state.firstSeenAt).toISOString() });
    return { hookStatus: 'IN_PROGRESS', callBackDelay, hookDetails: { ...hookDetails, [stateKey]: state } };
  }

  const outcomes = await Promise.all(gate.healthy.flatMap((t) => config.checks.map((check) => runCheck(t, check, config, deps))));
  const failures = outcomes.filter((o) => !o.result.passed);
  if (failures.length > 0) {
    const first = failures[0];
    const more = failures.length > 1 ? ` (and ${failures.length - 1} more failure${failures.length > 2 ? 's' : ''})` : '';
    return failed(`check "${first.check}" failed on ${first.target} in ${first.zone}: ${first.result.reason}${more}`, log);
  }
  log.info('verification passed', { hookStatus: 'SUCCEEDED', checks: config.checks.length, targets: gate.healthy.length });
  return { hookStatus: 'SUCCEEDED' };
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
