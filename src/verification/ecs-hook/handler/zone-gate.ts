/** A target of the new revision's target group, as DescribeTargetHealth reports it. */
export interface Target {
  /** IP address of the task. */
  readonly ip: string;
  readonly port: number;
  /** Availability Zone of the target; undefined while unknown. */
  readonly zone?: string;
  /** Where the zone came from: DescribeTargetHealth, the task subnet, or ECS DescribeTasks. */
  readonly zoneSource?: 'elb' | 'subnet' | 'ecs';
  /** `initial`, `healthy`, `unhealthy`, `draining`, `unused`, `unavailable`, ... */
  readonly state: string;
  /** ELB's reason code for a state other than healthy. */
  readonly reason?: string;
}

/** How the zones of the new revision stand. */
export interface ZoneGateResult {
  /** `open`: every zone has a healthy target; `wait`: not yet, within the budget; `closed`: budget spent. */
  readonly status: 'open' | 'wait' | 'closed';
  /** Zone -> number of healthy targets, for every configured zone. */
  readonly healthyByZone: Record<string, number>;
  /** Configured zones without a healthy target. */
  readonly missingZones: string[];
  /** The healthy targets (in any zone) the checks must probe. */
  readonly healthy: Target[];
  /** Seconds left of the budget (0 when closed). */
  readonly secondsLeft: number;
  /** Why the gate is not open, naming each missing zone and the states seen there. */
  readonly reason?: string;
}

/** Input of the zone gate. */
export interface ZoneGateInput {
  readonly targets: readonly Target[];
  readonly zones: readonly string[];
  /** When the hook first looked at this deployment (epoch ms). */
  readonly firstSeenAt: number;
  readonly now: number;
  readonly budgetSeconds: number;
}

function statesIn(targets: readonly Target[], zone: string): string {
  const here = targets.filter((t) => t.zone === zone);
  if (here.length === 0) return 'no target';
  return here.map((t) => `${t.ip}:${t.port} ${t.state}${t.reason ? ` (${t.reason})` : ''}`).join(', ');
}

/**
 * Every configured zone must have at least one healthy target of the new revision before
 * production traffic: until the budget is spent the gate waits, then it closes (fail closed).
 */
export function evaluateZoneGate(input: ZoneGateInput): ZoneGateResult {
  const healthy = input.targets.filter((t) => t.state === 'healthy');
  const healthyByZone: Record<string, number> = {};
  for (const zone of input.zones) healthyByZone[zone] = healthy.filter((t) => t.zone === zone).length;
  const missingZones = input.zones.filter((zone) => healthyByZone[zone] === 0);
  const elapsedSeconds = Math.max(0, (input.now - input.firstSeenAt) / 1000);
  const secondsLeft = Math.max(0, Math.ceil(input.budgetSeconds - elapsedSeconds));
  if (missingZones.length === 0) return { status: 'open', healthyByZone, missingZones, healthy, secondsLeft };
  const detail = missingZones.map((zone) => `${zone}: ${statesIn(input.targets, zone)}`).join('; ');
  if (secondsLeft === 0) {
    return {
      status: 'closed',
      healthyByZone,
      missingZones,
      healthy,
      secondsLeft,
      reason: `no healthy target of the new revision in ${missingZones.join(', ')} after ${input.budgetSeconds} s (${detail})`,
    };
  }
  return {
    status: 'wait',
    healthyByZone,
    missingZones,
    healthy,
    secondsLeft,
    reason: `waiting for a healthy target in ${missingZones.join(', ')} (${detail}); ${secondsLeft} s left`,
  };
}
