import { decodeHookConfigTags, HookPhase, REPORT_MARGIN_SECONDS } from '../config';
import { bake } from './bake';
import { CheckResult, runChecks } from './checks';
import { HookClients } from './clients';
import { discoverDeployment, getDeployment } from './discover';
import { Verdict } from './evaluate';
import { HookIds, hookIdsOf, HookStatus, reportStatus } from './report';
import { startupSignalFor } from '../startup-signal';
import { judgeVersionLock, rollbackOf } from './version-lock';
import { describeError, LogFields, Logger } from '../../common/handler/log';
import { Deadline, sleep } from '../../common/handler/timing';

/** The part of the Lambda context the hooks use. */
export interface InvocationBudget {
  getRemainingTimeInMillis(): number;
}

/** What one hook invocation decided and whether CodeDeploy got it. */
export interface HookSummary {
  readonly status: HookStatus;
  readonly reported: boolean;
  readonly reason?: string;
}

/**
 * Deadlines of one invocation with `remainingMs` left: the work (discovery, checks, bake) ends
 * {@link REPORT_MARGIN_SECONDS} before the timeout (at most a quarter of the time left), the
 * report's retries end a tenth of that margin before it.
 */
export function hookDeadlines(remainingMs: number): { work: Deadline; report: Deadline } {
  const margin = Math.min(REPORT_MARGIN_SECONDS * 1000, remainingMs / 4);
  return { work: Deadline.in(remainingMs - margin), report: Deadline.in(remainingMs - margin / 10) };
}

/** Whether a string names a lifecycle event a hook can serve. */
export function isHookPhase(value: string | undefined): value is HookPhase {
  return value === 'BeforeAllowTraffic' || value === 'AfterAllowTraffic';
}

/** A verdict with extra fields for the summary log line. */
export interface LoggedVerdict extends Verdict {
  readonly fields?: LogFields;
}

/**
 * Reports the verdict of `decide`, or Failed if it throws or is still running at the work
 * deadline. Throws if CodeDeploy did not take the report, so the on-failure destination tries.
 */
export async function decideAndReport(
  clients: HookClients, ids: HookIds, budget: InvocationBudget, log: () => Logger, decide: (work: Deadline) => Promise<LoggedVerdict>,
): Promise<HookSummary> {
  const started = Date.now();
  const { work, report } = hookDeadlines(budget.getRemainingTimeInMillis());
  const decided = new AbortController();
  let verdict: LoggedVerdict;
  try {
    verdict = await Promise.race([
      decide(work).catch((e): Verdict => ({ passed: false, reason: describeError(e) })),
      sleep(work.remainingMs(), decided.signal).then((): Verdict => ({ passed: false, reason: 'verification did not finish before the hook\'s deadline' })),
    ]);
  } finally {
    decided.abort();
  }
  const status: HookStatus = verdict.passed ? 'Succeeded' : 'Failed';
  const reported = await reportStatus(clients, ids, status, report, log());
  (verdict.passed && reported ? log().info : log().error)('lifecycle hook finished', {
    status, reported, reason: verdict.reason, ...verdict.fields, durationMs: Date.now() - started,
  });
  if (!reported) throw new Error(`lifecycle hook status ${status} was not reported for deployment ${ids.deploymentId}`);
  return { status, reported, reason: verdict.reason };
}

function summarise(results: CheckResult[]): Verdict {
  const failed = results.filter((r) => !r.passed);
  if (failed.length === 0) return { passed: true };
  return { passed: false, reason: `${failed.length} of ${results.length} checks failed: ${failed.map((r) => `${r.name} (${r.reason})`).join('; ')}` };
}

/**
 * One verification hook invocation: reads the deployment; a rollback deployment passes at once
 * (nothing else is read or invoked, one log line). Otherwise it finds the target version, checks
 * that the function's tags carry the checks of that version, runs the checks for `phase` (and
 * the bake window after traffic), and reports exactly once. An event without the ids cannot be
 * reported: it is logged and the hook ends normally.
 */
export async function runHook(
  event: unknown, phase: string | undefined, clients: HookClients, budget: InvocationBudget, baseLog: Logger,
): Promise<HookSummary | undefined> {
  const { ids, missing } = hookIdsOf(event);
  if (!ids) {
    baseLog.error('event lacks the CodeDeploy lifecycle ids: nothing can be reported, ending without retry', {
      missing, phase, event: JSON.stringify(event)?.slice(0, 500),
    });
    return undefined;
  }
  let log = baseLog.with({ deploymentId: ids.deploymentId, lifecycleEventHookExecutionId: ids.lifecycleEventHookExecutionId, phase });
  return decideAndReport(clients, ids, budget, () => log, async (work): Promise<LoggedVerdict> => {
    const info = await getDeployment(clients, ids.deploymentId, work, log);
    const rollback = rollbackOf(info);
    if (rollback) {
      // a rollback goes back to a version that already served traffic: never held by verification
      return {
        passed: true,
        reason: `rollback deployment (${rollback.rollbackTriggeringDeploymentId ? `rolling back ${rollback.rollbackTriggeringDeploymentId}` : `creator ${rollback.creator}`}): passed at once without checks, bake window or invocation`,
        fields: { rollback: true, creator: rollback.creator, rollbackTriggeringDeploymentId: rollback.rollbackTriggeringDeploymentId },
      };
    }
    if (!isHookPhase(phase)) throw new Error(`the hook function is misconfigured: SAFE_DEPLOY_PHASE is ${JSON.stringify(phase)}, expected BeforeAllowTraffic or AfterAllowTraffic`);
    const deployment = await discoverDeployment(clients, ids.deploymentId, info, work, log);
    const { target, version } = deployment;
    log = log.with({
      functionName: target.functionName, alias: target.alias, currentVersion: target.currentVersion, targetVersion: target.targetVersion,
    });
    const config = decodeHookConfigTags(deployment.tags); // unreadable tags fail with their own reason
    const lock = judgeVersionLock({ ...version, functionName: target.functionName, targetVersion: target.targetVersion }, deployment.tags);
    if (!lock.passed) return lock;
    if (config.skipVerification) {
      log.warn('BREAK-GLASS: verification skipped for this deployment; reporting Succeeded without invoking anything', {
        breakGlass: true, reason: config.breakGlassReason ?? 'no reason given',
      });
      return { passed: true };
    }
    if (config.breakGlassReason !== undefined) {
      log.warn('BREAK-GLASS in effect for this deployment (verification still runs)', { breakGlass: true, reason: config.breakGlassReason });
    }
    if (phase === 'BeforeAllowTraffic' && !config.checks.some((c) => c.phase === phase)) {
      const signal = startupSignalFor(version.runtime ?? '', version.packageType === 'Image' ? 'Image' : 'Zip');
      if (!signal.reliable) {
        log.warn('the start-up check is the only check before traffic, and it has no reliable signal for this function: declare one check', {
          runtime: version.runtime, packageType: version.packageType, startupSignal: signal.reason,
        });
      }
    }
    const bakeMs = phase === 'AfterAllowTraffic' ? config.bakeSeconds * 1000 : 0;
    const checks = summarise(await runChecks({ clients, deployment, phase, log }, config.checks, work.minus(bakeMs)));
    if (!checks.passed || bakeMs === 0) return checks;
    return bake(clients, deployment, config.bakeSeconds, work, log);
  });
}
