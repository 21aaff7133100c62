import { Token } from 'aws-cdk-lib';
import { MIN_ZONES, requireZoneCount } from './capacity';

/** Zones a service spans when `zones` is not set. */
export const DEFAULT_ZONES = 3;

/** Where the candidate zones come from, for messages. */
export enum ZoneSource {
  /** The zones the stack's environment shows (default VPC). */
  STACK = 'STACK',
  /** The zones of the private subnets of the VPC the user passed. */
  VPC = 'VPC',
}

/** The zones a service will use. */
export interface ZoneChoice {
  /** Zone names (tokens in environment-agnostic stacks), in the order they were offered. */
  readonly zones: string[];
  /** Why fewer zones than requested are used, when that happens without an error. */
  readonly warning?: string;
}

/**
 * Chooses the zones of a service among `candidates`.
 *
 * - `requested` below 2 (or not whole) is an error.
 * - Concrete candidates: an explicit `requested` above their count is an error; the default (3)
 *   falls back to what exists (at least 2) with a warning.
 * - Token candidates (an environment-agnostic stack sees two): the service plans for those, with
 *   a warning explaining how to get more.
 */
export function chooseZones(requested: number | undefined, candidates: string[], source: ZoneSource): ZoneChoice {
  if (requested !== undefined) requireZoneCount(requested);
  const wanted = requested ?? DEFAULT_ZONES;
  const distinct = dedupe(candidates);
  const agnostic = distinct.some((z) => Token.isUnresolved(z));

  if (distinct.length < MIN_ZONES) {
    throw new Error(`${where(source)} only ${distinct.length} Availability Zone(s) (${distinct.join(', ') || 'none'}); a MultiAzService needs at least ${MIN_ZONES}. ${fix(source)}`);
  }
  if (wanted <= distinct.length) {
    return { zones: distinct.slice(0, wanted) };
  }
  if (agnostic) {
    return {
      zones: distinct,
      warning:
        `The stack is environment-agnostic, so only ${distinct.length} Availability Zones are visible at synth: the service spans ` +
        `${distinct.length} zones and its capacity is planned for ${distinct.length}, not ${wanted}. To spread over ${wanted} zones, ` +
        'bind the stack to an environment (env: { account, region }) so CDK can look the zones up.',
    };
  }
  if (requested !== undefined || source === ZoneSource.VPC) {
    throw new Error(`zones is ${wanted} but ${where(source)} only ${distinct.length} Availability Zones (${distinct.join(', ')}). ${fix(source)}`);
  }
  return {
    zones: distinct,
    warning: `The region shows only ${distinct.length} Availability Zones (${distinct.join(', ')}): the service spans ${distinct.length} zones instead of ${DEFAULT_ZONES}. Set zones: ${distinct.length} to acknowledge.`,
  };
}

function where(source: ZoneSource): string {
  return source === ZoneSource.VPC ? 'the vpc has private subnets in' : "the stack's region shows";
}

function fix(source: ZoneSource): string {
  return source === ZoneSource.VPC
    ? 'Pass a vpc with private subnets (with egress) in at least that many zones, or lower zones.'
    : 'Lower zones, or deploy to a region with more Availability Zones.';
}

function dedupe(values: string[]): string[] {
  return values.filter((v, i) => values.indexOf(v) === i);
}
