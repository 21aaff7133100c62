import { PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import { callAws, HookClients } from './clients';
import { describeError, Logger } from '../../common/handler/log';
import { Deadline } from '../../common/handler/timing';

/** The ids CodeDeploy passes to a lifecycle hook. */
export interface HookIds {
  readonly deploymentId: string;
  readonly lifecycleEventHookExecutionId: string;
}

/** The two statuses a hook can report. */
export type HookStatus = 'Succeeded' | 'Failed';

/** The ids of a hook event, or undefined (with what is missing) if the event lacks them. */
export function hookIdsOf(event: unknown): { ids?: HookIds; missing: string[] } {
  const e = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof e[key] === 'string' && (e[key] as string).length > 0 ? (e[key] as string) : undefined);
  const deploymentId = text('DeploymentId');
  const lifecycleEventHookExecutionId = text('LifecycleEventHookExecutionId');
  const missing = [deploymentId ? [] : ['DeploymentId'], lifecycleEventHookExecutionId ? [] : ['LifecycleEventHookExecutionId']].flat();
  return deploymentId && lifecycleEventHookExecutionId ? { ids: { deploymentId, lifecycleEventHookExecutionId }, missing } : { missing };
}

/**
 * Sends the lifecycle hook's one status report, retried on throttling, 5xx and dropped
 * connections until `deadline`. Returns whether CodeDeploy accepted it; a failure is logged.
 */
export async function reportStatus(clients: HookClients, ids: HookIds, status: HookStatus, deadline: Deadline, log: Logger): Promise<boolean> {
  try {
    await callAws('codedeploy:PutLifecycleEventHookExecutionStatus', (abortSignal) => clients.codedeploy.send(new PutLifecycleEventHookExecutionStatusCommand({
      deploymentId: ids.deploymentId, lifecycleEventHookExecutionId: ids.lifecycleEventHookExecutionId, status,
    }), { abortSignal }), deadline, log);
    return true;
  } catch (e) {
    log.error('could not report the lifecycle hook status', { status, error: describeError(e) });
    return false;
  }
}
