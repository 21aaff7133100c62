import { Duration } from 'aws-cdk-lib';
import { CapacityPlan } from './capacity-plan';
import { TrafficShift, TrafficShiftType } from '../traffic/traffic-shift';
import { ECS_HOOK_STAGES } from '../verification/ecs-hook/config';
import { HttpCheck } from '../verification/http-check';
import { resolveHttpCheck } from '../verification/http-check-spec';

/** What `describeService` prints. */
export interface ServiceSummary {
  readonly path: string;
  /** Zone names, or their rendered form in an environment-agnostic stack. */
  readonly zones: unknown[];
  readonly capacity: CapacityPlan;
  readonly rolling: boolean;
  readonly trafficShift: TrafficShift;
  readonly bakeTime: Duration;
  readonly checks: HttpCheck[];
  readonly alarmNames: string[];
  readonly zonalAutoshift: boolean;
}

/**
 * A multi-line description of a service's deployment-time behaviour: zones, capacity plan,
 * deployment plan, verification, rollback alarms, zonal shift.
 */
export function describeService(s: ServiceSummary): string {
  const c = s.capacity;
  const zoneNames = s.zones.map((z) => (typeof z === 'string' ? z : JSON.stringify(z)));
  const lines = [
    `MultiAzService ${s.path}`,
    `  zones (${c.zones}): ${zoneNames.join(', ')}`,
    `  capacity: baseline ${c.baselineTasks} task(s) -> ${c.minimumTasks} running (${c.tasksPerZone} per zone), ` +
      `${c.tasksAfterZoneLoss} left after losing a zone; autoscaling ${c.minimumTasks}-${c.maximumTasks}`,
  ];
  if (s.rolling) {
    lines.push('  deployment: ECS rolling update, min healthy 100%, max 200%, circuit breaker with rollback, deployment alarms roll back');
    lines.push('  verification: none (rolling updates have no test-traffic stage)');
  } else {
    lines.push(
      `  deployment: ECS native ${strategyName(s.trafficShift)}, ${s.trafficShift.describe()}; ` +
        `bake ${s.bakeTime.toMinutes()} min; circuit breaker and deployment alarms roll back`,
    );
    lines.push(`  verification hook (${ECS_HOOK_STAGES.join(', ')}): a healthy new task in every zone, then on every new task:`);
    for (const check of s.checks) lines.push(`    - ${describeCheck(check)}`);
  }
  lines.push(`  rollback alarms (${s.alarmNames.length}):`);
  for (const name of s.alarmNames) lines.push(`    - ${name}`);
  lines.push(`  zonal shift: enabled; zonal autoshift: ${s.zonalAutoshift ? 'on, with practice runs' : 'off'}`);
  return lines.join('\n');
}

function strategyName(plan: TrafficShift): string {
  switch (plan.type) {
    case TrafficShiftType.CANARY:
      return 'canary';
    case TrafficShiftType.LINEAR:
      return 'linear';
    default:
      return 'blue/green';
  }
}

function describeCheck(check: HttpCheck): string {
  const spec = resolveHttpCheck(check);
  const parts = [`${spec.name}: ${spec.method} ${spec.path} -> ${spec.expectStatus}`];
  if (check.bodyContains !== undefined) parts.push(`body contains ${JSON.stringify(check.bodyContains)}`);
  if (check.maxLatency !== undefined) parts.push(`within ${check.maxLatency.toHumanString()}`);
  return parts.join(', ');
}
