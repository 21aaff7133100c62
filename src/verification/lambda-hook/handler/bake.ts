import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import { callAws, HookClients } from './clients';
import { Deployment } from './discover';
import { Verdict } from './evaluate';
import { describeError, Logger } from '../../common/handler/log';
import { Deadline, sleep } from '../../common/handler/timing';

/** How often the bake window reads the rollback alarms. */
export const ALARM_POLL_MS = 10_000;

/** The deployment group's alarm configuration, as the bake window applies it. */
export interface AlarmWatch {
  readonly names: string[];
  readonly enabled: boolean;
  readonly ignorePollAlarmFailure: boolean;
}

/** States of the named alarms (metric and composite); a name CloudWatch does not know is absent. */
export type AlarmStates = Map<string, { state?: string; reason?: string }>;

/**
 * Judges one read of the alarms: any alarm in ALARM fails; an alarm that cannot be read fails
 * unless the deployment group ignores alarm poll failures (then it is logged).
 */
export function judgeAlarms(watch: AlarmWatch, states: AlarmStates, log: Logger): Verdict {
  const firing = watch.names.filter((n) => states.get(n)?.state === 'ALARM');
  if (firing.length > 0) {
    return { passed: false, reason: `rollback alarm in ALARM during the bake window: ${firing.map((n) => `${n} (${states.get(n)?.reason ?? 'no reason'})`).join('; ')}` };
  }
  const missing = watch.names.filter((n) => !states.has(n));
  if (missing.length > 0) {
    if (!watch.ignorePollAlarmFailure) return { passed: false, reason: `rollback alarms not found: ${missing.join(', ')}` };
    log.warn('rollback alarms not found; ignored as the deployment group ignores alarm poll failures', { alarms: missing });
  }
  return { passed: true };
}

async function readAlarmWatch(clients: HookClients, deployment: Deployment, deadline: Deadline, log: Logger): Promise<AlarmWatch> {
  const { deploymentGroupInfo: group } = await callAws('codedeploy:GetDeploymentGroup', (abortSignal) => clients.codedeploy.send(new GetDeploymentGroupCommand({
    applicationName: deployment.applicationName, deploymentGroupName: deployment.deploymentGroupName,
  }), { abortSignal }), deadline, log);
  const config = group?.alarmConfiguration;
  return {
    names: (config?.alarms ?? []).map((a) => a.name).filter((n): n is string => typeof n === 'string'),
    enabled: config?.enabled === true,
    ignorePollAlarmFailure: config?.ignorePollAlarmFailure === true,
  };
}

async function readAlarms(clients: HookClients, names: string[], deadline: Deadline, log: Logger): Promise<AlarmStates> {
  const states: AlarmStates = new Map();
  for (let i = 0; i < names.length; i += 100) {
    const page = await callAws('cloudwatch:DescribeAlarms', (abortSignal) => clients.cloudwatch.send(new DescribeAlarmsCommand({
      AlarmNames: names.slice(i, i + 100), AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100,
    }), { abortSignal }), deadline, log);
    for (const a of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])]) {
      if (a.AlarmName) states.set(a.AlarmName, { state: a.StateValue, reason: a.StateReason });
    }
  }
  return states;
}

/**
 * The bake window after all traffic has moved: watches the deployment group's rollback alarms
 * every {@link ALARM_POLL_MS} for `seconds`, failing at once on ALARM. Fails closed if the
 * deadline ends the window early. With the group's alarms disabled (break-glass) or absent,
 * there is nothing to watch: it says so and passes.
 */
export async function bake(clients: HookClients, deployment: Deployment, seconds: number, deadline: Deadline, log: Logger): Promise<Verdict> {
  const watch = await readAlarmWatch(clients, deployment, deadline, log);
  if (!watch.enabled || watch.names.length === 0) {
    log.warn(watch.enabled ? 'no rollback alarms on the deployment group: nothing to watch during the bake window'
      : 'alarms are ignored during the bake window: the deployment group\'s alarm configuration is disabled', { alarmsIgnored: true, bakeSeconds: seconds });
    return { passed: true };
  }
  const plannedEnd = Date.now() + seconds * 1000;
  log.info('bake window started', { bakeSeconds: seconds, alarms: watch.names });
  const { signal, dispose } = deadline.signal();
  try {
    for (;;) {
      let verdict: Verdict;
      try {
        verdict = judgeAlarms(watch, await readAlarms(clients, watch.names, deadline, log), log);
      } catch (e) {
        if (!watch.ignorePollAlarmFailure) return { passed: false, reason: `could not read the rollback alarms: ${describeError(e)}` };
        log.warn('could not read the rollback alarms; ignored as the deployment group ignores alarm poll failures', { error: describeError(e) });
        verdict = { passed: true };
      }
      if (!verdict.passed) return verdict;
      const left = plannedEnd - Date.now();
      if (left <= 0) {
        log.info('bake window ended with no alarm', { bakeSeconds: seconds });
        return { passed: true };
      }
      if (deadline.remainingMs() < left) {
        return { passed: false, reason: `the bake window would end after the hook's deadline (${Math.ceil(left / 1000)} s left, ${Math.floor(deadline.remainingMs() / 1000)} s to the deadline)` };
      }
      await sleep(Math.min(ALARM_POLL_MS, left), signal);
    }
  } finally {
    dispose();
  }
}
