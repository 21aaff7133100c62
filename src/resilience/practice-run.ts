import { Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';

/**
 * Alarms a composite alarm may combine. ARC takes exactly one outcome and one blocking alarm, so
 * several are combined into a composite alarm, whose rule refers to at most 100 alarms.
 */
export const MAX_PRACTICE_RUN_ALARMS = 100;
/** ARC accepts at most 15 blocked dates and 15 blocked windows per practice-run configuration. */
export const MAX_BLOCKED_ENTRIES = 15;
/** CloudWatch: a composite alarm's rule is at most 10,240 characters. */
export const MAX_COMPOSITE_ALARM_RULE_LENGTH = 10_240;
/** CloudWatch: an alarm name is at most 255 characters. */
const MAX_ALARM_NAME_LENGTH = 255;
/** An AWS account ID has 12 digits. */
const ACCOUNT_ID_LENGTH = 12;

/** The lengths of the parts of an alarm ARN that depend on where the stack is deployed. */
export interface AlarmArnEnvironment {
  readonly partitionLength: number;
  readonly regionLength: number;
  readonly accountLength: number;
}

/**
 * The parts of alarm ARNs in a stack deployed to `region` and `account` (either may be a token or
 * undefined, for environment-agnostic stacks): the concrete lengths where known, else the longest
 * partition and region names aws-cdk-lib knows of.
 */
export function alarmArnEnvironment(region?: string, account?: string): AlarmArnEnvironment {
  const regions = RegionInfo.regions;
  const concreteRegion = region !== undefined && !Token.isUnresolved(region) ? region : undefined;
  const partition = concreteRegion ? RegionInfo.get(concreteRegion).partition : undefined;
  return {
    partitionLength: partition ? partition.length : Math.max(...regions.map((r) => (r.partition ?? '').length)),
    regionLength: concreteRegion ? concreteRegion.length : Math.max(...regions.map((r) => r.name.length)),
    accountLength: account !== undefined && !Token.isUnresolved(account) ? account.length : ACCOUNT_ID_LENGTH,
  };
}

/**
 * The length of an alarm's ARN as deployed: `arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>`.
 * An unknown name (a token) counts at CloudWatch's 255 characters.
 */
export function alarmArnLength(env: AlarmArnEnvironment, nameLength: number = MAX_ALARM_NAME_LENGTH): number {
  return 'arn:'.length + env.partitionLength + ':cloudwatch:'.length + env.regionLength + 1 + env.accountLength + ':alarm:'.length + nameLength;
}

/**
 * The length of the rule `AlarmRule.anyOf(...)` renders over alarms whose ARNs have `arnLengths`
 * characters: `(ALARM("<arn>") OR ALARM("<arn>") ...)`.
 */
export function anyOfRuleLength(arnLengths: number[]): number {
  const operands = arnLengths.reduce((sum, arn) => sum + 'ALARM("'.length + arn + '")'.length, 0);
  return '('.length + operands + ' OR '.length * Math.max(0, arnLengths.length - 1) + ')'.length;
}

/**
 * Throws unless a composite alarm `compositeName` over alarms with `arnLengths` (as deployed, longest
 * case) fits CloudWatch's 10,240-character rule limit.
 *
 * @param prop the prop that lists the alarms, named in the message
 * @param unknownNames how many of the alarms have no literal name (counted at 255 characters)
 */
export function validateCompositeRuleLength(prop: string, compositeName: string, arnLengths: number[], unknownNames: number): void {
  const length = anyOfRuleLength(arnLengths);
  if (length > MAX_COMPOSITE_ALARM_RULE_LENGTH) {
    const unknown = unknownNames > 0 ? `, ${unknownNames} of them without a literal alarmName and so counted at ${MAX_ALARM_NAME_LENGTH} characters` : '';
    throw new Error(`${prop}: the rule of the composite alarm ${compositeName} over ${arnLengths.length} alarms can reach ${length} characters once deployed `
      + `(each alarm by its full ARN${unknown}); CloudWatch allows at most ${MAX_COMPOSITE_ALARM_RULE_LENGTH}. `
      + 'Give the alarms literal, shorter alarmName values, list fewer, or combine some into a composite alarm of your own');
  }
}

const DAY = '(Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const TIME = '([01][0-9]|2[0-3]):[0-5][0-9]';
const BLOCKED_WINDOW = new RegExp(`^${DAY}:${TIME}-${DAY}:${TIME}$`);
const BLOCKED_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Throws unless `outcomeCount` outcome alarms and `blockingCount` blocking alarms (the
 * deployment-in-progress alarm included) fit in one composite alarm each.
 */
export function validatePracticeRunAlarms(outcomeCount: number, blockingCount: number): void {
  if (outcomeCount < 1 || outcomeCount > MAX_PRACTICE_RUN_ALARMS) {
    throw new Error(`outcomeAlarms must list between 1 and ${MAX_PRACTICE_RUN_ALARMS} alarms (they end a practice run when they go into ALARM; several are combined into one composite alarm), got ${outcomeCount}; pass the service's regional rollback alarms`);
  }
  if (blockingCount > MAX_PRACTICE_RUN_ALARMS) {
    throw new Error(`blockingAlarms may list at most ${MAX_PRACTICE_RUN_ALARMS - 1} alarms (a composite alarm combines at most ${MAX_PRACTICE_RUN_ALARMS}, one is the deployment-in-progress alarm), got ${blockingCount - 1}; combine some into a composite alarm of your own`);
  }
}

/** Throws unless every date is a real calendar date written `YYYY-MM-DD` (UTC), as ARC expects. */
export function validateBlockedDates(dates: string[]): void {
  validateBlockedCount('blockedDates', dates.length);
  for (const date of dates) {
    if (Token.isUnresolved(date)) continue;
    const match = BLOCKED_DATE.exec(date);
    const parsed = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
    if (!match || !parsed || parsed.getUTCMonth() !== Number(match[2]) - 1 || parsed.getUTCDate() !== Number(match[3])) {
      throw new Error(`blockedDates must be calendar dates written YYYY-MM-DD (UTC), got '${date}'; for example '2026-12-24'`);
    }
  }
}

/** Throws unless every window is written `Day:HH:MM-Day:HH:MM` (UTC, days Mon..Sun), as ARC expects. */
export function validateBlockedWindows(windows: string[]): void {
  validateBlockedCount('blockedWindows', windows.length);
  for (const window of windows) {
    if (Token.isUnresolved(window)) continue;
    if (!BLOCKED_WINDOW.test(window)) {
      throw new Error(`blockedWindows must be written Day:HH:MM-Day:HH:MM in UTC with days Mon..Sun, got '${window}'; for example 'Fri:16:00-Mon:08:00'`);
    }
  }
}

function validateBlockedCount(prop: string, count: number): void {
  if (count > MAX_BLOCKED_ENTRIES) {
    throw new Error(`${prop} may list at most ${MAX_BLOCKED_ENTRIES} entries (ARC's limit), got ${count}; drop past or overlapping entries`);
  }
}
