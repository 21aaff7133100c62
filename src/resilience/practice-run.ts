import { Token } from 'aws-cdk-lib';

/**
 * Alarms a composite alarm may combine. ARC takes exactly one outcome and one blocking alarm, so
 * several are combined into a composite alarm, whose rule refers to at most 100 alarms.
 */
export const MAX_PRACTICE_RUN_ALARMS = 100;
/** ARC accepts at most 15 blocked dates and 15 blocked windows per practice-run configuration. */
export const MAX_BLOCKED_ENTRIES = 15;

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
