import { Duration } from 'aws-cdk-lib';
import { CapacityPlan } from './capacity-plan';
import type { BreakGlassChoice } from './validation';
import { TrafficShift, TrafficShiftType } from '../traffic/traffic-shift';
import { ECS_HOOK_STAGES, ecsHookStages } from '../verification/ecs-hook/config';
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
  /** Checks after production traffic (POST_PRODUCTION_TRAFFIC_SHIFT); empty when none are declared. */
  readonly checksAfterTraffic: HttpCheck[];
  readonly alarms: AlarmSummary;
  /** The active break-glass switch, if any. */
  readonly breakGlass?: BreakGlassChoice;
  readonly zonalAutoshift: boolean;
  /** The expiry of a zonal shift an outlier alarm starts (ARC's `expiresIn`, e.g. `1h`), when on. */
  readonly zonalShiftOnOutlier?: string;
}

/** The rollback alarms of a service, by scope, and their evaluation window. */
export interface AlarmSummary {
  /** Load-balancer-wide alarms. */
  readonly regional: string[];
  /** Per target group: its label and alarm names. */
  readonly targetGroups: { readonly label: string; readonly names: string[] }[];
  /** Per-zone alarms. */
  readonly zonal: string[];
  /** Per-zone outlier alarms (one zone clearly worse than the others). */
  readonly zonalOutliers?: string[];
  readonly periodMinutes: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

/** The break-glass state in one line: `off`, or what is off and why. */
export function describeBreakGlass(bg?: BreakGlassChoice): string {
  if (!bg) return 'off';
  const off = [bg.ignoreAlarms ? 'alarms ignored' : '', bg.skipVerification ? 'verification skipped' : ''].filter(Boolean);
  return `ON (${off.join(', ')}): ${bg.reason}`;
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
  const ignoreAlarms = s.breakGlass?.ignoreAlarms ?? false;
  const rollsBack = ignoreAlarms ? 'circuit breaker rolls back (deployment alarms off: break-glass)' : 'circuit breaker and deployment alarms roll back';
  if (s.rolling) {
    lines.push(`  deployment: ECS rolling update, min healthy 100%, max 200%, ${rollsBack}`);
    lines.push('  verification: none (rolling updates have no test-traffic stage)');
  } else {
    lines.push(
      `  deployment: ECS native ${strategyName(s.trafficShift)}, ${s.trafficShift.describe()}; ` +
        `bake ${s.bakeTime.toMinutes()} min; ${rollsBack}`,
    );
    if (s.breakGlass?.skipVerification) {
      lines.push('  verification: skipped (break-glass): no hook, the new revision gets production traffic unchecked');
    } else {
      lines.push(`  verification hook (${ECS_HOOK_STAGES.join(', ')}): a healthy new task in every zone, then on every new task:`);
      for (const check of s.checks) lines.push(`    - ${describeCheck(check)}`);
      if (s.checksAfterTraffic.length > 0) {
        const stage = ecsHookStages(true).filter((st) => !ECS_HOOK_STAGES.includes(st)).join(', ');
        lines.push(`  after production traffic (${stage}): on every new task:`);
        for (const check of s.checksAfterTraffic) lines.push(`    - ${describeCheck(check)}`);
      }
    }
  }
  const a = s.alarms;
  const outliers = a.zonalOutliers ?? [];
  const count = a.regional.length + a.targetGroups.reduce((n, tg) => n + tg.names.length, 0) + a.zonal.length + outliers.length;
  const watch = ignoreAlarms
    ? 'NOT watched by ECS during this deployment (break-glass)'
    : `any in ALARM rolls the deployment back; ${a.datapointsToAlarm} of ${a.evaluationPeriods} periods of ${a.periodMinutes} min breaching, so at the earliest ${a.datapointsToAlarm * a.periodMinutes} min after a fault starts`;
  lines.push(`  rollback alarms (${count}; ${watch}):`);
  lines.push('    load balancer (5xx rate, p99 latency, unhealthy targets):');
  for (const name of a.regional) lines.push(`      - ${name}`);
  for (const tg of a.targetGroups) {
    lines.push(`    target group ${tg.label} (error rate and p99 latency of the revision it serves):`);
    for (const name of tg.names) lines.push(`      - ${name}`);
  }
  if (a.zonal.length > 0) {
    lines.push('    per zone (5xx rate, p99 latency):');
    for (const name of a.zonal) lines.push(`      - ${name}`);
  }
  if (outliers.length > 0) {
    lines.push('    per zone, against the other zones (5xx rate and p99 latency outliers):');
    for (const name of outliers) lines.push(`      - ${name}`);
  }
  const onOutlier = s.zonalShiftOnOutlier ? ` (an outlier alarm starts one, expiring after ${s.zonalShiftOnOutlier})` : '';
  lines.push(`  zonal shift: enabled${onOutlier}; zonal autoshift: ${s.zonalAutoshift ? 'on, with practice runs' : 'off'}`);
  lines.push(`  break-glass: ${describeBreakGlass(s.breakGlass)}`);
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
