import { Token } from 'aws-cdk-lib';

/**
 * The rules of an AWS FIS zone-loss experiment, as plain values: durations, limits, actions and
 * targets. `ZoneLossExperiment` turns the plan into an experiment template.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html
 * @see https://docs.aws.amazon.com/fis/latest/userguide/targets.html
 */

/** FIS action durations run from one minute ... */
export const MIN_DURATION_SECONDS = 60;
/** ... to 12 hours (FIS actions reference; also the "Experiment duration in hours" quota). */
export const MAX_DURATION_SECONDS = 12 * 60 * 60;
/** FIS quota "Stop conditions per experiment template": 5, not adjustable. */
export const MAX_STOP_CONDITIONS = 5;
/** FIS quota "Resources per experiment target": 5 resource ARNs in one target. */
export const MAX_TARGET_RESOURCE_ARNS = 5;
/** CloudFormation: an experiment template's description is at most 512 characters. */
export const MAX_DESCRIPTION_LENGTH = 512;
/** CloudFormation: a tag value of an experiment template is at most 256 characters. */
export const MAX_TAG_VALUE_LENGTH = 256;

/** The FIS actions a zone-loss experiment runs. */
export const ZONE_LOSS_ACTION_IDS = {
  /** Clones the subnet's network ACL, adds deny rules, associates the clone for `duration`, then restores the original. */
  disruptConnectivity: 'aws:network:disrupt-connectivity',
  /** Runs ECS StopTask on every target task. */
  stopTask: 'aws:ecs:stop-task',
  /** Waits for `duration`: keeps the experiment, and its stop conditions, running while ECS replaces the tasks. */
  wait: 'aws:fis:wait',
} as const;

/** Names of the actions and targets in the template (stable: they are what the experiment log shows). */
export const ZONE_LOSS_NAMES = {
  disruptAction: 'DisruptZoneNetwork',
  stopAction: 'StopZoneTasks',
  waitAction: 'ObserveRecovery',
  subnetTarget: 'ZoneSubnets',
  taskTarget: 'ZoneTasks',
} as const;

/** One action of the plan, in the shape of `CfnExperimentTemplate.ExperimentTemplateActionProperty`. */
export interface PlannedAction {
  readonly actionId: string;
  readonly description: string;
  readonly parameters?: Record<string, string>;
  readonly targets?: Record<string, string>;
}

/** One target of the plan, in the shape of `CfnExperimentTemplate.ExperimentTemplateTargetProperty`. */
export interface PlannedTarget {
  readonly resourceType: string;
  readonly selectionMode: string;
  readonly resourceArns?: string[];
  readonly parameters?: Record<string, string>;
  readonly filters?: Array<{ readonly path: string; readonly values: string[] }>;
}

/** What to impair, and for how long. */
export interface ZoneLossInput {
  /** The Availability Zone (name, e.g. `eu-west-1a`; may be a token). */
  readonly zone: string;
  /** Deny all traffic in and out of `subnetArns` for the duration. */
  readonly disruptNetwork: boolean;
  /** Stop the service's tasks running in `zone` when the experiment starts. */
  readonly stopTasks: boolean;
  /** ARNs of the zone's subnets to disrupt (with `disruptNetwork`). */
  readonly subnetArns: string[];
  /** Name of the cluster whose tasks are stopped (with `stopTasks`). */
  readonly clusterName?: string;
  /** Name of the service whose tasks are stopped (with `stopTasks`). */
  readonly serviceName?: string;
  /** How long the zone stays impaired, in whole seconds. */
  readonly durationSeconds: number;
}

/** The actions and targets of a zone-loss experiment template. */
export interface ZoneLossPlan {
  readonly actions: Record<string, PlannedAction>;
  readonly targets: Record<string, PlannedTarget>;
}

/**
 * `seconds` as an ISO-8601 duration, the format FIS takes: `PT10M`, `PT1H30M`, `PT90S` is `PT1M30S`.
 */
export function isoDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 0) {
    throw new Error(`an ISO-8601 duration needs a whole, non-negative number of seconds, got ${seconds}`);
  }
  if (seconds === 0) return 'PT0S';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
}

/** Throws unless `seconds` is a whole number of seconds FIS accepts as an action duration (1 minute to 12 hours). */
export function validateExperimentDuration(prop: string, seconds: number): void {
  if (!Number.isInteger(seconds) || seconds < MIN_DURATION_SECONDS || seconds > MAX_DURATION_SECONDS) {
    throw new Error(`${prop} must be a whole number of seconds between ${MIN_DURATION_SECONDS} s (1 minute) and ${MAX_DURATION_SECONDS} s (12 hours), `
      + `the range FIS accepts for an action, got ${seconds} s; for example Duration.minutes(10)`);
  }
}

/** Throws unless at least one impairment is on. */
export function validateImpairments(disruptNetwork: boolean, stopTasks: boolean): void {
  if (!disruptNetwork && !stopTasks) {
    throw new Error('disruptNetwork and stopTasks are both false: the experiment would impair nothing. '
      + 'Leave at least one of them on (both are on by default)');
  }
}

/** Throws unless there are between 1 and 5 stop-condition alarms (FIS quota). */
export function validateStopConditionCount(prop: string, count: number): void {
  if (count < 1 || count > MAX_STOP_CONDITIONS) {
    throw new Error(`${prop} must list between 1 and ${MAX_STOP_CONDITIONS} alarms (FIS takes at most ${MAX_STOP_CONDITIONS} stop conditions per experiment template), got ${count}; `
      + (count < 1
        ? 'pass the alarms that show customer impact (for a MultiAzService: its regional 5xx-rate and p99-latency alarms)'
        : 'combine some of them into a cloudwatch.CompositeAlarm and pass that'));
  }
}

/** Throws unless there are between 1 and 5 subnets to disrupt (FIS quota of resource ARNs per target). */
export function validateSubnetCount(prop: string, count: number): void {
  if (count < 1 || count > MAX_TARGET_RESOURCE_ARNS) {
    throw new Error(`${prop} must list between 1 and ${MAX_TARGET_RESOURCE_ARNS} subnets of the impaired zone (FIS takes at most ${MAX_TARGET_RESOURCE_ARNS} resource ARNs per target), got ${count}; `
      + (count < 1 ? 'pass the zone\'s subnets, or set disruptNetwork: false' : 'split the experiment, or disrupt the subnets the service runs in only'));
  }
}

/** Throws when a literal `value` is longer than `max` characters. */
export function validateLength(prop: string, value: string, max: number): void {
  if (!Token.isUnresolved(value) && value.length > max) {
    throw new Error(`${prop} is ${value.length} characters long, more than the ${max} CloudFormation allows: '${value.slice(0, 60)}...'; pass a shorter one`);
  }
}

/** `text` cut to `max` characters, with an ellipsis when cut (tokens are left whole). */
export function truncate(text: string, max: number): string {
  if (Token.isUnresolved(text) || text.length <= max) return text;
  return `${text.slice(0, max - 3)}...`;
}

/** A human-readable duration: `10 min`, `1 h 30 min`, `90 s`. */
export function describeDuration(seconds: number): string {
  if (seconds % 60 !== 0) return `${seconds} s`;
  const h = Math.floor(seconds / 3600);
  const m = (seconds % 3600) / 60;
  return [h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ');
}

/** The template's description: what is impaired, where, for how long (at most 512 characters). */
export function describeZoneLoss(input: ZoneLossInput, subject: string): string {
  const what = [
    input.disruptNetwork ? `denies all traffic in and out of ${input.subnetArns.length} subnet(s) there` : '',
    input.stopTasks ? 'stops the service\'s tasks running there' : '',
  ].filter(Boolean).join(' and ');
  return truncate(`Zone loss of ${input.zone} for ${subject}: ${what}, for ${describeDuration(input.durationSeconds)}. `
    + 'Stops early when a customer-impact alarm fires.', MAX_DESCRIPTION_LENGTH);
}

/**
 * The actions and targets that impair one zone.
 *
 * - Network: `aws:network:disrupt-connectivity` with scope `all` on the zone's subnets (target type
 *   `aws:ec2:subnet`, by ARN) for the duration.
 * - Tasks: `aws:ecs:stop-task` on the service's tasks in the zone (target type `aws:ecs:task`,
 *   parameters `cluster` and `service`, filter `AvailabilityZone`), at the start. Without the
 *   network action, an `aws:fis:wait` of the duration keeps the experiment (and its stop
 *   conditions) running while ECS replaces the tasks.
 */
export function planZoneLoss(input: ZoneLossInput): ZoneLossPlan {
  validateImpairments(input.disruptNetwork, input.stopTasks);
  validateExperimentDuration('duration', input.durationSeconds);
  const duration = isoDuration(input.durationSeconds);
  const actions: Record<string, PlannedAction> = {};
  const targets: Record<string, PlannedTarget> = {};
  if (input.disruptNetwork) {
    validateSubnetCount('subnets', input.subnetArns.length);
    targets[ZONE_LOSS_NAMES.subnetTarget] = {
      resourceType: 'aws:ec2:subnet',
      resourceArns: [...input.subnetArns],
      selectionMode: 'ALL',
    };
    actions[ZONE_LOSS_NAMES.disruptAction] = {
      actionId: ZONE_LOSS_ACTION_IDS.disruptConnectivity,
      description: 'Deny all traffic in and out of the zone\'s subnets',
      parameters: { scope: 'all', duration },
      targets: { Subnets: ZONE_LOSS_NAMES.subnetTarget },
    };
  }
  if (input.stopTasks) {
    if (input.clusterName === undefined || input.serviceName === undefined) {
      throw new Error('stopTasks needs the cluster and the service whose tasks to stop: pass cluster and service, or set stopTasks: false');
    }
    targets[ZONE_LOSS_NAMES.taskTarget] = {
      resourceType: 'aws:ecs:task',
      parameters: { cluster: input.clusterName, service: input.serviceName },
      filters: [{ path: 'AvailabilityZone', values: [input.zone] }],
      selectionMode: 'ALL',
    };
    actions[ZONE_LOSS_NAMES.stopAction] = {
      actionId: ZONE_LOSS_ACTION_IDS.stopTask,
      description: 'Stop the service\'s tasks running in the zone',
      targets: { Tasks: ZONE_LOSS_NAMES.taskTarget },
    };
    if (!input.disruptNetwork) {
      actions[ZONE_LOSS_NAMES.waitAction] = {
        actionId: ZONE_LOSS_ACTION_IDS.wait,
        description: 'Keep the experiment and its stop conditions running while ECS replaces the stopped tasks',
        parameters: { duration },
      };
    }
  }
  return { actions, targets };
}
