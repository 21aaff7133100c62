import type { Target } from './zone-gate';
import type { SubnetZone } from '../contract';

/** Where a target's zone came from. */
export type ZoneSource = 'elb' | 'subnet' | 'ecs';

function ipv4(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

/** Whether IPv4 address `ip` lies in `cidr` (`a.b.c.d/n`). */
export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const address = ipv4(ip);
  const network = ipv4(base);
  const prefix = Number(bits);
  if (address === undefined || network === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return false;
  const size = 2 ** (32 - prefix);
  return Math.floor(address / size) === Math.floor(network / size);
}

/** The zone of the subnet that holds `ip`, if exactly one configured subnet zone does. */
export function zoneFromSubnets(ip: string, subnets: readonly SubnetZone[]): string | undefined {
  const zones = new Set(subnets.filter((s) => inCidr(ip, s.cidr)).map((s) => s.zone));
  return zones.size === 1 ? [...zones][0] : undefined;
}

/**
 * Fills in each target's zone: the one DescribeTargetHealth reports (`Target.AvailabilityZone`,
 * unless it is `all`), else the zone of the task subnet that holds its address, else the zone ECS
 * reports for the task with that address (`taskZones`, when given). A target whose zone stays
 * unknown counts for no zone.
 */
export function assignZones(targets: readonly Target[], subnets: readonly SubnetZone[], taskZones?: ReadonlyMap<string, string>): Target[] {
  return targets.map((t) => {
    if (t.zone && t.zone !== 'all') return { ...t, zoneSource: t.zoneSource ?? 'elb' };
    const fromSubnet = zoneFromSubnets(t.ip, subnets);
    if (fromSubnet) return { ...t, zone: fromSubnet, zoneSource: 'subnet' };
    const fromTask = taskZones?.get(t.ip);
    if (fromTask) return { ...t, zone: fromTask, zoneSource: 'ecs' };
    return { ...t, zone: undefined, zoneSource: undefined };
  });
}
