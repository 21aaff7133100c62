/**
 * What the desired-count custom resource answers, as pure functions over plain values: the
 * properties CloudFormation sends, the running service and its scalable target.
 */

/** Name of the attribute (`Fn::GetAtt`) of `Custom::ServiceDesiredCount` that carries the count. */
export const DESIRED_COUNT_ATTRIBUTE = 'DesiredCount';

/** The properties of the `Custom::ServiceDesiredCount` resource that the handler reads. */
export interface DesiredCountProperties {
  /** Logical ID of the `AWS::ECS::Service` in the same stack. */
  readonly serviceLogicalId: string;
  /** Name of the cluster the service runs in. */
  readonly cluster: string;
  /** The capacity plan's statically stable count: a new service starts with it, a running one never goes below it. */
  readonly floor: number;
  /** The capacity plan's ceiling of autoscaling. */
  readonly maximum: number;
}

/** The running service, as ECS DescribeServices reports it. */
export interface RunningService {
  /** `ACTIVE`, `DRAINING` or `INACTIVE`. */
  readonly status: string;
  readonly desiredCount: number;
}

/** The service's Application Auto Scaling target, as DescribeScalableTargets reports it. */
export interface ScalableRange {
  readonly minCapacity: number;
  readonly maxCapacity: number;
}

/** The count to write into the service's `DesiredCount`, and why. */
export interface DesiredCountDecision {
  readonly desiredCount: number;
  readonly reason: string;
}

/** Thrown for properties the handler cannot use; the resource then fails with this message. */
export class InvalidProperties extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidProperties';
  }
}

/**
 * Reads the resource's properties. CloudFormation passes every property value of a custom
 * resource to its provider as a string, so numbers arrive as `"6"`.
 */
export function parseProperties(properties: unknown): DesiredCountProperties {
  if (typeof properties !== 'object' || properties === null) throw new InvalidProperties('ResourceProperties is missing');
  const p = properties as Record<string, unknown>;
  const text = (key: string): string => {
    const v = p[key];
    if (typeof v !== 'string' || v === '') throw new InvalidProperties(`${key} must be a non-empty string, got ${JSON.stringify(v)}`);
    return v;
  };
  const count = (key: string): number => {
    const v = p[key];
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < 1) throw new InvalidProperties(`${key} must be a whole number of at least 1, got ${JSON.stringify(v)}`);
    return n;
  };
  const floor = count('Floor');
  const maximum = count('Maximum');
  if (maximum < floor) throw new InvalidProperties(`Maximum (${maximum}) is below Floor (${floor})`);
  return { serviceLogicalId: text('ServiceLogicalId'), cluster: text('Cluster'), floor, maximum };
}

/** The service name at the end of an ECS service ARN (`.../service/<cluster>/<name>` or the older `.../service/<name>`). */
export function serviceNameOf(serviceArn: string): string {
  const name = serviceArn.split('/').pop() ?? '';
  if (!serviceArn.includes(':service/') || name === '') throw new Error(`not an ECS service ARN: ${serviceArn}`);
  return name;
}

/** The Application Auto Scaling resource ID of an ECS service: `service/<cluster>/<service>`. */
export function scalableResourceId(cluster: string, serviceArn: string): string {
  return `service/${cluster}/${serviceNameOf(serviceArn)}`;
}

/**
 * The desired count for the service on this deployment.
 *
 * - No running service (it does not exist yet, or ECS reports it `DRAINING`/`INACTIVE`): the
 *   floor, so a new service starts with its full statically stable count.
 * - A running service: `max(floor, its desired count, its scalable target's minimum)`, capped at
 *   `max(maximum, its scalable target's maximum)`. A deployment therefore never lowers the count of
 *   a scaled-out service, a raised plan takes effect at once, and a ceiling raised outside the
 *   template (e.g. by a scheduled action) is respected.
 */
export function decideDesiredCount(props: DesiredCountProperties, service?: RunningService, scalable?: ScalableRange): DesiredCountDecision {
  const { floor, maximum } = props;
  if (service === undefined) {
    return { desiredCount: floor, reason: `the service does not exist yet: it starts with the statically stable count ${floor}` };
  }
  if (service.status !== 'ACTIVE') {
    return { desiredCount: floor, reason: `the service is ${service.status}, no tasks to keep: the statically stable count ${floor}` };
  }
  const ceiling = Math.max(maximum, scalable?.maxCapacity ?? 0);
  const wanted = Math.max(floor, service.desiredCount, scalable?.minCapacity ?? 0);
  const desiredCount = Math.min(wanted, ceiling);
  const parts = [`floor ${floor}`, `running service's desired count ${service.desiredCount}`];
  if (scalable) parts.push(`scalable target ${scalable.minCapacity}-${scalable.maxCapacity}`);
  else parts.push('no scalable target');
  const capped = wanted > ceiling ? `, capped at ${ceiling}` : '';
  return { desiredCount, reason: `max of ${parts.join(', ')}${capped}` };
}
