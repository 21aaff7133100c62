import { HookClients } from './clients';
import { getDeployment } from './discover';
import { decideAndReport, HookSummary, InvocationBudget } from './hook';
import { hookIdsOf } from './report';
import { rollbackOf } from './version-lock';
import { Logger } from '../../common/handler/log';

/** Why the hook invocation behind an on-failure destination record failed, in words. */
export function failureCause(record: unknown): string {
  const r = (typeof record === 'object' && record !== null ? record : {}) as {
    requestContext?: { condition?: string };
    responsePayload?: { errorType?: string; errorMessage?: string };
  };
  const { errorType = '', errorMessage = '' } = r.responsePayload ?? {};
  const condition = r.requestContext?.condition ?? 'unknown condition';
  const what = [errorType, errorMessage].filter(Boolean).join(': ') || 'no error details';
  if (errorType === 'Sandbox.Timedout' || /Task timed out/.test(errorMessage)) return `the hook timed out (${what}; ${condition})`;
  if (errorType === 'Runtime.OutOfMemory' || /out of memory|signal: killed/i.test(errorMessage)) return `the hook ran out of memory (${what}; ${condition})`;
  return `the hook failed (${what}; ${condition})`;
}

/**
 * Safety net for what the verification hook cannot catch itself (its own timeout, running out
 * of memory): reports Failed for the lifecycle event of the original invocation, logging why.
 * On a rollback deployment (see `rollbackOf`) it reports Succeeded instead: a rollback is never
 * held by verification, not even by a crashed hook. When the deployment cannot be read, Failed.
 * A record without the ids is logged and ignored.
 */
export async function reportFromDestination(
  record: unknown, clients: HookClients, budget: InvocationBudget, log: Logger,
): Promise<HookSummary | undefined> {
  const payload = (record as { requestPayload?: unknown } | null)?.requestPayload;
  const { ids, missing } = hookIdsOf(payload);
  const cause = failureCause(record);
  if (!ids) {
    log.error('on-failure record lacks the CodeDeploy lifecycle ids: nothing can be reported', { missing, cause, record: JSON.stringify(record)?.slice(0, 500) });
    return undefined;
  }
  const withIds = log.with({ deploymentId: ids.deploymentId, lifecycleEventHookExecutionId: ids.lifecycleEventHookExecutionId });
  return decideAndReport(clients, ids, budget, () => withIds, async (work) => {
    let rollback;
    try {
      rollback = rollbackOf(await getDeployment(clients, ids.deploymentId, work, withIds));
    } catch (e) {
      withIds.error('verification hook invocation failed and its deployment could not be read; reporting Failed', { cause, readError: (e as Error).message });
      return { passed: false, reason: cause };
    }
    if (rollback) {
      withIds.warn('verification hook invocation failed during a rollback deployment; reporting Succeeded so the rollback goes on', { cause, ...rollback });
      return { passed: true, reason: `rollback deployment: never held by verification (${cause})` };
    }
    withIds.error('verification hook invocation failed; reporting Failed', { cause });
    return { passed: false, reason: cause };
  });
}
